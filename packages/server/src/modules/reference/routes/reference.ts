import { ErrorBody, Reference } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { readReference } from '../repo.ts';
import { referenceOf } from '../presenters.ts';

/** Reference data for selects and labels: regions, authorities, catalogues, categories. */
export const referenceRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;
  app.get(
    '/api/reference',
    {
      schema: {
        tags: ['reference'],
        summary: 'Reference data',
        response: { 200: Reference, 401: ErrorBody },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return referenceOf(await readReference(db, actor.regionCode));
    },
  );
};
