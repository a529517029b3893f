import { sql, type Insertable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { AlarmQuery } from '@redline/contracts';
import { OPEN_ALARM_STATUSES, type AlarmStatus } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { AlarmHistoryTable, AlarmsTable } from '../../db/schema-devices.ts';
import type { Actor } from '../../auth/actor.ts';
import { inRegion, inScope } from '../../auth/scope.ts';
import { notFound } from '../../errors.ts';
import { key, keysetPage, type SortKey } from '../../db/paging.ts';

/** Queries of alarms: lists and detail in the actor's scope, their lifecycle, history and events. */

const base = (db: Db, actor: Actor) =>
  db
    .selectFrom('alarms as a')
    .innerJoin('devices as d', 'd.id', 'a.device_id')
    .innerJoin('sites as s', 's.id', 'a.site_id')
    .innerJoin('alarm_rules as ru', (j) =>
      j.onRef('ru.code', '=', 'a.rule_code').onRef('ru.version', '=', 'a.rule_version'),
    )
    .leftJoin('enterprises as e', 'e.id', 'a.enterprise_id')
    .leftJoin('regions as r', 'r.code', 'a.region_code')
    .where(inScope(actor, 'alarm', 'a'));

const columns = (qb: ReturnType<typeof base>) =>
  qb
    .selectAll('a')
    .select([
      'd.code as device_code',
      'd.name as device_name',
      'd.kind as device_kind',
      's.name as site_name',
      's.kind as site_kind',
      's.address as site_address',
      's.lat as site_lat',
      's.lng as site_lng',
      'e.name as enterprise_name',
      'e.credit_code as enterprise_credit_code',
      'r.name_zh as region_name',
      'ru.definition as rule_definition',
      sql<string | null>`(SELECT display_name FROM users WHERE id = a.acknowledged_by)`.as('ack_name'),
      sql<string | null>`(SELECT display_name FROM users WHERE id = a.verified_by)`.as('verify_name'),
      sql<string | null>`(SELECT display_name FROM users WHERE id = a.closed_by)`.as('close_name'),
    ]);

/** An alarm with its device, site, owner, region and rule (presenters.alarmView). */
export type AlarmRow = Awaited<ReturnType<ReturnType<typeof columns>['executeTakeFirstOrThrow']>>;

const SEVERITY_RANK_SQL = `CASE a.severity WHEN 'critical' THEN 5 WHEN 'high' THEN 4 WHEN 'medium' THEN 3 WHEN 'low' THEN 2 ELSE 1 END`;
const SEVERITY_RANK = sql<number>`${sql.raw(SEVERITY_RANK_SQL)}`;

export async function listAlarms(db: Db, actor: Actor, q: Static<typeof AlarmQuery>) {
  let qb = base(db, actor);
  if (q.status) {
    const statuses = q.status.split(',').flatMap((s) => (s === 'open' ? [...OPEN_ALARM_STATUSES] : [s]));
    qb = qb.where('a.status', 'in', statuses as never);
  }
  if (q.severity) qb = qb.where('a.severity', 'in', q.severity.split(',') as never);
  if (q.type) qb = qb.where('a.type', '=', q.type);
  if (q.siteId) qb = qb.where('a.site_id', '=', q.siteId);
  // A device's alarms include the offline alarms it was folded into (issue 16).
  if (q.deviceId)
    qb = qb.where((eb) =>
      eb.or([
        eb('a.device_id', '=', q.deviceId!),
        sql<boolean>`a.folded_devices @> ${JSON.stringify([{ id: q.deviceId }])}::jsonb`,
      ]),
    );
  if (q.enterpriseId) qb = qb.where('a.enterprise_id', '=', q.enterpriseId);
  if (q.ruleCode) qb = qb.where('a.rule_code', '=', q.ruleCode);
  if (q.from) qb = qb.where('a.created_at', '>=', sql<Date>`${q.from}::date`);
  if (q.to) qb = qb.where('a.created_at', '<', sql<Date>`${q.to}::date + 1`);
  if (q.q) {
    const p = `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    qb = qb.where((eb) =>
      eb.or([
        eb('a.number', 'ilike', p),
        eb('s.name', 'ilike', p),
        eb('e.name', 'ilike', p),
        eb('d.code', 'ilike', p),
      ]),
    );
  }
  const sortName = q.sort ?? 'createdAt';
  const sort: SortKey =
    sortName === 'lastEventAt'
      ? key('a.last_event_at', 'timestamptz')
      : sortName === 'severity'
        ? key(SEVERITY_RANK_SQL, 'int')
        : key('a.created_at', 'timestamptz');
  const select = (b: ReturnType<typeof base>) => columns(b).select(SEVERITY_RANK.as('severity_rank'));
  return keysetPage(db, qb, select, {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName,
    sort,
    order: q.order ?? 'desc',
    idColumn: 'a.id',
  });
}

export async function getAlarm(db: Db, actor: Actor, id: string): Promise<AlarmRow> {
  const row = await columns(base(db, actor).where('a.id', '=', id)).executeTakeFirst();
  if (!row) throw notFound('Alarm');
  return row;
}

/** Alarms by id that the actor may see (for the live stream); missing or foreign ones are left out. */
export async function alarmsByIds(db: Db, actor: Actor, ids: string[]): Promise<AlarmRow[]> {
  if (!ids.length) return [];
  return columns(base(db, actor).where('a.id', 'in', ids)).execute();
}

export async function alarmHistory(db: Db, actor: Actor, id: string) {
  await getAlarm(db, actor, id);
  return db
    .selectFrom('alarm_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_id')
    .select(['h.at', 'h.action', 'h.from_status', 'h.to_status', 'h.note', 'h.actor_id', 'u.display_name'])
    .where('h.alarm_id', '=', id)
    .orderBy('h.at')
    .execute();
}

export async function alarmEvents(
  db: Db,
  actor: Actor,
  id: string,
  cursor: string | undefined,
  pageSize: number,
) {
  await getAlarm(db, actor, id);
  const qb = db
    .selectFrom('alarm_events as ae')
    .innerJoin('device_events as ev', (j) =>
      j.onRef('ev.device_id', '=', 'ae.device_id').onRef('ev.event_id', '=', 'ae.event_id'),
    )
    .innerJoin('devices as d', 'd.id', 'ev.device_id')
    .where('ae.alarm_id', '=', id);
  return keysetPage(db, qb, (b) => b.selectAll('ev').select('d.code as device_code'), {
    cursor,
    pageSize,
    sortName: 'time',
    sort: key('ev.time', 'timestamptz'),
    order: 'asc',
    idColumn: 'ev.event_id',
    idType: 'text',
  });
}

/** Counts by status and severity, and false-positive rates per rule and per device, in the actor's scope. */
export async function alarmStats(db: Db, actor: Actor, regionCode?: string) {
  const scoped = () => {
    let qb = db.selectFrom('alarms as a').where(inScope(actor, 'alarm', 'a'));
    if (regionCode) qb = qb.where(inRegion(regionCode, 'a'));
    return qb;
  };
  const byStatus = await scoped()
    .select(['a.status', sql<number>`count(*)::int`.as('n')])
    .groupBy('a.status')
    .execute();
  const bySeverity = await scoped()
    .select(['a.severity', sql<number>`count(*)::int`.as('n')])
    .groupBy('a.severity')
    .execute();
  const real = sql<number>`count(*) FILTER (WHERE a.verdict = 'real')::int`;
  const fp = sql<number>`count(*) FILTER (WHERE a.verdict = 'false_positive')::int`;
  const byRule = await scoped()
    .innerJoin('alarm_rules as ru', (j) => j.onRef('ru.code', '=', 'a.rule_code').on('ru.active', '=', true))
    .select(['a.rule_code', 'ru.definition', real.as('real'), fp.as('fp')])
    .where('a.verdict', 'is not', null)
    .groupBy(['a.rule_code', 'ru.definition'])
    .orderBy('a.rule_code')
    .execute();
  const byDevice = await scoped()
    .innerJoin('devices as d', 'd.id', 'a.device_id')
    .select(['d.id', 'd.code', 'd.name', real.as('real'), fp.as('fp')])
    .where('a.verdict', 'is not', null)
    .groupBy(['d.id', 'd.code', 'd.name'])
    .orderBy(fp, 'desc')
    .limit(50)
    .execute();
  return { byStatus, bySeverity, byRule, byDevice };
}

export type AlarmStatsRows = Awaited<ReturnType<typeof alarmStats>>;

/** The alarm's lifecycle columns, locked for a transition, if the actor may see it. */
export async function lockAlarm(trx: Db, actor: Actor, id: string) {
  const row = await trx
    .selectFrom('alarms as a')
    .select([
      'a.id',
      'a.number',
      'a.status',
      'a.acknowledged_at',
      'a.region_code',
      'a.verdict',
      'a.severity',
      'a.type',
    ])
    .where('a.id', '=', id)
    .where(inScope(actor, 'alarm', 'a'))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Alarm');
  return row;
}

export type LockedAlarm = Awaited<ReturnType<typeof lockAlarm>>;

/** One step of the alarm state machine as stored: who did it is stamped on the steps that name a person. */
export interface AlarmStep {
  status: AlarmStatus;
  userId: string | null;
  acknowledges: boolean;
  verdict?: 'real' | 'false_positive' | null;
  escalates: boolean;
  closes: boolean;
  note: string;
  disposition?: string;
}

export async function recordAlarmStep(trx: Db, id: string, step: AlarmStep) {
  const now = sql<Date>`now()`;
  await trx
    .updateTable('alarms')
    .set({
      status: step.status,
      updated_at: now,
      ...(step.disposition !== undefined ? { disposition: step.disposition } : {}),
      ...(step.acknowledges ? { acknowledged_by: step.userId, acknowledged_at: now } : {}),
      ...(step.verdict ? { verdict: step.verdict, verified_by: step.userId, verified_at: now } : {}),
      ...(step.escalates ? { escalated_at: now } : {}),
      ...(step.closes ? { closed_by: step.userId, closed_at: now } : {}),
      ...(step.note ? { note: step.note } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertAlarmHistory(trx: Db, values: Insertable<AlarmHistoryTable>) {
  await trx.insertInto('alarm_history').values(values).execute();
}

/** The project and equipment an alarm concerns (not part of its view). */
export async function alarmBindings(trx: Db, id: string) {
  return trx
    .selectFrom('alarms')
    .select(['project_id', 'equipment_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** New alarms created at or before `createdBefore`, locked (skipping locked ones), oldest first, at most 200. */
export async function alarmsDueForEscalation(trx: Db, createdBefore: Date) {
  return trx
    .selectFrom('alarms')
    .select([
      'id',
      'number',
      'status',
      'acknowledged_at',
      'region_code',
      'verdict',
      'severity',
      'type',
      'created_at',
    ])
    .where('status', '=', 'new')
    .where('created_at', '<=', createdBefore)
    .orderBy('created_at')
    .limit(200)
    .forUpdate()
    .skipLocked()
    .execute();
}

const ALARM_CLOCK_LOCK = 727276;

/** One instance runs the alarm clock at a time: true when this transaction got the lock. */
export async function tryAlarmClockLock(trx: Db): Promise<boolean> {
  const got = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${ALARM_CLOCK_LOCK}) AS ok`.execute(
    trx,
  );
  return !!got.rows[0]?.ok;
}

/** A raised alarm, numbered AL-<day in the time zone>-<sequence>; null when the incident already has one. */
export async function insertRaisedAlarm(
  trx: Db,
  values: Omit<Insertable<AlarmsTable>, 'number'>,
  at: Date,
  timeZone: string,
) {
  return trx
    .insertInto('alarms')
    .values({
      number: sql<string>`'AL-' || to_char(${at}::timestamptz AT TIME ZONE ${timeZone}, 'YYYYMMDD') || '-' || lpad(nextval('alarm_number_seq')::text, 6, '0')`,
      ...values,
    })
    .onConflict((oc) => oc.columns(['device_id', 'rule_code', 'incident_seq']).doNothing())
    .returning(['id', 'number'])
    .executeTakeFirst();
}

/** What later events of an incident change on its alarm (fields left undefined are kept). */
export interface IncidentUpdate {
  lastEventAt?: Date;
  hits?: number;
  peak?: number | null;
  conditionEndedAt?: Date | null;
}

/** Updates the alarm of one incident; null when the incident has none (it was suppressed). */
export async function updateIncidentAlarm(
  trx: Db,
  incident: { deviceId: string; ruleCode: string; seq: number },
  u: IncidentUpdate,
) {
  return trx
    .updateTable('alarms')
    .set({
      updated_at: sql`now()`,
      ...(u.lastEventAt
        ? { last_event_at: sql<Date>`greatest(last_event_at, ${u.lastEventAt}::timestamptz)` }
        : {}),
      ...(u.hits ? { event_count: sql<number>`greatest(event_count, ${u.hits})` } : {}),
      ...(u.peak !== undefined && u.peak !== null ? { peak: u.peak } : {}),
      ...(u.conditionEndedAt === null ? { condition_ended_at: null } : {}),
      // An alarm other devices were folded into (fold-offline.ts) names devices that may still be
      // offline: its own device's return does not end it; the duty officer closes it.
      ...(u.conditionEndedAt
        ? {
            condition_ended_at: sql<Date>`CASE WHEN jsonb_array_length(folded_devices) = 0
              THEN ${u.conditionEndedAt}::timestamptz ELSE condition_ended_at END`,
          }
        : {}),
    })
    .where('device_id', '=', incident.deviceId)
    .where('rule_code', '=', incident.ruleCode)
    .where('incident_seq', '=', incident.seq)
    .returning(['id'])
    .executeTakeFirst();
}

export async function linkAlarmEvents(trx: Db, alarmId: string, deviceId: string, eventIds: string[]) {
  await sql`
    INSERT INTO alarm_events (alarm_id, device_id, event_id)
    SELECT ${alarmId}::uuid, ${deviceId}::uuid, e FROM json_array_elements_text(${JSON.stringify(eventIds)}::json) AS e
    ON CONFLICT DO NOTHING`.execute(trx);
}

/** An open alarm of a site and rule whose incident began at `since` or later, newest first, locked: what an offline device folds into. */
export async function openSiteAlarmSince(
  trx: Db,
  q: { siteId: string; ruleCode: string; since: Date; statuses: readonly AlarmStatus[] },
) {
  return trx
    .selectFrom('alarms as a')
    .innerJoin('devices as d', 'd.id', 'a.device_id')
    .select([
      'a.id',
      'a.number',
      'a.device_id',
      'a.region_code',
      'a.facts',
      'a.folded_devices',
      'd.code as device_code',
    ])
    .where('a.site_id', '=', q.siteId)
    .where('a.rule_code', '=', q.ruleCode)
    .where('a.status', 'in', [...q.statuses])
    .where('a.first_event_at', '>=', q.since)
    .orderBy('a.first_event_at', 'desc')
    .limit(1)
    .forUpdate('a')
    .executeTakeFirst();
}

/** Attaches a device to an alarm (its folded devices and the facts that name them). */
export async function setFoldedDevices(
  trx: Db,
  id: string,
  folded: Array<{ id: string; code: string }>,
  facts: unknown[],
  at: Date,
) {
  await trx
    .updateTable('alarms')
    .set({
      folded_devices: sql`${JSON.stringify(folded)}::jsonb`,
      facts: JSON.stringify(facts),
      last_event_at: sql<Date>`greatest(last_event_at, ${at}::timestamptz)`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}
