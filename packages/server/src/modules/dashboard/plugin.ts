import type { RoutePlugin } from '../../http/context.ts';
import { dashboardRoutes } from './routes/dashboard.ts';

/**
 * The jurisdiction dashboard (issue 15): one region's figures for a period, per child region for
 * drill-down, a trend and where problems concentrate — as JSON and as an Excel workbook. Figures
 * are read from rollups (build-dashboard.ts); the web app's big-screen mode uses the same endpoint.
 */
export const dashboardModule: RoutePlugin = async (app, deps) => {
  await dashboardRoutes(app, deps);
};
