import type { RoutePlugin } from '../../http/context.ts';
import { publicReportRoutes } from './routes/public.ts';
import { reportRoutes } from './routes/reports.ts';

/**
 * Public and worker hazard reports (issue 18): the public pages' API (poster site, report, tracking),
 * handling by the authority of the place (hazards through create-hazard), the audited reveal of a
 * reporter, site posters with QR codes, participation figures; overdue handling escalates (overdue.ts).
 */
export const publicReportsModule: RoutePlugin = async (app, deps) => {
  await publicReportRoutes(app, deps);
  await reportRoutes(app, deps);
};
