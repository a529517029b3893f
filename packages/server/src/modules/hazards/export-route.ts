import { HazardExportQuery } from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import './access.ts';
import { HAZARD_EXPORT_LIMIT, hazardExportRows, hazardSheet } from './export.ts';

/** GET /api/hazards/export: the rectification list, same filters and scope, as CSV or Excel. */
export async function hazardExportRoute(app: App, deps: Deps) {
  app.get(
    '/api/hazards/export',
    {
      schema: {
        tags: ['hazards'],
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
      const rows = await hazardExportRows(deps.database.db, actor, filters, deps.now());
      const file = await hazardSheet(rows, format, deps.config.TIME_ZONE, deps.today());
      reply.header('content-type', file.contentType);
      reply.header('content-disposition', file.disposition);
      reply.header('cache-control', 'no-store');
      return reply.send(file.body);
    },
  );
}
