import { evaluateRule, type EngineEvent, type RuleState } from '@redline/domain';
import type { Database, Db } from '../../../db/database.ts';
import type { RulesCache } from '../rules.ts';
import type { DeviceInfo } from '../device-cache.ts';
import { applyActions, notifyAlarms, type PlannedAction } from '../raise-alarms.ts';
import { closeOpenCheckIns, checkOut, insertGateCheckIn, workerExists } from '../attendance-repo.ts';
import type { DirtyRuleState } from '../rules-repo.ts';
import { insertRejections } from '../rejections-repo.ts';
import type { BatchOutcome, IngestItem, Outcome, RejectionRecord } from './pipeline.ts';
import { storableText } from './validate.ts';
import { beginBatch, commitBatchStates, EventRowsJson, rollbackBatch, storeBatch } from './batch-repo.ts';
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
 * One batch, one transaction: store the new events (a resent one — same device, event id and time — is ignored), apply
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
  const postgres = ctx.database.kind === 'postgres';
  // The batch runs its own BEGIN / COMMIT on one connection, so that BEGIN and the device locks
  // travel in one round trip (batch-repo.ts); on failure it rolls back and the pipeline retries or
  // splits the batch.
  return ctx.database.db.connection().execute(async (conn) => {
    const result: BatchOutcome = {
      outcomes: items.map((): Outcome => 'duplicate'),
      alarmsRaised: 0,
      alarmsSuppressed: 0,
    };
    const lockKeys: string[] = [];
    if (ctx.lockDevices && items.length) {
      const ids = new Set<string>();
      for (const it of items) ids.add(it.device.id);
      for (const id of ids) lockKeys.push(lockKey(id));
    }
    await beginBatch(conn, lockKeys, postgres);
    try {
      const dirty = items.length ? await storeEvents(ctx, conn, items, result) : [];
      if (rejections.length) await storeRejections(conn, rejections);
      await commitBatchStates(conn, dirty, postgres);
    } catch (e) {
      await rollbackBatch(conn).catch(() => {});
      throw e;
    }
    return result;
  });
}

/** Stores the events and runs the rules; answers the rule states to write at commit. */
async function storeEvents(
  ctx: BatchContext,
  trx: Db,
  items: IngestItem[],
  result: BatchOutcome,
): Promise<DirtyRuleState[]> {
  const devices = new Map<string, DeviceInfo>();
  // last seen per device: the newest event time, never later than now
  const latest = new Map<string, number>();
  for (const it of items) {
    devices.set(it.device.id, it.device);
    const prev = latest.get(it.device.id);
    if (prev === undefined || prev < it.at) latest.set(it.device.id, it.at);
  }
  const now = epochMs();

  // 1. the events, once each (a repeat inside the batch is a duplicate like a repeat across batches)
  const seenKeys = new Set<string>();
  const rowItem: number[] = [];
  const rows = new EventRowsJson();
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const e = it.event;
    const key = `${it.device.id}|${e.eventId}|${it.at}`;
    if (seenKeys.has(key)) continue;
    seenKeys.add(key);
    rowItem.push(i);
    rows.add(
      it.device.id,
      e.eventId,
      e.time,
      e.type,
      e.code,
      it.device.regionCode,
      it.device.siteId,
      e.values,
      e.detections,
      e.image?.ref,
    );
  }
  const stored = await storeBatch(
    trx,
    rows,
    [...latest].map(([id, at]) => ({ id, t: new Date(Math.min(at, now)).toISOString() })),
    [...devices.keys()],
  );
  const fresh: IngestItem[] = [];
  for (const n of stored.inserted) {
    const i = rowItem[n];
    if (i === undefined) continue;
    result.outcomes[i] = 'accepted';
    fresh.push(items[i]);
  }
  fresh.sort((a, b) => (a.device.id < b.device.id ? -1 : a.device.id > b.device.id ? 1 : a.at - b.at));

  // 2. attendance from gates
  for (const it of fresh) if (it.event.type === 'attendance') await applyAttendance(trx, it);

  // 3. the rules (their states were read by the statement above, after the device locks)
  const rules = runRules(ctx, fresh, devices, stored.states);
  const touched = await applyActions(ctx, trx, rules.planned, result);

  // 4. tell the consoles (delivered on commit)
  await notifyAlarms(trx, touched);
  return rules.dirty;
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

function runRules(
  ctx: BatchContext,
  fresh: IngestItem[],
  devices: Map<string, DeviceInfo>,
  stored: Array<[string, string, unknown]>,
): { planned: PlannedAction[]; dirty: DirtyRuleState[] } {
  if (!fresh.length) return { planned: [], dirty: [] };
  const states = new Map<string, RuleState>();
  const before = new Map<string, string>();
  for (const [deviceId, ruleCode, state] of stored) {
    const s = (typeof state === 'string' ? JSON.parse(state) : state) as RuleState;
    states.set(stateKey(deviceId, ruleCode), s);
    before.set(stateKey(deviceId, ruleCode), stripClock(s));
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
    for (const rule of ctx.rules.forKind(device.kind, device.regionCode, device.projectStage ?? null)) {
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
  return { planned, dirty };
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
