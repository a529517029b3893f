import { sql } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { Alarm, AlarmQuery, AlarmStats } from '@redline/contracts';
import {
  allowedAlarmActions,
  falsePositiveRate,
  OPEN_ALARM_STATUSES,
  type AlarmStatus,
} from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { inRegion, inScope } from '../../auth/scope.ts';
import { can } from '../../auth/policy.ts';
import { notFound } from '../../errors.ts';
import { iso, pageOf } from '../../db/paging.ts';
import { asObject } from './rules.ts';

type AlarmView = Static<typeof Alarm>;

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

const columns = (qb: any) =>
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

const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
const isoOrNull = (d: Date | string | null) => (d ? iso(d) : null);

export function alarmView(r: any, actor: Actor): AlarmView {
  const def = asObject(r.rule_definition) as { name: { zh: string; en: string } };
  const evidence = (asObject(r.evidence) ?? {}) as {
    detections?: [];
    values?: Record<string, number> | null;
  };
  const disposition = asObject(r.disposition) as AlarmView['disposition'];
  const status = r.status as AlarmStatus;
  const handles = can(actor, 'handle', 'alarm');
  const actions: string[] = handles ? allowedAlarmActions(status) : [];
  if (handles && status === 'verified') actions.push('enforce'); // 'dispatch' (to a hazard) comes from the state machine
  return {
    id: r.id,
    number: r.number,
    type: r.type,
    severity: r.severity,
    status,
    rule: { code: r.rule_code, version: r.rule_version, name: def.name },
    device: { id: r.device_id, code: r.device_code, name: r.device_name, kind: r.device_kind },
    site: {
      id: r.site_id,
      name: r.site_name,
      kind: r.site_kind,
      address: r.site_address,
      lat: r.site_lat,
      lng: r.site_lng,
    },
    enterprise: r.enterprise_id
      ? { id: r.enterprise_id, name: r.enterprise_name, creditCode: r.enterprise_credit_code }
      : null,
    equipmentId: r.equipment_id,
    regionCode: r.region_code,
    regionName: r.region_name,
    firstEventAt: iso(r.first_event_at),
    lastEventAt: iso(r.last_event_at),
    eventCount: r.event_count,
    peak: r.peak,
    conditionEndedAt: isoOrNull(r.condition_ended_at),
    facts: asObject(r.facts) ?? [],
    crossCheck: asObject(r.cross_check) ?? null,
    evidence: {
      imageRef: r.image_ref,
      snapshotUrl: r.image_ref?.startsWith('snapshot:') ? `/api/alarms/${r.id}/snapshot` : null,
      detections: evidence.detections ?? [],
      values: evidence.values ?? null,
    },
    acknowledgedBy: person(r.acknowledged_by, r.ack_name),
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    verdict: r.verdict,
    verifiedBy: person(r.verified_by, r.verify_name),
    verifiedAt: isoOrNull(r.verified_at),
    escalatedAt: isoOrNull(r.escalated_at),
    disposition: disposition ?? null,
    closedBy: person(r.closed_by, r.close_name),
    closedAt: isoOrNull(r.closed_at),
    note: r.note,
    allowedActions: actions,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

const SEVERITY_RANK = sql`CASE a.severity WHEN 'critical' THEN 5 WHEN 'high' THEN 4 WHEN 'medium' THEN 3 WHEN 'low' THEN 2 ELSE 1 END`;

export async function listAlarms(db: Db, actor: Actor, q: Static<typeof AlarmQuery>) {
  let qb = base(db, actor);
  if (q.status) {
    const statuses = q.status.split(',').flatMap((s) => (s === 'open' ? [...OPEN_ALARM_STATUSES] : [s]));
    qb = qb.where('a.status', 'in', statuses as never);
  }
  if (q.severity) qb = qb.where('a.severity', 'in', q.severity.split(',') as never);
  if (q.type) qb = qb.where('a.type', '=', q.type);
  if (q.siteId) qb = qb.where('a.site_id', '=', q.siteId);
  if (q.deviceId) qb = qb.where('a.device_id', '=', q.deviceId);
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
  const sortColumn =
    q.sort === 'lastEventAt' ? 'a.last_event_at' : q.sort === 'severity' ? 'severity_rank' : 'a.created_at';
  const select = (b: any) => columns(b).select(SEVERITY_RANK.as('severity_rank'));
  const page = await pageOf(qb, select, {
    page: q.page,
    pageSize: q.pageSize,
    sortColumn,
    order: q.order ?? 'desc',
    idColumn: 'a.id',
  });
  return { ...page, items: page.items.map((r) => alarmView(r, actor)) };
}

export async function getAlarm(db: Db, actor: Actor, id: string): Promise<AlarmView> {
  const row = await columns(base(db, actor).where('a.id', '=', id)).executeTakeFirst();
  if (!row) throw notFound('Alarm');
  return alarmView(row, actor);
}

/** Alarms by id that the actor may see (for the live stream); missing or foreign ones are left out. */
export async function alarmsByIds(db: Db, actor: Actor, ids: string[]): Promise<AlarmView[]> {
  if (!ids.length) return [];
  const rows = await columns(base(db, actor).where('a.id', 'in', ids)).execute();
  return rows.map((r: any) => alarmView(r, actor));
}

export async function alarmHistory(db: Db, actor: Actor, id: string) {
  await getAlarm(db, actor, id);
  const rows = await db
    .selectFrom('alarm_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_id')
    .select(['h.at', 'h.action', 'h.from_status', 'h.to_status', 'h.note', 'h.actor_id', 'u.display_name'])
    .where('h.alarm_id', '=', id)
    .orderBy('h.at')
    .execute();
  return rows.map((r) => ({
    at: iso(r.at),
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    by: person(r.actor_id, r.display_name),
    note: r.note,
  }));
}

export async function alarmEvents(db: Db, actor: Actor, id: string, page: number, pageSize: number) {
  await getAlarm(db, actor, id);
  const qb = db
    .selectFrom('alarm_events as ae')
    .innerJoin('device_events as ev', (j) =>
      j.onRef('ev.device_id', '=', 'ae.device_id').onRef('ev.event_id', '=', 'ae.event_id'),
    )
    .innerJoin('devices as d', 'd.id', 'ev.device_id')
    .where('ae.alarm_id', '=', id);
  const p = await pageOf(qb, (b) => b.selectAll('ev').select('d.code as device_code'), {
    page,
    pageSize,
    sortColumn: 'ev.time',
    order: 'asc',
    idColumn: 'ev.event_id',
  });
  return { ...p, items: p.items.map(storedEventView) };
}

export function storedEventView(r: any) {
  return {
    eventId: r.event_id,
    time: iso(r.time),
    receivedAt: iso(r.received_at),
    type: r.type,
    code: r.code,
    values: asObject(r.readings) ?? null,
    detections: asObject(r.detections) ?? null,
    image: r.image_ref ? { ref: r.image_ref } : null,
    deviceCode: r.device_code,
  };
}

/** Counts by status and severity, and false-positive rates per rule and per device, in the actor's scope. */
export async function alarmStats(
  db: Db,
  actor: Actor,
  regionCode?: string,
): Promise<Static<typeof AlarmStats>> {
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
  return {
    byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
    bySeverity: Object.fromEntries(bySeverity.map((r) => [r.severity, r.n])),
    falsePositive: {
      byRule: byRule.map((r) => ({
        ruleCode: r.rule_code,
        name: (asObject(r.definition) as { name: { zh: string; en: string } }).name,
        real: r.real,
        falsePositive: r.fp,
        rate: falsePositiveRate({ real: r.real, falsePositive: r.fp }),
      })),
      byDevice: byDevice.map((r) => ({
        deviceId: r.id,
        deviceCode: r.code,
        name: r.name,
        real: r.real,
        falsePositive: r.fp,
        rate: falsePositiveRate({ real: r.real, falsePositive: r.fp }),
      })),
    },
  };
}
