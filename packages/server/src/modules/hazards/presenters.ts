import { allowedActions, floorPercent, isOverdue, type HazardState } from '@redline/domain';
import {
  DOCUMENT_KIND_NAMES,
  type EvidenceFileView,
  type HazardDetail,
  type HazardStats,
  type HazardSummary,
} from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import { fileView, type FileRow } from '../../storage/files.ts';
import type { HazardDocumentRow, HazardEventRow, HazardRow, HazardSummaryRow } from './repo.ts';
import type { FigureRow, GroupFigureRow } from './stats-repo.ts';

/** Rows → what the API answers, and the stored row → the domain's state. Pure functions. */

/** The stored domain state, with defaults for fields an older writer may have left out. */
export function stateOf(row: Pick<HazardRow, 'state' | 'status' | 'grade' | 'deadline'>): HazardState {
  const s = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as Partial<HazardState>;
  return {
    status: (s.status ?? row.status) as HazardState['status'],
    grade: s.grade ?? row.grade,
    deadline: s.deadline ?? (row.deadline ? new Date(row.deadline).toISOString() : null),
    plan: s.plan ?? null,
    listing: s.listing ?? null,
    pendingExtension: s.pendingExtension ?? null,
    evidence: s.evidence ?? [],
    returnedCount: s.returnedCount ?? 0,
    acceptance: s.acceptance ?? null,
    closure: s.closure ?? null,
    ...(s.supervision ? { supervision: s.supervision } : {}),
  };
}

/** The caller as the domain sees them; `party` = their enterprise's role on the hazard's project. */
export const domainActor = (a: Actor, party: string | null = null) => ({
  id: a.userId,
  role: a.role,
  authorityId: a.authorityId,
  party,
});

/** "《doc》clause；…" from the legal basis list of the checklist item. */
export function legalBasisText(basis: unknown): string {
  const list = (typeof basis === 'string' ? JSON.parse(basis) : basis) as unknown[];
  if (!Array.isArray(list)) return '';
  return list
    .map((b) => {
      if (typeof b === 'string') return b;
      const x = b as { doc?: string; clause?: string; title?: string };
      const doc = x.doc ?? x.title ?? '';
      const quoted = doc && !/^[《〈]/.test(doc) && !/〔\d{4}〕/.test(doc) ? `《${doc}》` : doc;
      return `${quoted}${x.clause ?? ''}`;
    })
    .filter(Boolean)
    .join('；');
}

export function summaryOf(r: HazardSummaryRow, now: Date): HazardSummary {
  const state = stateOf(r);
  const overdue = isOverdue(state, now.toISOString());
  const overdueDays =
    overdue && state.deadline
      ? Math.max(1, Math.ceil((now.getTime() - Date.parse(state.deadline)) / 86_400_000))
      : 0;
  return {
    id: r.id,
    title: r.title,
    grade: state.grade,
    status: state.status,
    source: r.source,
    regionCode: r.region_code,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name ?? null,
    projectId: r.project_id,
    projectName: r.project_name ?? null,
    siteId: r.site_id,
    siteName: r.site_name ?? null,
    inspectionId: r.inspection_id,
    foundAt: new Date(r.found_at).toISOString(),
    foundByName: r.found_by_name ?? null,
    deadline: state.deadline ? new Date(state.deadline).toISOString() : null,
    overdue,
    overdueDays,
    listed: !!state.listing,
    pendingExtension: !!state.pendingExtension,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

const R = 6_371_000;
function metres(lat1: number, lng1: number, lat2: number, lng2: number) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * R * Math.asin(Math.sqrt(a)));
}

/** A stored evidence file with its checks: taken before the hazard was found? how far from the site? */
export function evidenceFileView(
  f: FileRow,
  foundAt: Date | string,
  site: { lat: number | null; lng: number | null } | null,
): EvidenceFileView {
  const takenBeforeFound = f.exif_taken_at
    ? new Date(f.exif_taken_at).getTime() < new Date(foundAt).getTime()
    : null;
  const metresFromSite =
    site && f.exif_lat != null && f.exif_lng != null && site.lat != null && site.lng != null
      ? metres(f.exif_lat, f.exif_lng, site.lat, site.lng)
      : null;
  return { ...fileView(f), takenBeforeFound, metresFromSite };
}

export interface DetailParts {
  row: HazardSummaryRow;
  state: HazardState;
  events: HazardEventRow[];
  /** Every file the detail may show (found evidence, rectification uploads, submitted files). */
  files: FileRow[];
  /** Rectification evidence ids in the order shown. */
  rectification: string[];
  /** Files handed in with a submission. */
  submitted: Set<string>;
  documents: HazardDocumentRow[];
  /** The caller's party on the hazard's project (issue 17), for the actions offered. */
  party?: string | null;
}

export function detailOf(p: DetailParts, actor: Actor, now: Date): HazardDetail {
  const { row, state } = p;
  const site = { lat: row.site_lat, lng: row.site_lng };
  const view = (fid: string, submitted: boolean) => {
    const f = p.files.find((x) => x.id === fid);
    return f ? { ...evidenceFileView(f, row.found_at, site), submitted } : null;
  };
  return {
    ...summaryOf(row, now),
    description: row.description,
    checklistItemCode: row.checklist_item_code,
    legalBasis: (typeof row.legal_basis === 'string' ? JSON.parse(row.legal_basis) : row.legal_basis) ?? [],
    legalBasisText: legalBasisText(row.legal_basis),
    state: state as never,
    allowedActions: allowedActions(state, domainActor(actor, p.party ?? null)),
    evidence: p.rectification.map((fid) => view(fid, p.submitted.has(fid))).filter((x) => x !== null),
    foundEvidence: (row.evidence_file_ids ?? []).map((fid) => view(fid, false)).filter((x) => x !== null),
    events: p.events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: new Date(e.at).toISOString(),
      actorName: e.actor_name,
      actorRole: e.actor_role,
      from: e.from_status,
      to: e.to_status,
      payload: (e.payload ?? {}) as Record<string, unknown>,
      evidenceFileIds: e.evidence_file_ids ?? [],
      documentId: e.document_id,
    })),
    documents: p.documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      kindName: DOCUMENT_KIND_NAMES[d.kind as keyof typeof DOCUMENT_KIND_NAMES] ?? d.kind,
      number: d.number,
      status: d.status,
      issuedAt: d.issued_at ? new Date(d.issued_at).toISOString() : null,
    })),
  };
}

const figures = (r: FigureRow) => ({
  found: r.found,
  closed: r.closed,
  closedOnTime: r.closed_on_time,
  overdue: r.overdue,
  majorOpen: r.major_open,
  rate: r.found ? r.closed / r.found : null,
  // Displayed rates are rounded down, so 2,852 / 2,853 reads 99.9, never 100.0.
  ratePercent: floorPercent(r.closed, r.found),
  onTimeRate: r.found ? r.closed_on_time / r.found : null,
  onTimeRatePercent: floorPercent(r.closed_on_time, r.found),
});

export function statsOf(
  rows: { total: FigureRow; groups: GroupFigureRow[] },
  groupBy: HazardStats['groupBy'],
  now: Date,
): HazardStats {
  return {
    asOf: now.toISOString(),
    total: figures(rows.total),
    groupBy,
    groups: rows.groups.map((r) => ({ key: r.key, name: r.name, ...figures(r) })),
  };
}
