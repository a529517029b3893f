import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ErrorBody,
  IngestBatchBody,
  IngestResult,
  IngestStats,
  IsapiAlert,
  Page,
  Rejection,
  RejectionQuery,
  SnapshotUploadResult,
} from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { AppError } from '../../errors.ts';
import { iso, pageOf } from '../../db/paging.ts';
import { inRegion } from '../../auth/scope.ts';
import { deviceServices, type AcceptReport } from './services.ts';
import { isapiToEvent } from './adapters/isapi.ts';
import { eventLoopDelay } from './ingest/loop-delay.ts';
import { MAX_SNAPSHOT_BYTES, storeSnapshot } from './snapshots.ts';
import type { DeviceInfo } from './device-cache.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
  503: ErrorBody,
};
const WAIT_MS = 15_000;

/** HTTP ingest for devices (token auth) and the ingest health views for administrators. */
export async function ingestRoutes(app: App, deps: Deps) {
  const tags = ['ingest'];
  const services = deviceServices(deps);

  const device = async (req: FastifyRequest): Promise<DeviceInfo> => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const d = token ? await services.devices.byTokenValue(token) : null;
    if (!d)
      throw new AppError('DEVICE_UNAUTHENTICATED', 'Send the device token: Authorization: Bearer rld_…', 401);
    return d;
  };

  const answer = (report: AcceptReport, reply: FastifyReply) => {
    if (report.failed > 0) {
      reply.header('retry-after', '5');
      throw new AppError(
        'INGEST_BUSY',
        `The ingest queue is full or stopping; ${report.failed} event(s) were not taken — send them again`,
        503,
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

  // Snapshots arrive as raw image bytes; the parser is registered only inside this plugin.
  await app.register(async (sub) => {
    sub.addContentTypeParser(
      ['image/jpeg', 'image/png', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_SNAPSHOT_BYTES },
      (_req, body, done) => done(null, body),
    );
    sub.post(
      '/api/ingest/snapshots',
      {
        bodyLimit: MAX_SNAPSHOT_BYTES,
        schema: {
          tags,
          summary:
            'Upload a camera snapshot (JPEG or PNG bytes); use the answer’s ref as image.ref in an event',
          security: [{ bearer: [] }],
          response: { 201: SnapshotUploadResult, ...errors },
        },
      },
      async (req, reply) => {
        const d = await device(req);
        if (!Buffer.isBuffer(req.body))
          throw new AppError(
            'UNSUPPORTED_FILE',
            'Send the image bytes with Content-Type image/jpeg or image/png',
            415,
            'file',
          );
        const stored = await storeSnapshot(deps.database.db, d, req.body);
        reply.status(201);
        return stored;
      },
    );
  });

  app.get(
    '/api/ingest/stats',
    {
      schema: {
        tags,
        summary: 'Ingest counters of this server instance',
        response: { 200: IngestStats, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'ingest');
      // Counters cover every jurisdiction's devices: for the national administrator only.
      if (actor.regionCode !== '')
        throw new AppError(
          'FORBIDDEN',
          'Ingest counters cover every jurisdiction; only the national administrator sees them',
          403,
        );
      const s = services.pipeline.stats;
      const loop = eventLoopDelay();
      return {
        startedAt: s.startedAt.toISOString(),
        transports: [...services.transports],
        received: s.received,
        accepted: s.accepted,
        duplicates: s.duplicates,
        rejected: s.rejected,
        rejectedByCode: s.rejectedByCode,
        batches: s.batches,
        retries: s.retries,
        queueDepth: services.pipeline.depth,
        queueCapacity: services.pipeline.capacity,
        pausedTimes: s.pausedTimes,
        alarmsRaised: s.alarmsRaised,
        alarmsSuppressed: s.alarmsSuppressed,
        lastBatchMs: s.lastBatchMs,
        reconnects: s.reconnects,
        eventLoopDelayMs: { p99: loop.p99Ms, max: loop.maxMs },
      };
    },
  );

  app.get(
    '/api/ingest/rejections',
    {
      schema: {
        tags,
        summary: 'Refused events (a sample) with their reasons, newest first',
        querystring: RejectionQuery,
        response: { 200: Page(Rejection), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'ingest');
      // Refusals of unknown devices carry no region: only the national administrator sees those.
      let qb = deps.database.db.selectFrom('ingest_rejections as r').where(inRegion(actor.regionCode, 'r'));
      if (req.query.code) qb = qb.where('r.code', '=', req.query.code);
      const p = await pageOf(qb, (b) => b.selectAll('r'), {
        page: req.query.page,
        pageSize: req.query.pageSize ?? 50,
        sortColumn: 'r.received_at',
        order: 'desc',
        idColumn: 'r.id',
      });
      return {
        ...p,
        items: p.items.map((r) => ({
          id: r.id,
          receivedAt: iso(r.received_at),
          transport: r.transport,
          deviceCode: r.device_code,
          eventId: r.event_id,
          code: r.code,
          reason: r.reason,
          excerpt: r.excerpt,
        })),
      };
    },
  );
}
