import { Type } from '@sinclair/typebox';
import { Alarm, AlarmHistoryEntry, AlarmQuery, AlarmStats, IdParams, Page } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { alarmHistory, alarmStats, getAlarm, listAlarms } from '../alarms-repo.ts';
import { alarmHistoryView, alarmStatsView, alarmView } from '../presenters.ts';
import { alarmErrors as errors } from './errors.ts';

const tags = ['alarms'];

/** Alarms: list, counts, one alarm, its history. */
export const alarmsRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

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
      const page = await listAlarms(db, actor, req.query);
      return { ...page, items: page.items.map((r) => alarmView(r, actor)) };
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
      return alarmStatsView(await alarmStats(db, actor, req.query.regionCode));
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
      return alarmView(await getAlarm(db, actor, req.params.id), actor);
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
      return (await alarmHistory(db, actor, req.params.id)).map(alarmHistoryView);
    },
  );
};
