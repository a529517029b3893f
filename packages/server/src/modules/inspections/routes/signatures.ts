import { IdParams, InspectionView, SignatureInput } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { addSignature } from '../sign.ts';
import { clearSignatures } from '../clear-signatures.ts';
import { inspectionView } from '../views.ts';
import { errors, tags } from '../schemas.ts';

/** Signatures of the on-site record: the team's inspectors and the inspected party. */
export const signatureRoutes: RoutePlugin = async (app, deps) => {
  const db = () => deps.database.db;

  app.post(
    '/api/inspections/:id/signatures',
    {
      schema: {
        tags,
        summary:
          "Sign the on-site record: an inspector of the team, or the inspected party's representative (drawn signature as a PNG data URL, or a refusal with reason and witness)",
        params: IdParams,
        body: SignatureInput,
        response: { 201: InspectionView, ...errors },
      },
      bodyLimit: 1_500_000,
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await inTransaction(db(), (trx) => addSignature(trx, deps, actor, req.params.id, req.body));
      reply.status(201);
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.delete(
    '/api/inspections/:id/signatures',
    {
      schema: {
        tags,
        summary: 'Clear the signatures (to correct a finding; both sides sign again)',
        params: IdParams,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await inTransaction(db(), (trx) => clearSignatures(trx, deps, actor, req.params.id));
      return inspectionView(db(), actor, req.params.id);
    },
  );
};
