import { ChecklistVersionView, IdParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { errors, tags } from '../route-schemas.ts';
import { getVersion } from '../views.ts';
import { publishVersion } from '../publish-version.ts';
import { retireVersion } from '../retire-version.ts';

/** A version's lifecycle: publish a draft (the one before it is superseded), retire the published one. */
export const lifecycleRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.post(
    '/api/checklist-versions/:id/publish',
    {
      schema: {
        tags,
        summary:
          'Publish a draft (checked as a whole); the version before it is superseded but kept for past inspections',
        params: IdParams,
        response: { 200: ChecklistVersionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'publish', 'checklist');
      await inTransaction(db, (trx) => publishVersion(trx, actor, req.params.id, deps.now()));
      return getVersion(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/checklist-versions/:id/retire',
    {
      schema: {
        tags,
        summary: 'Retire the published version: no longer proposed for new inspections',
        params: IdParams,
        response: { 200: ChecklistVersionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'publish', 'checklist');
      await inTransaction(db, (trx) => retireVersion(trx, actor, req.params.id, deps.now()));
      return getVersion(db, actor, req.params.id);
    },
  );
};
