import { Type } from '@sinclair/typebox';
import { ErrorBody, IdParams, NotificationList } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { notFound } from '../../../errors.ts';
import { latestNotices, markAllRead, markRead, unreadCount } from '../repo.ts';
import { noticeView } from '../presenters.ts';

const tags = ['notifications'];

/** Your own notices (overdue rectification, escalations, submissions to review…), read by the web header. */
export const notificationsRoutes: RoutePlugin = async (app, deps) => {
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
      const rows = await latestNotices(db, actor.userId, {
        unread: req.query.unread,
        limit: req.query.limit ?? 20,
      });
      return { unread: await unreadCount(db, actor.userId), items: rows.map(noticeView) };
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
      if (!(await markRead(db, actor.userId, req.params.id))) throw notFound('Notification');
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
      await markAllRead(db, actor.userId);
      return reply.status(204).send(null);
    },
  );
};
