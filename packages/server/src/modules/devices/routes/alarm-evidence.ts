import { EventQuery, IdParams, Page, StoredEvent, ErrorBody } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { alarmEvents } from '../alarms-repo.ts';
import { alarmSnapshot } from '../snapshots.ts';
import { storedEventView } from '../presenters.ts';
import { alarmErrors as errors } from './errors.ts';

const tags = ['alarms'];

/** An alarm's evidence: the events behind it and its snapshot image. */
export const alarmEvidenceRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/api/alarms/:id/events',
    {
      schema: {
        tags,
        summary: 'The events that raised and fed an alarm',
        params: IdParams,
        querystring: EventQuery,
        response: { 200: Page(StoredEvent), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'alarm');
      const p = await alarmEvents(db, actor, req.params.id, req.query.cursor, req.query.pageSize ?? 50);
      return { ...p, items: p.items.map(storedEventView) };
    },
  );

  app.get(
    '/api/alarms/:id/snapshot',
    {
      schema: {
        tags,
        summary: 'The snapshot image of an alarm',
        params: IdParams,
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'alarm');
      const snap = await alarmSnapshot(db, actor, req.params.id);
      reply.header('content-type', snap.content_type);
      reply.header('cache-control', 'private, max-age=3600');
      return reply.send(snap.data as never);
    },
  );
};
