import { sql } from 'kysely';
import { Type } from '@sinclair/typebox';
import { ErrorBody, IdParams, NotificationList } from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { notFound } from '../../errors.ts';

const tags = ['notifications'];

/** Your own notices (overdue rectification, escalations, submissions to review…), read by the web header. */
export async function notificationRoutes(app: App, deps: Deps) {
  const { db } = deps.database;
  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'Your latest notices and the unread count',
        querystring: Type.Object(
          {
            unread: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: NotificationList, 401: ErrorBody },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      let q = db.selectFrom('notifications').selectAll().where('user_id', '=', actor.userId);
      if (req.query.unread) q = q.where('read_at', 'is', null);
      const rows = await q
        .orderBy('created_at', 'desc')
        .limit(req.query.limit ?? 20)
        .execute();
      const { n } = await db
        .selectFrom('notifications')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('user_id', '=', actor.userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return {
        unread: n,
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          title: r.title,
          body: r.body,
          link: r.link,
          createdAt: new Date(r.created_at).toISOString(),
          readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
        })),
      };
    },
  );
  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one notice read',
        params: IdParams,
        response: { 204: Type.Null(), 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const r = await db
        .updateTable('notifications')
        .set({ read_at: sql`coalesce(read_at, now())` })
        .where('id', '=', req.params.id)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw notFound('Notification');
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/notifications/read-all',
    {
      schema: { tags, summary: 'Mark all your notices read', response: { 204: Type.Null(), 401: ErrorBody } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      await db
        .updateTable('notifications')
        .set({ read_at: sql`now()` })
        .where('user_id', '=', actor.userId)
        .where('read_at', 'is', null)
        .execute();
      return reply.status(204).send(null);
    },
  );
}
