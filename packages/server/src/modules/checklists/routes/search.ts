import { ChecklistItemHit, ChecklistItemQuery, Page } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { errors, tags } from '../route-schemas.ts';
import { searchItems } from '../views.ts';

/** Searching items across the current versions of the libraries you can see, or within one version. */
export const searchRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/checklists/items',
    {
      schema: {
        tags,
        summary:
          'Search items (Chinese or English words, all must match) across current versions, or within one version',
        querystring: ChecklistItemQuery,
        response: { 200: Page(ChecklistItemHit), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      return searchItems(db, actor, req.query);
    },
  );
};
