import { Type } from '@sinclair/typebox';
import { IdParams, WebhookBody, WebhookDeliveryView, WebhookPatch, WebhookView } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { notFound } from '../../../errors.ts';
import { changeWebhook, createWebhook, removeWebhook } from '../save-webhook.ts';
import { deliveriesOf, getWebhook, listWebhooks, queueDeliveries } from '../repo.ts';
import { deliveryViews, webhookView } from '../presenters.ts';
import { robotMessage } from '../queue.ts';

const tags = ['webhooks'];
const errors = ERROR_RESPONSES;

/**
 * Outbound webhooks of a jurisdiction (DingTalk / WeCom group robots): escalated alarms of the
 * region and below are posted to them, retried with back-off, every attempt recorded.
 */
export const webhooksRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/api/webhooks',
    {
      schema: {
        tags,
        summary: 'The webhooks of your jurisdiction and below (full addresses for administrators only)',
        response: { 200: Type.Array(WebhookView), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'webhook');
      return (await listWebhooks(db, actor)).map((r) => webhookView(r, actor));
    },
  );

  app.post(
    '/api/webhooks',
    {
      schema: {
        tags,
        summary: 'Add a webhook for your jurisdiction (escalated alarms in it are posted there)',
        description:
          'Only http:// and https:// addresses; the message is the JSON DingTalk and WeCom group robots accept ({"msgtype":"text",…} or markdown).',
        body: WebhookBody,
        response: { 201: WebhookView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'webhook');
      const id = await createWebhook(db, actor, req.body);
      reply.status(201);
      return webhookView((await getWebhook(db, actor, id))!, actor);
    },
  );

  app.patch(
    '/api/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change a webhook (name, address, format, enabled)',
        params: IdParams,
        body: WebhookPatch,
        response: { 200: WebhookView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'webhook');
      await changeWebhook(db, actor, req.params.id, req.body);
      return webhookView((await getWebhook(db, actor, req.params.id))!, actor);
    },
  );

  app.delete(
    '/api/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Remove a webhook',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'webhook');
      await removeWebhook(db, actor, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The latest 50 deliveries of a webhook with every attempt (status, response code, error)',
        params: IdParams,
        response: { 200: Type.Array(WebhookDeliveryView), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'webhook');
      if (!(await getWebhook(db, actor, req.params.id))) throw notFound('Webhook');
      return deliveryViews(await deliveriesOf(db, req.params.id, 50));
    },
  );

  app.post(
    '/api/webhooks/:id/test',
    {
      schema: {
        tags,
        summary: 'Queue a test message to a webhook (sent by the delivery job within seconds)',
        params: IdParams,
        response: { 202: Type.Object({ queued: Type.Integer() }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'webhook');
      const hook = await getWebhook(db, actor, req.params.id);
      if (!hook) throw notFound('Webhook');
      const at = deps.now().toISOString();
      const queued = await inTransaction(db, (trx) =>
        queueDeliveries(trx, [
          {
            webhook_id: hook.id,
            event: 'test',
            dedupe_key: `test:${at}`,
            subject_id: null,
            payload: JSON.stringify(
              robotMessage(hook.format, {
                event: 'test',
                regionCode: hook.region_code,
                dedupeKey: `test:${at}`,
                subjectId: null,
                title: 'Redline 测试消息',
                lines: [
                  ['辖区', hook.region_name ?? (hook.region_code || '全国')],
                  ['发送人', actor.displayName],
                ],
                link: null,
              }),
            ),
          },
        ]),
      );
      reply.status(202);
      return { queued };
    },
  );
};
