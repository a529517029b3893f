import { EventQuery, IdParams, Page, StoredEvent } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { deviceEvents } from '../repo.ts';
import { storedEventView } from '../presenters.ts';
import { errors } from './errors.ts';

/** The events a device sent. */
export const deviceEventsRoutes: RoutePlugin = async (app, deps) => {
  app.get(
    '/api/devices/:id/events',
    {
      schema: {
        tags: ['devices'],
        summary: 'Recent events of a device, newest first',
        params: IdParams,
        querystring: EventQuery,
        response: { 200: Page(StoredEvent), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'device');
      const q = req.query;
      const p = await deviceEvents(
        deps.database.db,
        actor,
        req.params.id,
        q.cursor,
        q.pageSize ?? 50,
        q.type,
      );
      return { ...p, items: p.items.map(storedEventView) };
    },
  );
};
