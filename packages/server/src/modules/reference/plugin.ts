import type { RoutePlugin } from '../../http/context.ts';
import { referenceRoutes } from './routes/reference.ts';
import { regionRoutes } from './routes/regions.ts';

/** Reference data (regions, authorities, catalogues, categories); loaded at start by load.ts. */
export const referenceModule: RoutePlugin = async (app, deps) => {
  await referenceRoutes(app, deps);
  await regionRoutes(app, deps);
};
