import { IdParams, InspectionView } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { finishInspection } from '../finish.ts';
import { cancelInspection } from '../cancel.ts';
import { inspectionView } from '../views.ts';
import { CancelInput, errors, tags } from '../schemas.ts';

/** The end of an inspection: finished (failed items become hazards) or cancelled. */
export const lifecycleRoutes: RoutePlugin = async (app, deps) => {
  const db = () => deps.database.db;

  app.post(
    '/api/inspections/:id/finish',
    {
      schema: {
        tags,
        summary:
          'Finish a signed inspection: failed items become hazards; score and on-site record are frozen',
        params: IdParams,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await inTransaction(db(), (trx) => finishInspection(trx, deps, actor, req.params.id));
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.post(
    '/api/inspections/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an inspection not yet signed',
        params: IdParams,
        body: CancelInput,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      const { id } = req.params;
      await inTransaction(db(), (trx) => cancelInspection(trx, deps, actor, id, req.body.reason));
      return inspectionView(db(), actor, id);
    },
  );
};
