import { ChecklistItemHit, ChecklistItemInput, ChecklistItemReplace, IdParams, Ok } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { errors, tags } from '../route-schemas.ts';
import { getItem } from '../views.ts';
import { addItem } from '../add-item.ts';
import { replaceItem } from '../replace-item.ts';
import { deleteItem } from '../delete-item.ts';

/** Items of a draft: add to a module, read, replace, delete. */
export const itemsRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.post(
    '/api/checklist-versions/:id/items',
    {
      schema: {
        tags,
        summary: 'Add an item to a module of a draft',
        params: IdParams,
        body: ChecklistItemInput,
        response: { 201: ChecklistItemHit, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      const id = await inTransaction(db, (trx) => addItem(trx, actor, req.params.id, req.body));
      reply.status(201);
      return getItem(db, actor, id);
    },
  );

  app.get(
    '/api/checklist-items/:id',
    {
      schema: {
        tags,
        summary: 'One item: what to check, how, how to handle it, legal basis, scoring',
        params: IdParams,
        response: { 200: ChecklistItemHit, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      return getItem(db, actor, req.params.id);
    },
  );

  app.put(
    '/api/checklist-items/:id',
    {
      schema: {
        tags,
        summary: "Replace a draft's item",
        params: IdParams,
        body: ChecklistItemReplace,
        response: { 200: ChecklistItemHit, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await inTransaction(db, (trx) => replaceItem(trx, actor, req.params.id, req.body));
      return getItem(db, actor, req.params.id);
    },
  );

  app.delete(
    '/api/checklist-items/:id',
    {
      schema: { tags, summary: "Delete a draft's item", params: IdParams, response: { 200: Ok, ...errors } },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await inTransaction(db, (trx) => deleteItem(trx, actor, req.params.id));
      return { ok: true as const };
    },
  );
};
