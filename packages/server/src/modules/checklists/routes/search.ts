import { Type } from '@sinclair/typebox';
import { ChecklistItemHit, ChecklistItemQuery, IdParams, OffsetPage } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { errors, tags } from '../route-schemas.ts';
import { searchItems } from '../views.ts';

const VersionItemsQuery = Type.Object(
  {
    moduleId: Type.Optional(Type.String({ format: 'uuid' })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

/**
 * Searching items across the current versions of the libraries you can see, or within one version;
 * a version's items in order (the library browser).
 */
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
        response: { 200: OffsetPage(ChecklistItemHit), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      return searchItems(db, actor, req.query);
    },
  );

  app.get(
    '/api/checklist-versions/:id/items',
    {
      schema: {
        tags,
        summary: 'Items of a version (optionally one module), in order',
        params: IdParams,
        querystring: VersionItemsQuery,
        response: { 200: OffsetPage(ChecklistItemHit), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      const { moduleId, q } = req.query;
      return searchItems(db, actor, { versionId: req.params.id, moduleId, q, page: 1, pageSize: 500 });
    },
  );
};
