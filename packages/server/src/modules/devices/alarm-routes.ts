import { Type } from '@sinclair/typebox';
import {
  Alarm,
  AlarmActionBody,
  AlarmHistoryEntry,
  AlarmQuery,
  AlarmStats,
  DispatchBody,
  EnforcementBody,
  EnforcementPreview,
  EnforcementResult,
  ErrorBody,
  EventQuery,
  IdParams,
  Page,
  StoredEvent,
} from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { fromDatabaseError } from '../../errors.ts';
import { alarmEvents, alarmHistory, alarmStats, getAlarm, listAlarms } from './alarms-repo.ts';
import { actOnAlarm } from './alarm-actions.ts';
import { alarmSnapshot } from './snapshots.ts';
import { deviceServices } from './services.ts';
import { dispatchAlarm } from './dispatch.ts';
import { enforceAlarm, enforcementPreview } from './enforcement.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};

/** Alarms: list, detail, live stream, evidence, lifecycle actions, off-site enforcement. */
export async function alarmRoutes(app: App, deps: Deps) {
  const tags = ['alarms'];
  const db = deps.database.db;
  const services = deviceServices(deps);
  const wrap = <T>(p: Promise<T>) =>
    p.catch((e) => {
      throw fromDatabaseError(e) ?? e;
    });

  app.get(
    '/api/alarms',
    {
      schema: {
        tags,
        summary: 'List alarms (filters: status, severity, type, site, device, rule, dates)',
        querystring: AlarmQuery,
        response: { 200: Page(Alarm), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'alarm');
      return listAlarms(db, actor, req.query);
    },
  );

  app.get(
    '/api/alarms/stats',
    {
      schema: {
        tags,
        summary: 'Alarm counts by status and severity; false-positive rates per rule and per device',
        querystring: Type.Object(
          { regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: AlarmStats, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'alarm');
      return alarmStats(db, actor, req.query.regionCode);
    },
  );

  app.get(
    '/api/alarms/stream',
    {
      schema: {
        tags,
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

  app.get(
    '/api/alarms/:id',
    {
      schema: {
        tags,
        summary: 'One alarm with its facts, cross-check and evidence',
        params: IdParams,
        response: { 200: Alarm, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'alarm');
      return getAlarm(db, actor, req.params.id);
    },
  );

  app.get(
    '/api/alarms/:id/history',
    {
      schema: {
        tags,
        summary: 'What happened to an alarm, and who did it',
        params: IdParams,
        response: { 200: Type.Array(AlarmHistoryEntry), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'alarm');
      return alarmHistory(db, actor, req.params.id);
    },
  );

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
      return alarmEvents(db, actor, req.params.id, req.query.page ?? 1, req.query.pageSize ?? 50);
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

  app.post(
    '/api/alarms/:id/actions',
    {
      schema: {
        tags,
        summary: 'Acknowledge, verify (real / false positive), escalate or close an alarm',
        description:
          'verify_real and mark_false_positive also acknowledge a new alarm (one click). 409 ILLEGAL_TRANSITION names the statuses the action is allowed from.',
        params: IdParams,
        body: AlarmActionBody,
        response: { 200: Alarm, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await wrap(actOnAlarm(deps, actor, req.params.id, req.body.action, req.body.note ?? ''));
      return getAlarm(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/alarms/:id/dispatch',
    {
      schema: {
        tags,
        summary: 'Turn a verified alarm into a hazard or an inspection',
        params: IdParams,
        body: DispatchBody,
        response: { 200: Alarm, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'dispatch', 'alarm');
      await wrap(dispatchAlarm(deps, actor, req.params.id, req.body.kind, req.body.note ?? ''));
      return getAlarm(db, actor, req.params.id);
    },
  );

  app.get(
    '/api/alarms/:id/enforcement',
    {
      schema: {
        tags,
        summary: 'The rectification order and on-site treatment decision, pre-filled from the alarm',
        params: IdParams,
        response: { 200: EnforcementPreview, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'alarm');
      return enforcementPreview(deps, actor, req.params.id);
    },
  );

  app.post(
    '/api/alarms/:id/enforcement',
    {
      schema: {
        tags,
        summary: 'Off-site enforcement: issue the pre-filled documents through the enforcement flow',
        description:
          'The alarm must be verified real. Issues each requested document (numbered, PDF) and marks the alarm dispatched to enforcement.',
        params: IdParams,
        body: EnforcementBody,
        response: { 200: EnforcementResult, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'enforce', 'alarm');
      const documents = await wrap(enforceAlarm(deps, actor, req.params.id, req.body));
      return { alarm: await getAlarm(db, actor, req.params.id), documents };
    },
  );
}
