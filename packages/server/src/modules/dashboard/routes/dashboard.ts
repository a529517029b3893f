import { Dashboard, DashboardQuery } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { ONLINE_MINUTES } from '../build-dashboard.ts';
import { sharedDashboard } from '../shared-dashboard.ts';
import { dashboardWorkbook } from '../export.ts';

const tags = ['dashboard'];
const errors = ERROR_RESPONSES;
const about = `Figures shared for DASHBOARD_CACHE_SECONDS by callers who see the same ones (asOf says when they were read). Every figure is read from a rollup (hazards: hazard_monthly / hazard_daily / hazard_monthly_groups / hazard_owing; inspections: inspection_daily) or a small indexed count, scoped to the caller's jurisdiction; regionCode must lie inside it (else 404, like a missing region). Hazard figures are of the hazards found in the period; overdue is as of now. A device is online when seen within ${ONLINE_MINUTES} minutes.`;

/** GET /api/dashboard (JSON) and GET /api/dashboard.xlsx (the same figures as a workbook). */
export const dashboardRoutes: RoutePlugin = async (app, deps) => {
  app.get(
    '/api/dashboard',
    {
      schema: {
        tags,
        summary:
          'Jurisdiction dashboard: key figures of a region for a period, per child region, trend and top modules',
        description: about,
        querystring: DashboardQuery,
        response: { 200: Dashboard, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'dashboard');
      return sharedDashboard(deps, actor, req.query);
    },
  );

  app.get(
    '/api/dashboard.xlsx',
    {
      schema: {
        tags,
        summary: 'The dashboard figures as an Excel workbook (overview, child regions, trend, top modules)',
        description: about,
        querystring: DashboardQuery,
        // The workbook itself is described by http/openapi.ts (*.xlsx); a region outside the
        // jurisdiction is a 404 like the JSON route's.
        response: { ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'export', 'dashboard');
      const file = await dashboardWorkbook(await sharedDashboard(deps, actor, req.query));
      reply.header('content-type', file.contentType);
      reply.header('content-disposition', file.disposition);
      reply.header('cache-control', 'no-store');
      return reply.send(file.body as never); // the workbook; the declared schemas are the errors
    },
  );
};
