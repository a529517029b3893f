import { evaluateRule, isDueForEscalation, type AlarmRule, type RuleState } from '@redline/domain';
import type { Deps } from '../../http/context.ts';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { applyActions, notifyAlarms, type PlannedAction, type TouchedAlarm } from './raise-alarms.ts';
import { applyTransition } from './transition-alarm.ts';
import { deviceInfoOf } from './device-cache.ts';
import type { RulesCache } from './rules.ts';
import { markDevicesOffline, silentDevices } from './repo.ts';
import { ruleStatesFor, upsertRuleStates, type DirtyRuleState } from './rules-repo.ts';
import { alarmsDueForEscalation, tryAlarmClockLock } from './alarms-repo.ts';
import { deleteRejectionsBefore } from './rejections-repo.ts';

/** What the clock needs of the running device services (ingest/services.ts). */
export interface AlarmClockHost {
  readonly deps: Deps;
  readonly rules: RulesCache;
  readonly pipeline: { stats: { alarmsRaised: number } };
  log: { error: (o: object, msg: string) => void };
}

/**
 * The clock side of alarms, run every `everyMs` by each instance; an advisory lock makes one
 * instance do the work at a time:
 *  - devices silent for longer than the offline rule allows (at least three heartbeat intervals)
 *    go offline and raise a "device offline" alarm (the rule engine decides, as for events);
 *  - alarms nobody acknowledged within ALARM_ESCALATE_MINUTES are escalated;
 *  - refused-event samples older than 7 days are removed.
 */
export async function runAlarmClock(services: AlarmClockHost, now = services.deps.now()) {
  const db = services.deps.database.db;
  await services.rules.ensure();
  const result = { offline: 0, escalated: 0 };
  await inTransaction(db, async (trx) => {
    if (!(await tryAlarmClockLock(trx))) return;
    result.offline = await markOffline(services, trx, now);
    result.escalated = await escalate(services, trx, now);
    await deleteRejectionsBefore(trx, new Date(now.getTime() - 7 * 86_400_000));
  });
  return result;
}

async function markOffline(services: AlarmClockHost, trx: Db, now: Date): Promise<number> {
  // The offline rule may be overridden by a province, city or district: each device is judged by the
  // version in force at its region; the candidates are those silent for the shortest limit in force.
  const offlineRule = (regionCode: string) => {
    const r = services.rules.byCode('device-offline', regionCode);
    return r && r.enabled && r.trigger.kind === 'offline' ? { ...r, trigger: r.trigger } : null;
  };
  const limits = services.rules
    .versionsOf('device-offline')
    .flatMap((r) => (r.enabled && r.trigger.kind === 'offline' ? [r.trigger.afterSeconds] : []));
  if (!limits.length) return 0;
  const candidates = await silentDevices(trx, now, Math.min(...limits));
  const silent = candidates.filter((d) => {
    const r = offlineRule(d.region_code);
    if (!r) return false;
    const limitMs = Math.max(r.trigger.afterSeconds, 3 * d.heartbeat_seconds) * 1000;
    return !d.last_seen_at || now.getTime() - new Date(d.last_seen_at).getTime() > limitMs;
  });
  if (!silent.length) return 0;
  const states = await ruleStatesFor(
    trx,
    'device-offline',
    silent.map((d) => d.id),
  );
  const stateOf = new Map(
    states.map((s) => [
      s.device_id,
      (typeof s.state === 'string' ? JSON.parse(s.state) : s.state) as RuleState,
    ]),
  );
  const planned: PlannedAction[] = [];
  const dirty: DirtyRuleState[] = [];
  for (const d of silent) {
    const device = deviceInfoOf(d);
    const rule = offlineRule(d.region_code)!;
    if (!rule.deviceKinds.includes(device.kind)) continue;
    const perDevice: AlarmRule = {
      ...rule,
      trigger: {
        kind: 'offline',
        afterSeconds: Math.max(rule.trigger.afterSeconds, 3 * d.heartbeat_seconds),
      },
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
  await markDevicesOffline(
    trx,
    silent.map((d) => d.id),
  );
  if (dirty.length) await upsertRuleStates(trx, dirty);
  const counters = { alarmsRaised: 0, alarmsSuppressed: 0 };
  const touched = await applyActions({ timeZone: services.deps.config.TIME_ZONE }, trx, planned, counters);
  await notifyAlarms(trx, touched);
  services.pipeline.stats.alarmsRaised += counters.alarmsRaised;
  return silent.length;
}

async function escalate(services: AlarmClockHost, trx: Db, now: Date): Promise<number> {
  const minutes = services.deps.config.ALARM_ESCALATE_MINUTES;
  const due = await alarmsDueForEscalation(trx, new Date(now.getTime() - minutes * 60_000));
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
      { publicUrl: services.deps.config.PUBLIC_URL },
    );
    touched.push({ id: row.id, kind: 'updated' });
  }
  return touched.length;
}

/** Runs the clock every `everyMs` until stopped. */
export function startAlarmClock(services: AlarmClockHost, everyMs = 15_000) {
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
