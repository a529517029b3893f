import { sql } from 'kysely';
import { evaluateRule, isDueForEscalation, type AlarmRule, type RuleState } from '@redline/domain';
import type { DeviceServices } from './services.ts';
import type { Db } from '../../db/database.ts';
import { applyActions, notifyAlarms, type TouchedAlarm } from './ingest/batch.ts';
import { applyTransition } from './alarm-actions.ts';
import type { DeviceInfo } from './device-cache.ts';
import { inTransaction } from '../../db/transaction.ts';

/**
 * The clock side of alarms, run every `everyMs` by each instance; an advisory lock makes one
 * instance do the work at a time:
 *  - devices silent for longer than the offline rule allows (at least three heartbeat intervals)
 *    go offline and raise a "device offline" alarm (the rule engine decides, as for events);
 *  - alarms nobody acknowledged within ALARM_ESCALATE_MINUTES are escalated;
 *  - refused-event samples older than 7 days are removed.
 */
const JOB_LOCK = 727276;

export async function runAlarmClock(services: DeviceServices, now = services.deps.now()) {
  const db = services.deps.database.db;
  await services.rules.ensure();
  const result = { offline: 0, escalated: 0 };
  await inTransaction(db, async (trx) => {
    const got = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${JOB_LOCK}) AS ok`.execute(trx);
    if (!got.rows[0]?.ok) return;
    result.offline = await markOffline(services, trx, now);
    result.escalated = await escalate(services, trx, now);
    await trx
      .deleteFrom('ingest_rejections')
      .where('received_at', '<', new Date(now.getTime() - 7 * 86_400_000))
      .execute();
  });
  return result;
}

async function markOffline(services: DeviceServices, trx: Db, now: Date): Promise<number> {
  const rule = services.rules.byCode('device-offline');
  if (!rule || !rule.enabled || rule.trigger.kind !== 'offline') return 0;
  const after = rule.trigger.afterSeconds;
  const silent = await trx
    .selectFrom('devices')
    .selectAll()
    .where('active', '=', true)
    .where('online', '=', true)
    .where(
      'last_seen_at',
      '<',
      sql<Date>`${now}::timestamptz - make_interval(secs => greatest(${after}, 3 * heartbeat_seconds))`,
    )
    .orderBy('id')
    .limit(500)
    .forUpdate()
    .skipLocked()
    .execute();
  if (!silent.length) return 0;
  const states = await trx
    .selectFrom('device_rule_states')
    .select(['device_id', 'state'])
    .where('rule_code', '=', rule.code)
    .where(
      'device_id',
      'in',
      silent.map((d) => d.id),
    )
    .execute();
  const stateOf = new Map(
    states.map((s) => [
      s.device_id,
      (typeof s.state === 'string' ? JSON.parse(s.state) : s.state) as RuleState,
    ]),
  );
  const planned = [];
  const dirty: object[] = [];
  for (const d of silent) {
    const device: DeviceInfo = {
      id: d.id,
      code: d.code,
      kind: d.kind,
      siteId: d.site_id,
      enterpriseId: d.enterprise_id,
      projectId: d.project_id,
      equipmentId: d.equipment_id,
      regionCode: d.region_code,
      active: d.active,
      tokenHash: d.token_hash,
      heartbeatSeconds: d.heartbeat_seconds,
      createdAt: new Date(d.created_at).getTime(),
    };
    if (!rule.deviceKinds.includes(device.kind)) continue;
    const perDevice: AlarmRule = {
      ...rule,
      trigger: { kind: 'offline', afterSeconds: Math.max(after, 3 * d.heartbeat_seconds) },
    };
    const lastSeen = d.last_seen_at ? new Date(d.last_seen_at).getTime() : null;
    const prev = stateOf.get(d.id) ?? null;
    const state = prev
      ? { ...prev, lastEventAt: Math.max(prev.lastEventAt ?? 0, lastSeen ?? 0) || null }
      : null;
    const r = evaluateRule(perDevice, state, { kind: 'tick', now: now.getTime(), since: lastSeen });
    dirty.push({ d: d.id, r: rule.code, s: r.state });
    for (const action of r.actions) planned.push({ device, rule, action, item: null, batchItems: new Map() });
  }
  await trx
    .updateTable('devices')
    .set({ online: false })
    .where(
      'id',
      'in',
      silent.map((d) => d.id),
    )
    .execute();
  if (dirty.length) {
    await sql`
      INSERT INTO device_rule_states (device_id, rule_code, state, updated_at)
      SELECT d, r, s, now() FROM json_to_recordset(${JSON.stringify(dirty)}::json) AS x(d uuid, r text, s jsonb)
      ON CONFLICT (device_id, rule_code) DO UPDATE SET state = excluded.state, updated_at = now()`.execute(
      trx,
    );
  }
  const counters = { alarmsRaised: 0, alarmsSuppressed: 0 };
  const touched = await applyActions({ timeZone: services.deps.config.TIME_ZONE }, trx, planned, counters);
  await notifyAlarms(trx, touched);
  services.pipeline.stats.alarmsRaised += counters.alarmsRaised;
  return silent.length;
}

async function escalate(services: DeviceServices, trx: Db, now: Date): Promise<number> {
  const minutes = services.deps.config.ALARM_ESCALATE_MINUTES;
  const due = await trx
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
    .where('created_at', '<=', new Date(now.getTime() - minutes * 60_000))
    .orderBy('created_at')
    .limit(200)
    .forUpdate()
    .skipLocked()
    .execute();
  const touched: TouchedAlarm[] = [];
  for (const row of due) {
    if (
      !isDueForEscalation(
        { status: 'new', createdAtMs: new Date(row.created_at).getTime() },
        now.getTime(),
        minutes,
      )
    )
      continue;
    await applyTransition(
      trx,
      row,
      'escalate',
      { system: 'alarm-clock' },
      `not acknowledged within ${minutes} minutes`,
    );
    touched.push({ id: row.id, kind: 'updated' });
  }
  return touched.length;
}

/** Runs the clock every `everyMs` until stopped. */
export function startAlarmClock(services: DeviceServices, everyMs = 15_000) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runAlarmClock(services)
      .catch((e) => services.log.error({ err: e }, 'alarm clock failed'))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
