import {
  HazardExportQuery,
  HazardStats,
  HazardStatsQuery,
  HazardSummary,
  Page,
  RectificationQuery,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { listHazardRows } from '../repo.ts';
import { summaryOf } from '../presenters.ts';
import { hazardStats } from '../stats.ts';
import { HAZARD_EXPORT_LIMIT, hazardExportRows, hazardSheet } from '../export.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

const tags = ['hazards'];
const errors = ERROR_RESPONSES;

/**
 * Hazards as a list: the rectification work list, the same list as a spreadsheet, and its figures.
 * (The plain hazard list GET /api/hazards belongs to the inspections feature.)
 */
export const hazardListRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/hazards/rectification',
    {
      schema: {
        tags,
        summary: 'Rectification work list: hazards with deadlines, overdue and listing filters',
        querystring: RectificationQuery,
        response: { 200: Page(HazardSummary), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'hazard');
      const now = deps.now();
      const page = await listHazardRows(db, actor, req.query, now);
      return { ...page, items: page.items.map((r) => summaryOf(r, now)) };
    },
  );

  app.get(
    '/api/hazards/export',
    {
      schema: {
        tags,
        summary: 'Export the hazard list (CSV or Excel) with the same filters, sort and scope as the list',
        description: `Takes the filters of GET /api/hazards/rectification (without paging) and format=csv|xlsx (default csv; CSV is UTF-8 with a BOM so Excel opens it). At most ${HAZARD_EXPORT_LIMIT} rows: a larger result answers 400 EXPORT_TOO_LARGE — narrow the filters. Cells that Excel would run as formulas are written as text. Errors are the usual { error: { code, message, field } }.`,
        querystring: HazardExportQuery,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      // Whoever may list hazards may export the list; which rows is the list's own scoping.
      authorize(actor, 'read', 'hazard');
      const { format = 'csv', ...filters } = req.query;
      const rows = await hazardExportRows(db, actor, filters, deps.now());
      const file = await hazardSheet(rows, format, deps.config.TIME_ZONE, deps.today());
      reply.header('content-type', file.contentType);
      reply.header('content-disposition', file.disposition);
      reply.header('cache-control', 'no-store');
      return reply.send(file.body);
    },
  );

  app.get(
    '/api/hazards/stats',
    {
      schema: {
        tags,
        summary:
          'Rectification rate (closed / found, overall and on time), overdue and open major hazards — total and by region, enterprise, project, module or inspector',
        querystring: HazardStatsQuery,
        response: { 200: HazardStats, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'stats', 'hazard');
      return hazardStats(db, actor, req.query, deps.now(), deps.config.TIME_ZONE);
    },
  );
};
