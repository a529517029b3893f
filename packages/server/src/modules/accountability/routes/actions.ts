import {
  AccountabilityInput,
  AccountabilityPage,
  AccountabilityQuery,
  AccountabilityView,
  FollowUpInput,
  IdParams,
} from '@redline/contracts';
import { actorOf, type Deps, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { notFound } from '../../../errors.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import type { Actor } from '../../../auth/actor.ts';
import { actionDetails, actionWithNames, findAction, listActionRows } from '../repo.ts';
import { actionSummaryOf, actionViewOf } from '../presenters.ts';
import { createAction } from '../create-action.ts';
import { followUp } from '../follow-up.ts';

const tags = ['accountability'];
const errors = ERROR_RESPONSES;

async function viewOf(deps: Deps, actor: Actor, id: string) {
  const db = deps.database.db;
  const x = await findAction(db, actor, id);
  if (!x) throw notFound('Accountability action');
  const row = await actionWithNames(db, x.id);
  return actionViewOf(row, await actionDetails(db, x.id), actor, deps.today());
}

/** Accountability actions: the list (per target, campaign, group, hazard), recording one, one with its follow-ups. */
export const accountabilityRoutes: RoutePlugin = async (app, deps) => {
  const db = () => deps.database.db;

  app.get(
    '/api/accountability-actions',
    {
      schema: {
        tags,
        summary:
          'Accountability actions (通报, 警示, 约谈, 问责建议) in your jurisdiction, newest first; filter by enterprise, authority, campaign, group, hazard',
        querystring: AccountabilityQuery,
        response: { 200: AccountabilityPage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'accountability');
      const page = await listActionRows(db(), actor, req.query);
      const today = deps.today();
      return { ...page, items: page.items.map((r) => actionSummaryOf(r, today)) };
    },
  );

  app.post(
    '/api/accountability-actions',
    {
      schema: {
        tags,
        summary:
          'Record an accountability action on an authority, an enterprise or a responsible person, linked to the hazards that caused it',
        body: AccountabilityInput,
        response: { 201: AccountabilityView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'accountability');
      const id = await inTransaction(db(), (trx) => createAction(trx, deps, actor, req.body));
      reply.status(201);
      return viewOf(deps, actor, id);
    },
  );

  app.get(
    '/api/accountability-actions/:id',
    {
      schema: {
        tags,
        summary: 'An accountability action with its hazards, minutes, attendees and follow-ups',
        params: IdParams,
        response: { 200: AccountabilityView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'accountability');
      return viewOf(deps, actor, req.params.id);
    },
  );

  app.post(
    '/api/accountability-actions/:id/follow-ups',
    {
      schema: {
        tags,
        summary: 'Add a follow-up entry (open → followed up); with close: true, close the action (leaders)',
        params: IdParams,
        body: FollowUpInput,
        response: { 201: AccountabilityView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'follow_up', 'accountability');
      await inTransaction(db(), (trx) => followUp(trx, deps, actor, req.params.id, req.body));
      reply.status(201);
      return viewOf(deps, actor, req.params.id);
    },
  );
};
