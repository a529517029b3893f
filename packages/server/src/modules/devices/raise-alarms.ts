import { applyCrossCheck, dateInZone, type AlarmAction, type AlarmRule } from '@redline/domain';
import type { DeviceEventV1 } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import { appendAudit } from '../../audit/chain.ts';
import { wallClock } from '../../clock.ts';
import type { DeviceInfo } from './device-cache.ts';
import { runCrossCheck } from './cross-checks.ts';
import {
  insertAlarmHistory,
  insertRaisedAlarm,
  linkAlarmEvents,
  updateIncidentAlarm,
} from './alarms-repo.ts';
import { notifyLive } from './live-repo.ts';
import { foldOffline } from './fold-offline.ts';

/** An event the rule engine saw (an ingest item, or nothing for a clock tick). */
export interface SeenEvent {
  event: DeviceEventV1;
  at: number;
}

/** What the rule engine decided for one device and rule. */
export interface PlannedAction {
  device: DeviceInfo;
  rule: AlarmRule;
  action: AlarmAction;
  item: SeenEvent | null;
  /** This device's events in the same batch, by event id (the evidence of a raise). */
  batchItems: Map<string, SeenEvent>;
}

export interface TouchedAlarm {
  id: string;
  kind: 'created' | 'updated';
}

/**
 * The rule engine's actions as alarms, inside the caller's transaction (an ingest batch or the
 * alarm clock): raises first pass the cross-check and are written with their history line and
 * audit entry; later updates and clears of one incident are merged into one update.
 */
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
      // A device going offline beside others of its site joins their alarm (issue 16).
      const into = await foldOffline(trx, p, new Date(a.at));
      if (into) {
        touched.push({ id: into, kind: 'updated' });
        continue;
      }
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
    const row = await updateIncidentAlarm(
      trx,
      { deviceId: m.p.device.id, ruleCode: m.p.rule.code, seq: m.seq },
      {
        lastEventAt: m.eventIds.size ? new Date(m.at) : undefined,
        hits: m.hits,
        peak: m.peak,
        conditionEndedAt: m.ended,
      },
    );
    if (!row) continue; // a suppressed incident (cross-check found nothing wrong)
    if (m.eventIds.size) await linkAlarmEvents(trx, row.id, m.p.device.id, [...m.eventIds]);
    if (m.ended === null)
      await insertAlarmHistory(trx, { alarm_id: row.id, action: 'reopened', details: '{}' });
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
  const own = a.eventIds.map((id) => p.batchItems.get(id)).filter((x): x is SeenEvent => !!x);
  const withImage = [...own].reverse().find((it) => it.event.image);
  const trigger = p.item ?? own[own.length - 1] ?? null;
  const first = own.length ? Math.min(...own.map((it) => it.at)) : a.at;
  const evidence = {
    detections: trigger?.event.detections ?? [],
    values: trigger?.event.values ?? null,
    eventId: trigger?.event.eventId ?? null,
  };
  const row = await insertRaisedAlarm(
    trx,
    {
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
    },
    at,
    ctx.timeZone,
  );
  if (!row) return null;
  if (a.eventIds.length) await linkAlarmEvents(trx, row.id, p.device.id, a.eventIds);
  await insertAlarmHistory(trx, {
    alarm_id: row.id,
    action: 'raised',
    to_status: 'new',
    details: JSON.stringify({
      rule: `${p.rule.code}@${p.rule.version}`,
      verdict: outcome?.verdict ?? null,
    }),
  });
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

/** Tells the consoles which alarms changed (delivered on commit), at most 100 ids per notification. */
export async function notifyAlarms(trx: Db, touched: TouchedAlarm[]) {
  const seen = new Set<string>();
  const unique = touched.filter((t) => !seen.has(t.id) && seen.add(t.id));
  for (let i = 0; i < unique.length; i += 100) {
    const chunk = unique.slice(i, i + 100).map((t) => `${t.kind === 'created' ? 'c' : 'u'}:${t.id}`);
    await notifyLive(trx, 'A' + chunk.join(','));
  }
}
