import { floorPercent, isRegulator as isRegulatorRole } from '@redline/domain';
import { HAZARD_STATUS_NAMES, REPORT_STATUS_NAMES } from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import type { NamedReportRow } from './repo.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * A report for a handler. The reporter never appears; to the enterprise not even whether a worker or
 * the public sent a hazard report (channel null), nor the points it earned someone.
 */
export function reportListItem(r: NamedReportRow, actor: Actor, now: Date) {
  const regulator = isRegulatorRole(actor.role) || actor.role === 'worker';
  return {
    id: r.id,
    trackingCode: r.tracking_code,
    kind: r.kind,
    channel: regulator || r.kind === 'suggestion' ? r.channel : null,
    status: r.status,
    regionCode: r.region_code,
    regionName: r.region_name,
    siteId: r.site_id,
    siteName: r.site_name,
    enterpriseName: r.enterprise_name,
    address: r.address,
    description: r.description,
    createdAt: iso(r.created_at),
    deadline: iso(r.deadline),
    overdue: r.status === 'received' && new Date(r.deadline) < now,
    escalated: r.escalated_at !== null,
    suspectedDuplicateOf: r.suspected_duplicate_of,
  };
}

export function reportView(r: NamedReportRow, actor: Actor, now: Date, pointsAwarded: number) {
  const regulator = isRegulatorRole(actor.role);
  return {
    ...reportListItem(r, actor, now),
    photoFileIds: r.photo_file_ids,
    hazardId: r.hazard_id,
    duplicateOfReportId: r.duplicate_of_report_id,
    duplicateOfHazardId: r.duplicate_of_hazard_id,
    grade: r.grade,
    outcomeReason: r.outcome_reason,
    handledAt: r.handled_at ? iso(r.handled_at) : null,
    reporterKnown: regulator ? r.reporter_known : false,
    pointsAwarded: regulator || actor.role === 'worker' ? pointsAwarded : null,
  };
}

export interface TrackingRow {
  tracking_code: string;
  kind: 'hazard' | 'suggestion';
  status: keyof typeof REPORT_STATUS_NAMES;
  created_at: Date;
  deadline: Date;
  handled_at: Date | null;
  outcome_reason: string | null;
  site_name: string | null;
  region_name: string | null;
  hazard_status: string | null;
}

/** The public tracking page: the handling and its outcome, nothing of the reporter. */
export function trackingView(t: TrackingRow) {
  return {
    trackingCode: t.tracking_code,
    kind: t.kind,
    status: t.status,
    statusName: REPORT_STATUS_NAMES[t.status],
    place: t.site_name ?? t.region_name ?? '',
    receivedAt: iso(t.created_at),
    deadline: iso(t.deadline),
    handledAt: t.handled_at ? iso(t.handled_at) : null,
    outcomeReason: t.outcome_reason,
    hazard: t.hazard_status
      ? {
          status: t.hazard_status,
          statusName: HAZARD_STATUS_NAMES[t.hazard_status] ?? t.hazard_status,
          closed: t.hazard_status === 'closed',
        }
      : null,
  };
}

export function participationView(
  from: string,
  to: string,
  f: {
    reports: number;
    handled: number;
    verified: number;
    duplicates: number;
    issued: number;
    redeemed: number;
  },
) {
  return {
    from,
    to,
    reports: f.reports,
    handled: f.handled,
    verified: f.verified,
    verifiedPercent: f.handled ? floorPercent(f.verified, f.handled) : null,
    duplicates: f.duplicates,
    pointsIssued: f.issued,
    pointsRedeemed: f.redeemed,
  };
}
