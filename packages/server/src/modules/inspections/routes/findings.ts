import { BulkFindingInput, FindingInput, IdParams, InspectionView } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { recordFinding } from '../record-finding.ts';
import { bulkRecord } from '../bulk-record.ts';
import { inspectionView } from '../views.ts';
import { errors, FindingParams, tags } from '../schemas.ts';

/** Field capture: recording the checklist items one by one, or the rest at once. */
export const findingRoutes: RoutePlugin = async (app, deps) => {
  const db = () => deps.database.db;

  app.put(
    '/api/inspections/:id/findings/:findingId',
    {
      schema: {
        tags,
        summary: 'Record one item: pass / fail (with the hazard and deductions) / not applicable',
        params: FindingParams,
        body: FindingInput,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      const { id, findingId } = req.params;
      await inTransaction(db(), (trx) => recordFinding(trx, deps, actor, id, findingId, req.body));
      return inspectionView(db(), actor, id);
    },
  );

  app.post(
    '/api/inspections/:id/findings/bulk',
    {
      schema: {
        tags,
        summary: 'Mark the items still unchecked (of one module, or all) as passed or not applicable',
        params: IdParams,
        body: BulkFindingInput,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await inTransaction(db(), (trx) => bulkRecord(trx, deps, actor, req.params.id, req.body));
      return inspectionView(db(), actor, req.params.id);
    },
  );
};
