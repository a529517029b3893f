import type { RoutePlugin } from '../../http/context.ts';
import { hazardListRoutes } from './routes/list.ts';
import { hazardRoutes } from './routes/hazard.ts';
import { hazardEvidenceRoutes } from './routes/evidence.ts';

/**
 * Hazards from report to closure: the rectification list (with export and figures), one hazard's
 * detail and lifecycle actions, and its evidence. The overdue escalation job is
 * overdue-escalation.ts; the one way to create a hazard is create-hazard.ts.
 */
export const hazardsModule: RoutePlugin = async (app, deps) => {
  await hazardListRoutes(app, deps);
  await hazardRoutes(app, deps);
  await hazardEvidenceRoutes(app, deps);
};
