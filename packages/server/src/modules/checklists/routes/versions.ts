import { ChecklistVersionPatch, ChecklistVersionView, IdParams, Ok } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { errors, tags } from '../route-schemas.ts';
import { getVersion } from '../views.ts';
import { patchVersion } from '../patch-version.ts';
import { discardDraft } from '../discard-draft.ts';

/** Checklist versions: read one, edit or discard a draft. */
export const versionsRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/checklist-versions/:id',
    {
      schema: {
        tags,
        summary: 'A version with its modules',
        params: IdParams,
        response: { 200: ChecklistVersionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      return getVersion(db, actor, req.params.id);
    },
  );

  app.patch(
    '/api/checklist-versions/:id',
    {
      schema: {
        tags,
        summary: "Edit a draft's name, edition, description, summary table",
        params: IdParams,
        body: ChecklistVersionPatch,
        response: { 200: ChecklistVersionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await inTransaction(db, (trx) => patchVersion(trx, actor, req.params.id, req.body));
      return getVersion(db, actor, req.params.id);
    },
  );

  app.delete(
    '/api/checklist-versions/:id',
    { schema: { tags, summary: 'Discard a draft', params: IdParams, response: { 200: Ok, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await inTransaction(db, (trx) => discardDraft(trx, actor, req.params.id));
      return { ok: true as const };
    },
  );
};
