import { evaluateRule, type EngineEvent, type RuleState } from '@redline/domain';
import type { Database, Db } from '../../../db/database.ts';
import type { RulesCache } from '../rules.ts';
import type { DeviceInfo } from '../device-cache.ts';
import { applyActions, notifyAlarms, type PlannedAction } from '../raise-alarms.ts';
import { closeOpenCheckIns, checkOut, insertGateCheckIn, workerExists } from '../attendance-repo.ts';
import { ruleStatesOf, upsertRuleStates, type DirtyRuleState } from '../rules-repo.ts';
import { insertRejections } from '../rejections-repo.ts';
import type { BatchOutcome, IngestItem, Outcome, RejectionRecord } from './pipeline.ts';
import { storableText } from './validate.ts';
import { insertEvents, lockDeviceKeys, touchLastSeen, type EventRow } from './batch-repo.ts';
import { epochMs } from '../../../clock.ts';

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
  if (ctx.lockDevices) await lockDeviceKeys(trx, deviceIds.map(lockKey));

  // 1. the events, once each
  const firstOf = new Map<string, number>();
  const rows: EventRow[] = [];
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
  const inserted = await insertEvents(trx, rows);
  const fresh: IngestItem[] = [];
  for (const r of inserted) {
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
  await touchLastSeen(
    trx,
    [...latest].map(([id, t]) => ({ id, t })),
  );

  // 5. tell the consoles (delivered on commit)
  await notifyAlarms(trx, touched);
}

async function applyAttendance(trx: Db, it: IngestItem) {
  const worker = String(it.event.values!.worker);
  const at = new Date(it.at);
  if (it.event.values!.direction === 'in') {
    if (!(await workerExists(trx, worker))) return;
    await closeOpenCheckIns(trx, worker, at);
    await insertGateCheckIn(trx, {
      site_id: it.device.siteId,
      worker_id: worker,
      region_code: it.device.regionCode,
      enterprise_id: it.device.enterpriseId,
      check_in_at: at,
      source: 'gate',
      device_id: it.device.id,
    });
  } else await checkOut(trx, worker, it.device.siteId, at);
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
  const rows = await ruleStatesOf(trx, ids);
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
  const dirty: DirtyRuleState[] = [];
  for (const [key, s] of states) {
    if (stripClock(s) === (before.get(key) ?? 'null')) continue;
    if (!before.has(key) && !s.pending && !s.incident && !s.hits.length && !s.seq) continue;
    const [d, rule] = key.split('|');
    dirty.push({ d, r: rule, s });
  }
  if (dirty.length) await upsertRuleStates(trx, dirty);
  return planned;
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
  await insertRejections(trx, rows);
}
