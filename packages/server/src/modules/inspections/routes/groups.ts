import { Type } from '@sinclair/typebox';
import {
  GroupCandidate,
  GroupCandidateQuery,
  IdParams,
  InspectionGroupInput,
  InspectionGroupView,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { createGroup } from '../create-group.ts';
import { getGroup, groupCandidates, listGroups } from '../groups.ts';
import { errors, tags } from '../schemas.ts';

/** Supervision and inspection groups with their task books. */
export const groupRoutes: RoutePlugin = async (app, deps) => {
  const db = () => deps.database.db;

  app.get(
    '/api/inspection-groups',
    {
      schema: {
        tags,
        summary: 'Supervision and inspection groups',
        response: { 200: Type.Object({ items: Type.Array(InspectionGroupView) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection_group');
      return { items: await listGroups(db(), actor) };
    },
  );

  app.post(
    '/api/inspection-groups',
    {
      schema: {
        tags,
        summary: 'Create a supervision or inspection group with its task book',
        body: InspectionGroupInput,
        response: { 201: InspectionGroupView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'inspection_group');
      const id = await inTransaction(db(), (trx) => createGroup(trx, actor, req.body));
      reply.status(201);
      return getGroup(db(), actor, id);
    },
  );

  app.get(
    '/api/inspection-groups/candidates',
    {
      schema: {
        tags,
        summary:
          'Who may lead or join a group working in a region, or be named as the second officer on an inspection or document there',
        querystring: GroupCandidateQuery,
        response: { 200: Type.Object({ items: Type.Array(GroupCandidate) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      // Read, not create: an inspector picks the second officer (Administrative Penalty Law 2021
      // art. 42) from this list on inspections, documents and off-site enforcement.
      authorize(actor, 'read', 'inspection_group');
      return { items: await groupCandidates(db(), actor, req.query.regionCode) };
    },
  );

  app.get(
    '/api/inspection-groups/:id',
    {
      schema: {
        tags,
        summary: 'A group, its task book and how far it got',
        params: IdParams,
        response: { 200: InspectionGroupView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection_group');
      return getGroup(db(), actor, req.params.id);
    },
  );
};
