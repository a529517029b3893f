import type { Static } from '@sinclair/typebox';
import type {
  Alarm,
  AlarmHistoryEntry,
  AlarmRuleView,
  AlarmStats,
  AttendanceRecord,
  Device,
  IngestStats,
  Rejection,
  StoredEvent,
} from '@redline/contracts';
import {
  alarmActionsFor,
  effectiveRuleVersion,
  falsePositiveRate,
  ruleScopeCovers,
  ruleScopeLevel,
  floorPercent,
  type AlarmRule,
  type AlarmStatus,
} from '@redline/domain';
import type { Selectable } from 'kysely';
import type { DeviceEventsTable, IngestRejectionsTable } from '../../db/schema-devices.ts';
import type { Actor } from '../../auth/actor.ts';
import { iso } from '../../db/paging.ts';
import { topicOf } from './device-cache.ts';
import type { DeviceRow } from './repo.ts';
import type { AlarmRow, AlarmStatsRows, alarmHistory } from './alarms-repo.ts';
import type { RuleRow } from './rules-repo.ts';
import type { AttendanceRow } from './attendance-repo.ts';

/** Rows of the devices feature → the shapes the API answers with (pure functions). */

type DeviceView = Static<typeof Device>;
type AlarmView = Static<typeof Alarm>;

/** A JSON column as an object (PGlite and pg may hand it over as text). */
export const asObject = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

export function deviceStatus(r: {
  active: boolean;
  online: boolean;
  last_seen_at: Date | string | null;
}): DeviceView['status'] {
  if (!r.active) return 'disabled';
  if (!r.last_seen_at) return 'never_seen';
  return r.online ? 'online' : 'offline';
}

export const deviceView = (r: DeviceRow): DeviceView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  status: deviceStatus(r),
  siteId: r.site_id,
  siteName: r.site_name,
  siteKind: r.site_kind,
  enterpriseId: r.enterprise_id,
  enterpriseName: r.enterprise_name,
  equipmentId: r.equipment_id,
  equipmentCode: r.equipment_code,
  regionCode: r.region_code,
  regionName: r.region_name,
  lat: r.site_lat,
  lng: r.site_lng,
  vendor: r.vendor,
  model: r.model,
  heartbeatSeconds: r.heartbeat_seconds,
  active: r.active,
  note: r.note,
  lastSeenAt: r.last_seen_at ? iso(r.last_seen_at) : null,
  tokenPrefix: r.token_prefix,
  mqttTopic: topicOf({ regionCode: r.region_code, siteId: r.site_id, code: r.code }),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const foldedOf = (v: unknown): Array<{ id: string; code: string }> =>
  (typeof v === 'string' ? JSON.parse(v) : (v ?? [])) as Array<{ id: string; code: string }>;
const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
const isoOrNull = (d: Date | string | null) => (d ? iso(d) : null);

export function alarmView(r: AlarmRow, actor: Actor): AlarmView {
  const def = asObject(r.rule_definition) as { name: { zh: string; en: string } };
  const evidence = (asObject(r.evidence) ?? {}) as {
    detections?: [];
    values?: Record<string, number> | null;
  };
  const disposition = asObject(r.disposition) as AlarmView['disposition'];
  const status = r.status as AlarmStatus;
  // What the console offers is what the handlers allow: one domain rule (alarmActionsFor) behind both.
  const actions: string[] = alarmActionsFor(status, actor.role, { addressee: !!r.enterprise_id });
  return {
    id: r.id,
    number: r.number,
    type: r.type,
    severity: r.severity,
    status,
    rule: { code: r.rule_code, version: r.rule_version, name: def.name },
    device: { id: r.device_id, code: r.device_code, name: r.device_name, kind: r.device_kind },
    devices: [{ id: r.device_id, code: r.device_code }, ...foldedOf(r.folded_devices)],
    site: {
      id: r.site_id,
      name: r.site_name,
      kind: r.site_kind,
      address: r.site_address,
      lat: r.site_lat,
      lng: r.site_lng,
    },
    // The joined enterprise exists whenever the alarm names one (foreign key).
    enterprise: r.enterprise_id
      ? {
          id: r.enterprise_id,
          name: r.enterprise_name as string,
          creditCode: r.enterprise_credit_code as string,
        }
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

export const alarmHistoryView = (
  r: Awaited<ReturnType<typeof alarmHistory>>[number],
): Static<typeof AlarmHistoryEntry> => ({
  at: iso(r.at),
  action: r.action,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  by: person(r.actor_id, r.display_name),
  note: r.note,
});

export function storedEventView(
  r: Selectable<DeviceEventsTable> & { device_code?: string },
): Static<typeof StoredEvent> {
  return {
    eventId: r.event_id,
    time: iso(r.time),
    receivedAt: iso(r.received_at),
    // Stored only after the event schema checked it.
    type: r.type as Static<typeof StoredEvent>['type'],
    code: r.code,
    values: asObject(r.readings) ?? null,
    detections: asObject(r.detections) ?? null,
    image: r.image_ref ? { ref: r.image_ref } : null,
    deviceCode: r.device_code,
  };
}

export function alarmStatsView(s: AlarmStatsRows): Static<typeof AlarmStats> {
  return {
    byStatus: Object.fromEntries(s.byStatus.map((r) => [r.status, r.n])),
    bySeverity: Object.fromEntries(s.bySeverity.map((r) => [r.severity, r.n])),
    falsePositive: {
      byRule: s.byRule.map((r) => ({
        ruleCode: r.rule_code,
        name: (asObject(r.definition) as { name: { zh: string; en: string } }).name,
        real: r.real,
        falsePositive: r.fp,
        rate: falsePositiveRate({ real: r.real, falsePositive: r.fp }),
        ratePercent: floorPercent(r.fp, r.real + r.fp),
      })),
      byDevice: s.byDevice.map((r) => ({
        deviceId: r.id,
        deviceCode: r.code,
        name: r.name,
        real: r.real,
        falsePositive: r.fp,
        rate: falsePositiveRate({ real: r.real, falsePositive: r.fp }),
        ratePercent: floorPercent(r.fp, r.real + r.fp),
      })),
    },
  };
}

/** The scope of a rule version: '' national, else the override's region and level. */
export const ruleScopeView = (regionCode: string, regionName: string | null) => ({
  regionCode,
  regionName: regionCode === '' ? null : regionName,
  level: ruleScopeLevel(regionCode) ?? 'district',
});

/**
 * A rule version. `context` (the versions in force the caller sees, and the caller's region) fills
 * in where it applies: the narrower overrides that take its place, and whether it is the one in
 * force in the caller's own jurisdiction.
 */
export const ruleView = (
  r: RuleRow,
  context?: { inForce: readonly RuleRow[]; callerRegion: string },
): Static<typeof AlarmRuleView> => {
  const def = asObject(r.definition) as AlarmRule & { shippedVersion?: number };
  const { code: _c, version: _v, shippedVersion: _s, ...body } = def;
  const same = r.active && context ? context.inForce.filter((x) => x.code === r.code) : [];
  const narrower = same.filter(
    (x) => x.region_code !== r.region_code && ruleScopeCovers(r.region_code, x.region_code),
  );
  const applying = context
    ? effectiveRuleVersion(
        same.map((x) => ({ scope: x.region_code, x })),
        context.callerRegion,
      )
    : undefined;
  return {
    ...body,
    code: r.code,
    version: r.version,
    active: r.active,
    source: r.source,
    createdAt: iso(r.created_at),
    createdBy: r.display_name ?? null,
    scope: ruleScopeView(r.region_code, r.region_name),
    overriddenIn: narrower.map((x) => ruleScopeView(x.region_code, x.region_name)),
    appliesToCaller: !!applying && applying.x.version === r.version,
  };
};

export const rejectionView = (r: Selectable<IngestRejectionsTable>): Static<typeof Rejection> => ({
  id: r.id,
  receivedAt: iso(r.received_at),
  transport: r.transport,
  deviceCode: r.device_code,
  eventId: r.event_id,
  code: r.code,
  reason: r.reason,
  excerpt: r.excerpt,
});

/** `since`: an open check-in older than this is a forgotten check-out, not a worker on duty. */
export const attendanceView = (r: AttendanceRow, since: Date): Static<typeof AttendanceRecord> => ({
  id: r.id,
  siteId: r.site_id,
  workerId: r.worker_id,
  workerName: r.worker_name,
  trade: r.trade,
  checkInAt: iso(r.check_in_at),
  checkOutAt: r.check_out_at ? iso(r.check_out_at) : null,
  source: r.source,
  onDuty: !r.check_out_at && new Date(r.check_in_at) > since,
});

/** This instance's ingest counters. */
export function ingestStatsView(s: {
  stats: {
    startedAt: Date;
    received: number;
    accepted: number;
    duplicates: number;
    rejected: number;
    rejectedByCode: Record<string, number>;
    batches: number;
    retries: number;
    pausedTimes: number;
    alarmsRaised: number;
    alarmsSuppressed: number;
    lastBatchMs: number;
    reconnects: number;
  };
  transports: Iterable<string>;
  depth: number;
  capacity: number;
  loop: { p99Ms: number; maxMs: number };
}): Static<typeof IngestStats> {
  const st = s.stats;
  return {
    startedAt: st.startedAt.toISOString(),
    transports: [...s.transports],
    received: st.received,
    accepted: st.accepted,
    duplicates: st.duplicates,
    rejected: st.rejected,
    rejectedByCode: st.rejectedByCode,
    batches: st.batches,
    retries: st.retries,
    queueDepth: s.depth,
    queueCapacity: s.capacity,
    pausedTimes: st.pausedTimes,
    alarmsRaised: st.alarmsRaised,
    alarmsSuppressed: st.alarmsSuppressed,
    lastBatchMs: st.lastBatchMs,
    reconnects: st.reconnects,
    eventLoopDelayMs: { p99: s.loop.p99Ms, max: s.loop.maxMs },
  };
}
