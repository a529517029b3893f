import { ErrorBody } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { deviceServices } from '../ingest/index.ts';

/** The live alarm stream of the consoles (server-sent events), scoped like the list. */
export const streamRoutes: RoutePlugin = async (app, deps) => {
  const services = deviceServices(deps);
  app.get(
    '/api/alarms/stream',
    {
      schema: {
        tags: ['alarms'],
        summary:
          'Live alarms (server-sent events: `event: alarm`, data = {kind, alarm}), only those in your jurisdiction',
        response: { 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'alarm');
      await services.start();
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      services.hub.add(actor, reply.raw);
    },
  );
};
