import { Type } from '@sinclair/typebox';
import { IdParams, InspectorConflictInput, InspectorConflictView } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { notFound } from '../../../errors.ts';
import { getConflict, listConflicts } from '../conflicts-repo.ts';
import { conflictView } from '../presenters.ts';
import { declareConflict, withdrawDeclaredConflict } from '../declare-conflict.ts';

const tags = ['spot-checks'];
const errors = ERROR_RESPONSES;

/** Inspectors' declared conflicts of interest (回避): the draw never assigns them there. */
export const conflictRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/api/inspector-conflicts',
    {
      schema: {
        tags,
        summary: 'Declared conflicts of the inspectors of your jurisdiction (an inspector: their own)',
        response: { 200: Type.Array(InspectorConflictView), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspector_conflict');
      return (await listConflicts(db, actor)).map(conflictView);
    },
  );

  app.post(
    '/api/inspector-conflicts',
    {
      schema: {
        tags,
        summary:
          'Declare a conflict of interest with an enterprise or project (yours, or as a leader for an inspector)',
        body: InspectorConflictInput,
        response: { 201: InspectorConflictView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'inspector_conflict');
      const id = await declareConflict(db, deps, actor, req.body);
      reply.status(201);
      const row = await getConflict(db, actor, id);
      if (!row) throw notFound('Declared conflict');
      return conflictView(row);
    },
  );

  app.delete(
    '/api/inspector-conflicts/:id',
    {
      schema: {
        tags,
        summary: 'Withdraw a declared conflict (kept in the record, no longer applied to later draws)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'inspector_conflict');
      await withdrawDeclaredConflict(db, deps, actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
