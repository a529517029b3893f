import { Type } from '@sinclair/typebox';
import { IdParams, InspectionView, Uuid } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { addParticipant, confirmParticipation, removeParticipant } from '../participants.ts';
import { inspectionView } from '../views.ts';
import { errors, tags } from '../schemas.ts';

const ParticipantBody = Type.Object({ userId: Uuid }, { additionalProperties: false });
const ParticipantParams = Type.Object({ id: Uuid, userId: Uuid });

/**
 * The officers taking part (Administrative Penalty Law 2021 art. 42: at least two with
 * law-enforcement certificates): the leader adds or removes a co-officer, each officer confirms.
 */
export const participantRoutes: RoutePlugin = async (app, deps) => {
  const db = () => deps.database.db;

  app.post(
    '/api/inspections/:id/participants',
    {
      schema: {
        tags,
        summary: 'The team leader adds a co-officer to an open inspection (they then confirm taking part)',
        params: IdParams,
        body: ParticipantBody,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await inTransaction(db(), (trx) => addParticipant(trx, deps, actor, req.params.id, req.body.userId));
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.delete(
    '/api/inspections/:id/participants/:userId',
    {
      schema: {
        tags,
        summary: 'The team leader removes a co-officer (and their signature) from an open inspection',
        params: ParticipantParams,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      const { id, userId } = req.params;
      await inTransaction(db(), (trx) => removeParticipant(trx, deps, actor, id, userId));
      return inspectionView(db(), actor, id);
    },
  );

  app.post(
    '/api/inspections/:id/participants/confirm',
    {
      schema: {
        tags,
        summary:
          'The logged-in officer confirms taking part in the inspection, with the law-enforcement certificate number of their account',
        params: IdParams,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await inTransaction(db(), (trx) => confirmParticipation(trx, deps, actor, req.params.id));
      return inspectionView(db(), actor, req.params.id);
    },
  );
};
