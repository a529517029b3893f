import { sql } from 'kysely';
import {
  applyCrossCheck,
  evaluateRule,
  type AlarmAction,
  type AlarmRule,
  type EngineEvent,
  type RuleState,
  dateInZone,
} from '@redline/domain';
import type { Database, Db } from '../../../db/database.ts';
import { appendAudit } from '../../../audit/chain.ts';
import type { RulesCache } from '../rules.ts';
import { runCrossCheck } from '../cross-checks.ts';
import type { DeviceInfo } from '../device-cache.ts';
import { notifyLive } from '../live.ts';
import type { BatchOutcome, IngestItem, Outcome, RejectionRecord } from './pipeline.ts';
import { storableText } from './validate.ts';
import { epochMs, wallClock } from '../../../clock.ts';

export interface BatchContext {
  database: Database;
  rules: RulesCache;
  timeZone: string;
  /** Serialise batches touching the same device (needed when batches commit in parallel). */
  lockDevices: boolean;
}

const clean = (s: string | undefined | null, max = 300) => storableText(s, max);

/** A per-device lock key: 60 bits of the device uuid, as a bigint string. */
const lockKey = (id: string) => BigInt('0x' + id.replace(/-/g, '').slice(0, 15)).toString();

/**
 * One batch, one transaction: store the new events (a repeated event id is ignored), apply
 * attendance, run the rules, cross-check and write alarms, keep the rule states, touch the devices'
 * last-seen time, record refused events, and NOTIFY the live consoles. Nothing is acknowledged
 * before this commits.
 */
export async function commitBatch(
  ctx: BatchContext,
  items: IngestItem[],
  rejections: RejectionRecord[],
): Promise<BatchOutcome> {
  await ctx.rules.ensure();
  return ctx.database.db.transaction().execute(async (trx) => {
    const result: BatchOutcome = {
      outcomes: items.map((): Outcome => 'duplicate'),
      alarmsRaised: 0,
      alarmsSuppressed: 0,
    };
    if (items.length) await storeEvents(ctx, trx, items, result);
    if (rejections.length) await storeRejections(trx, rejections);
    return result;
  });
}

async function storeEvents(ctx: BatchContext, trx: Db, items: IngestItem[], result: BatchOutcome) {
  const devices = new Map<string, DeviceInfo>();
  for (const it of items) devices.set(it.device.id, it.device);
  const deviceIds = [...devices.keys()].sort();
  if (ctx.lockDevices) {
    const keys = deviceIds.map(lockKey);
    await sql`SELECT count(pg_advisory_xact_lock(k::bigint)) FROM (SELECT k FROM json_array_elements_text(${JSON.stringify(keys)}::json) AS k ORDER BY k::bigint) s`.execute(
      trx,
    );
  }

  // 1. the events, once each
  const firstOf = new Map<string, number>();
  const rows: object[] = [];
  items.forEach((it, i) => {
    const key = `${it.device.id}|${it.event.eventId}`;
    if (firstOf.has(key)) return;
    firstOf.set(key, i);
    const e = it.event;
    rows.push({
      d: it.device.id,
      e: e.eventId,
      t: e.time,
      ty: e.type,
      c: e.code ?? null,
      r: it.device.regionCode,
      s: it.device.siteId,
      v: e.values ?? null,
      x: e.detections ?? null,
      i: e.image?.ref ?? null,
    });
  });
  const inserted = await sql<{ device_id: string; event_id: string }>`
    INSERT INTO device_events (device_id, event_id, time, type, code, region_code, site_id, readings, detections, image_ref)
    SELECT d, e, t, ty, c, r, s, v, x, i
    FROM json_to_recordset(${JSON.stringify(rows)}::json)
      AS j(d uuid, e text, t timestamptz, ty text, c text, r text, s uuid, v jsonb, x jsonb, i text)
    ON CONFLICT (device_id, event_id) DO NOTHING
    RETURNING device_id, event_id`.execute(trx);
  const fresh: IngestItem[] = [];
  for (const r of inserted.rows) {
    const i = firstOf.get(`${r.device_id}|${r.event_id}`);
    if (i === undefined) continue;
    result.outcomes[i] = 'accepted';
    fresh.push(items[i]);
  }
  fresh.sort((a, b) => (a.device.id < b.device.id ? -1 : a.device.id > b.device.id ? 1 : a.at - b.at));

  // 2. attendance from gates
  for (const it of fresh) if (it.event.type === 'attendance') await applyAttendance(trx, it);

  // 3. the rules
  const actions = await runRules(ctx, trx, fresh, devices);
  const touched = await applyActions(ctx, trx, actions, result);

  // 4. last seen (written at most every 10 s per device, at once when it was offline)
  const latest = new Map<string, string>();
  for (const it of items) {
    const prev = latest.get(it.device.id);
    if (!prev || Date.parse(prev) < it.at)
      latest.set(it.device.id, new Date(Math.min(it.at, epochMs())).toISOString());
  }
  await sql`
    UPDATE devices d SET last_seen_at = x.t, online = true
    FROM json_to_recordset(${JSON.stringify([...latest].map(([id, t]) => ({ id, t })))}::json) AS x(id uuid, t timestamptz)
    WHERE d.id = x.id AND d.active AND (d.last_seen_at IS NULL OR NOT d.online OR d.last_seen_at < x.t - interval '10 seconds')`.execute(
    trx,
  );

  // 5. tell the consoles (delivered on commit)
  await notifyAlarms(trx, touched);
}

async function applyAttendance(trx: Db, it: IngestItem) {
  const worker = String(it.event.values!.worker);
  const at = new Date(it.at);
  if (it.event.values!.direction === 'in') {
    const w = await trx.selectFrom('workers').select('id').where('id', '=', worker).executeTakeFirst();
    if (!w) return;
    await trx
      .updateTable('site_attendance')
      .set({ check_out_at: sql`greatest(check_in_at, ${at}::timestamptz)` })
      .where('worker_id', '=', worker)
      .where('check_out_at', 'is', null)
      .execute();
    await trx
      .insertInto('site_attendance')
      .values({
        site_id: it.device.siteId,
        worker_id: worker,
        region_code: it.device.regionCode,
        enterprise_id: it.device.enterpriseId,
        check_in_at: at,
        source: 'gate',
        device_id: it.device.id,
      })
      .execute();
  } else {
    await trx
      .updateTable('site_attendance')
      .set({ check_out_at: at })
      .where('worker_id', '=', worker)
      .where('site_id', '=', it.device.siteId)
      .where('check_out_at', 'is', null)
      .where('check_in_at', '<=', at)
      .execute();
  }
}

interface PlannedAction {
  device: DeviceInfo;
  rule: AlarmRule;
  action: AlarmAction;
  item: IngestItem | null;
  batchItems: Map<string, IngestItem>;
}

const stateKey = (deviceId: string, rule: string) => `${deviceId}|${rule}`;
const stripClock = (s: RuleState | null | undefined) =>
  s ? JSON.stringify({ ...s, lastEventAt: null }) : 'null';

export const toEngineEvent = (it: { event: IngestItem['event']; at: number }): EngineEvent => ({
  id: it.event.eventId,
  at: it.at,
  type: it.event.type,
  code: it.event.code ?? null,
  values: it.event.values ?? null,
  detections: it.event.detections ?? null,
});

async function runRules(
  ctx: BatchContext,
  trx: Db,
  fresh: IngestItem[],
  devices: Map<string, DeviceInfo>,
): Promise<PlannedAction[]> {
  if (!fresh.length) return [];
  const ids = [...new Set(fresh.map((it) => it.device.id))];
  const rows = await trx
    .selectFrom('device_rule_states')
    .select(['device_id', 'rule_code', 'state'])
    .where('device_id', 'in', ids)
    .execute();
  const states = new Map<string, RuleState>();
  const before = new Map<string, string>();
  for (const r of rows) {
    const s = (typeof r.state === 'string' ? JSON.parse(r.state) : r.state) as RuleState;
    states.set(stateKey(r.device_id, r.rule_code), s);
    before.set(stateKey(r.device_id, r.rule_code), stripClock(s));
  }
  const planned: PlannedAction[] = [];
  const byDevice = new Map<string, Map<string, IngestItem>>();
  for (const it of fresh) {
    let m = byDevice.get(it.device.id);
    if (!m) byDevice.set(it.device.id, (m = new Map()));
    m.set(it.event.eventId, it);
  }
  for (const it of fresh) {
    const device = devices.get(it.device.id)!;
    const ev = toEngineEvent(it);
    for (const rule of ctx.rules.forKind(device.kind)) {
      const key = stateKey(device.id, rule.code);
      const r = evaluateRule(rule, states.get(key), { kind: 'event', event: ev });
      states.set(key, r.state);
      for (const action of r.actions)
        planned.push({ device, rule, action, item: it, batchItems: byDevice.get(device.id)! });
    }
  }
  const dirty: object[] = [];
  for (const [key, s] of states) {
    if (stripClock(s) === (before.get(key) ?? 'null')) continue;
    if (!before.has(key) && !s.pending && !s.incident && !s.hits.length && !s.seq) continue;
    const [d, rule] = key.split('|');
    dirty.push({ d, r: rule, s });
  }
  if (dirty.length) {
    await sql`
      INSERT INTO device_rule_states (device_id, rule_code, state, updated_at)
      SELECT d, r, s, now() FROM json_to_recordset(${JSON.stringify(dirty)}::json) AS x(d uuid, r text, s jsonb)
      ON CONFLICT (device_id, rule_code) DO UPDATE SET state = excluded.state, updated_at = now()`.execute(
      trx,
    );
  }
  return planned;
}

export interface TouchedAlarm {
  id: string;
  kind: 'created' | 'updated';
}

/** Writes raises (after the cross-check), then merged updates and clears, per incident. */
export async function applyActions(
  ctx: { timeZone: string },
  trx: Db,
  planned: PlannedAction[],
  result: { alarmsRaised: number; alarmsSuppressed: number },
): Promise<TouchedAlarm[]> {
  const touched: TouchedAlarm[] = [];
  type Merge = {
    p: PlannedAction;
    seq: number;
    at: number;
    eventIds: Set<string>;
    hits: number;
    peak: number | null;
    ended: Date | null | undefined;
  };
  const merges = new Map<string, Merge>();
  for (const p of planned) {
    const a = p.action;
    if (a.type === 'raise') {
      const id = await raiseAlarm(ctx, trx, p, a, result);
      if (id) touched.push({ id, kind: 'created' });
      continue;
    }
    const key = `${p.device.id}|${p.rule.code}|${a.seq}`;
    let m = merges.get(key);
    if (!m)
      merges.set(
        key,
        (m = { p, seq: a.seq, at: 0, eventIds: new Set(), hits: 0, peak: null, ended: undefined }),
      );
    m.at = Math.max(m.at, a.at);
    if (a.type === 'update') {
      a.eventIds.forEach((id) => m!.eventIds.add(id));
      m.hits = Math.max(m.hits, a.hits);
      m.peak = a.peak;
      if (a.reopened) m.ended = null;
    } else m.ended = new Date(a.at);
  }
  for (const m of merges.values()) {
    const set: Record<string, unknown> = { updated_at: sql`now()` };
    if (m.eventIds.size) set.last_event_at = sql`greatest(last_event_at, ${new Date(m.at)}::timestamptz)`;
    if (m.hits) set.event_count = sql`greatest(event_count, ${m.hits})`;
    if (m.peak !== null) set.peak = m.peak;
    if (m.ended !== undefined) set.condition_ended_at = m.ended;
    const row = await trx
      .updateTable('alarms')
      .set(set)
      .where('device_id', '=', m.p.device.id)
      .where('rule_code', '=', m.p.rule.code)
      .where('incident_seq', '=', m.seq)
      .returning(['id'])
      .executeTakeFirst();
    if (!row) continue; // a suppressed incident (cross-check found nothing wrong)
    if (m.eventIds.size) await linkEvents(trx, row.id, m.p.device.id, [...m.eventIds]);
    if (m.ended === null)
      await trx
        .insertInto('alarm_history')
        .values({ alarm_id: row.id, action: 'reopened', details: '{}' })
        .execute();
    touched.push({ id: row.id, kind: 'updated' });
  }
  return touched;
}

async function raiseAlarm(
  ctx: { timeZone: string },
  trx: Db,
  p: PlannedAction,
  a: Extract<AlarmAction, { type: 'raise' }>,
  result: { alarmsRaised: number; alarmsSuppressed: number },
): Promise<string | null> {
  const at = new Date(a.at);
  const day = dateInZone(ctx.timeZone, at);
  const outcome = a.crossCheck ? await runCrossCheck(trx, a.crossCheck, p.device, at, day) : null;
  const decision = applyCrossCheck(a.crossCheck, outcome, {
    alarmType: p.rule.alarmType,
    severity: p.rule.severity,
  });
  if (!decision.record) {
    result.alarmsSuppressed++;
    return null;
  }
  // The evidence: the newest event of this incident in this batch that carries an image, else the trigger.
  const own = a.eventIds.map((id) => p.batchItems.get(id)).filter((x): x is IngestItem => !!x);
  const withImage = [...own].reverse().find((it) => it.event.image);
  const trigger = p.item ?? own[own.length - 1] ?? null;
  const first = own.length ? Math.min(...own.map((it) => it.at)) : a.at;
  const evidence = {
    detections: trigger?.event.detections ?? [],
    values: trigger?.event.values ?? null,
    eventId: trigger?.event.eventId ?? null,
  };
  const row = await trx
    .insertInto('alarms')
    .values({
      number: sql<string>`'AL-' || to_char(${at}::timestamptz AT TIME ZONE ${ctx.timeZone}, 'YYYYMMDD') || '-' || lpad(nextval('alarm_number_seq')::text, 6, '0')`,
      device_id: p.device.id,
      rule_code: p.rule.code,
      rule_version: p.rule.version,
      incident_seq: a.seq,
      type: decision.alarmType,
      severity: decision.severity,
      site_id: p.device.siteId,
      enterprise_id: p.device.enterpriseId,
      project_id: p.device.projectId,
      equipment_id: p.device.equipmentId,
      region_code: p.device.regionCode,
      first_event_at: new Date(first),
      last_event_at: at,
      event_count: 1,
      peak: a.value,
      facts: JSON.stringify(a.facts),
      cross_check: outcome
        ? JSON.stringify({
            kind: outcome.kind,
            verdict: outcome.verdict,
            facts: outcome.facts,
            checkedAt: wallClock().toISOString(),
          })
        : null,
      image_ref: (withImage ?? trigger)?.event.image?.ref ?? null,
      evidence: JSON.stringify(evidence),
    })
    .onConflict((oc) => oc.columns(['device_id', 'rule_code', 'incident_seq']).doNothing())
    .returning(['id', 'number'])
    .executeTakeFirst();
  if (!row) return null;
  if (a.eventIds.length) await linkEvents(trx, row.id, p.device.id, a.eventIds);
  await trx
    .insertInto('alarm_history')
    .values({
      alarm_id: row.id,
      action: 'raised',
      to_status: 'new',
      details: JSON.stringify({
        rule: `${p.rule.code}@${p.rule.version}`,
        verdict: outcome?.verdict ?? null,
      }),
    })
    .execute();
  await appendAudit(trx, {
    actor: { system: 'ingest' },
    action: 'alarm.raise',
    subjectType: 'alarm',
    subjectId: row.id,
    regionCode: p.device.regionCode,
    after: {
      number: row.number,
      type: decision.alarmType,
      severity: decision.severity,
      rule: p.rule.code,
      version: p.rule.version,
      events: a.eventIds,
    },
    details: { number: row.number, rule: `${p.rule.code}@${p.rule.version}` },
  });
  result.alarmsRaised++;
  return row.id;
}

async function linkEvents(trx: Db, alarmId: string, deviceId: string, eventIds: string[]) {
  await sql`
    INSERT INTO alarm_events (alarm_id, device_id, event_id)
    SELECT ${alarmId}::uuid, ${deviceId}::uuid, e FROM json_array_elements_text(${JSON.stringify(eventIds)}::json) AS e
    ON CONFLICT DO NOTHING`.execute(trx);
}

export async function notifyAlarms(trx: Db, touched: TouchedAlarm[]) {
  const seen = new Set<string>();
  const unique = touched.filter((t) => !seen.has(t.id) && seen.add(t.id));
  for (let i = 0; i < unique.length; i += 100) {
    const chunk = unique.slice(i, i + 100).map((t) => `${t.kind === 'created' ? 'c' : 'u'}:${t.id}`);
    await notifyLive(trx, 'A' + chunk.join(','));
  }
}

async function storeRejections(trx: Db, rejections: RejectionRecord[]) {
  const rows = rejections.map((r) => ({
    t: r.transport,
    g: r.regionCode ?? null,
    d: r.deviceCode ? clean(r.deviceCode, 64) : null,
    e: r.eventId ? clean(r.eventId, 100) : null,
    c: clean(r.code, 40),
    r: clean(r.reason, 500),
    x: clean(r.excerpt, 300),
  }));
  await sql`
    INSERT INTO ingest_rejections (transport, region_code, device_code, event_id, code, reason, excerpt)
    SELECT t, g, d, e, c, r, x FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(t text, g text, d text, e text, c text, r text, x text)`.execute(
    trx,
  );
}
