import {
  ChecklistModuleInput,
  ChecklistModulePatch,
  ChecklistVersionView,
  IdParams,
  Ok,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { errors, tags } from '../route-schemas.ts';
import { getVersion } from '../views.ts';
import { addModule } from '../add-module.ts';
import { patchModule } from '../patch-module.ts';
import { deleteModule } from '../delete-module.ts';

/** Modules of a draft: add, edit, delete. */
export const modulesRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.post(
    '/api/checklist-versions/:id/modules',
    {
      schema: {
        tags,
        summary: 'Add a module to a draft',
        params: IdParams,
        body: ChecklistModuleInput,
        response: { 201: ChecklistVersionView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await inTransaction(db, (trx) => addModule(trx, actor, req.params.id, req.body));
      reply.status(201);
      return getVersion(db, actor, req.params.id);
    },
  );

  app.patch(
    '/api/checklist-modules/:id',
    {
      schema: {
        tags,
        summary: "Edit a draft's module",
        params: IdParams,
        body: ChecklistModulePatch,
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await inTransaction(db, (trx) => patchModule(trx, actor, req.params.id, req.body));
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/checklist-modules/:id',
    {
      schema: {
        tags,
        summary: "Delete a draft's module and its items",
        params: IdParams,
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await inTransaction(db, (trx) => deleteModule(trx, actor, req.params.id));
      return { ok: true as const };
    },
  );
};
