import type { RoutePlugin } from '../../http/context.ts';
import { reportRoutes } from './routes/reports.ts';

/**
 * Periodic reports (issue 15): a jurisdiction's monthly, quarterly and yearly report as PDF (with
 * charts) and Excel, from the dashboard's rollups — generated on demand (POST /api/reports) or by
 * the scheduled job `periodic-reports` (scheduled.ts) after each period closes; numbered per
 * jurisdiction and year, kept with their figures and file hashes; leaders' and administrators' only.
 */
export const reportsModule: RoutePlugin = async (app, deps) => {
  await reportRoutes(app, deps);
};
