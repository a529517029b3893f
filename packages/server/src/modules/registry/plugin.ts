import type { RoutePlugin } from '../../http/context.ts';
import type { KindSchemas, RegistryKind } from './kind.ts';
import { enterprises } from './enterprises.ts';
import { projects } from './projects.ts';
import { sites } from './sites.ts';
import { workers } from './workers.ts';
import { certificates } from './certificates.ts';
import { equipment } from './equipment.ts';
import { recordRoutes } from './routes/records.ts';
import { sheetRoutes } from './routes/sheets.ts';
import { workerIdNumberRoutes } from './routes/worker-id-number.ts';

/** Every kind gets the same routes: its records (list, detail, create, edit) and its sheets. */
const kindRoutes = <S extends KindSchemas>(kind: RegistryKind<S>): RoutePlugin[] => [
  recordRoutes(kind),
  sheetRoutes(kind),
];

const resources: RoutePlugin[] = [
  ...kindRoutes(enterprises),
  ...kindRoutes(projects),
  ...kindRoutes(sites),
  ...kindRoutes(workers),
  ...kindRoutes(certificates),
  ...kindRoutes(equipment),
  workerIdNumberRoutes,
];

/** The registry module: the generic routes of each kind, then the workers' own. */
export const registryModule: RoutePlugin = async (app, deps) => {
  for (const routes of resources) await routes(app, deps);
};
