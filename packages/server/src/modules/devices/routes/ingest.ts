import type { FastifyReply, FastifyRequest } from 'fastify';
import { IngestBatchBody, IngestResult, IsapiAlert } from '@redline/contracts';
import type { RoutePlugin } from '../../../http/context.ts';
import { AppError } from '../../../errors.ts';
import { deviceOfRequest, deviceServices, isapiToEvent, type AcceptReport } from '../ingest/index.ts';
import { ingestErrors as errors } from './errors.ts';

const WAIT_MS = 15_000;
const tags = ['ingest'];

/** HTTP ingest for devices (token auth): event batches and camera alarms (ISAPI). */
export const ingestRoutes: RoutePlugin = async (app, deps) => {
  const services = deviceServices(deps);

  const device = (req: FastifyRequest) => deviceOfRequest(services, req.headers.authorization);

  const answer = (report: AcceptReport, reply: FastifyReply) => {
    if (report.failed > 0) {
      reply.header('retry-after', '5');
      throw new AppError(
        'INGEST_BUSY',
        `The ingest queue is full or stopping; ${report.failed} event(s) were not taken — send them again`,
      );
    }
    return { accepted: report.accepted, duplicates: report.duplicates, rejected: report.rejected };
  };

  app.post(
    '/api/ingest/events',
    {
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Send a batch of device events (redline.event/1)',
        description:
          'Device token in `Authorization: Bearer`. Each event is checked on its own: bad ones are listed under `rejected` with a reason, the others are stored. The answer comes after the events are committed; the same event id again counts as a duplicate and is not stored twice. 503 INGEST_BUSY means: retry later.',
        security: [{ bearer: [] }],
        body: IngestBatchBody,
        response: { 200: IngestResult, ...errors },
      },
    },
    async (req, reply) => {
      const d = await device(req);
      return answer(
        await services.accept(req.body.events, { transport: 'http', device: d }, { waitMs: WAIT_MS }),
        reply,
      );
    },
  );

  app.post(
    '/api/ingest/adapters/isapi',
    {
      schema: {
        tags,
        summary: 'Receive a Hikvision-ISAPI-like alarm (EventNotificationAlert JSON) from a camera',
        description:
          'Mapped to redline.event/1 (see contracts/README.md); authenticated with the device token like /api/ingest/events.',
        security: [{ bearer: [] }],
        body: IsapiAlert,
        response: { 200: IngestResult, ...errors },
      },
    },
    async (req, reply) => {
      const d = await device(req);
      const mapped = isapiToEvent(req.body, d.code);
      if (!mapped.ok) {
        services.pipeline.reject({ ...mapped.rejection, regionCode: d.regionCode }, 'isapi');
        return { accepted: 0, duplicates: 0, rejected: [{ index: 0, ...mapped.rejection }] };
      }
      return answer(
        await services.accept([mapped.event], { transport: 'isapi', device: d }, { waitMs: WAIT_MS }),
        reply,
      );
    },
  );
};
