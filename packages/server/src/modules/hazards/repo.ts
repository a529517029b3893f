import { sql, type Kysely, type Selectable } from 'kysely';
import { allowedActions, isOverdue, type HazardState } from '@redline/domain';
import { DOCUMENT_KIND_NAMES, type HazardDetail, type HazardSummary } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { HazardsTable } from '../../db/schema-inspections.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope, inRegion } from '../../auth/scope.ts';
import { notFound } from '../../errors.ts';
import { fileView } from '../../storage/files.ts';
import { pageOf, searchAny } from '../../db/paging.ts';

export type HazardRow = Selectable<HazardsTable>;

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
  };
}

export const domainActor = (a: Actor) => ({ id: a.userId, role: a.role, authorityId: a.authorityId });

/** One hazard the actor may see, locked for update when inside a transaction that changes it. */
export async function loadHazard(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  forUpdate = false,
): Promise<HazardRow> {
  let q = db
    .selectFrom('hazards as h')
    .selectAll('h')
    .where('h.id', '=', id)
    .where(inScope(actor, 'hazard', 'h'));
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Hazard');
  return row as HazardRow;
}

const summaryColumns = (qb: any) =>
  qb
    .leftJoin('enterprises as e', 'e.id', 'h.enterprise_id')
    .leftJoin('projects as p', 'p.id', 'h.project_id')
    .leftJoin('sites as s', 's.id', 'h.site_id')
    .leftJoin('users as fu', 'fu.id', 'h.found_by')
    .selectAll('h')
    .select([
      'e.name as enterprise_name',
      'p.name as project_name',
      's.name as site_name',
      's.lat as site_lat',
      's.lng as site_lng',
      'fu.display_name as found_by_name',
    ]);

export function summaryOf(r: any, now: Date): HazardSummary {
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

const R = 6_371_000;
function metres(lat1: number, lng1: number, lat2: number, lng2: number) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * R * Math.asin(Math.sqrt(a)));
}

export async function hazardDetail(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  now: Date,
): Promise<HazardDetail> {
  const row = await summaryColumns(db.selectFrom('hazards as h'))
    .where('h.id', '=', id)
    .where(inScope(actor, 'hazard', 'h'))
    .executeTakeFirst();
  if (!row) throw notFound('Hazard');
  const state = stateOf(row);
  const events = await db
    .selectFrom('hazard_events')
    .selectAll()
    .where('hazard_id', '=', id)
    .orderBy('seq')
    .execute();
  const fileIds = [...new Set([...state.evidence, ...(row.evidence_file_ids ?? [])])];
  const files = fileIds.length
    ? await db.selectFrom('files').selectAll().where('id', 'in', fileIds).execute()
    : [];
  const foundAt = new Date(row.found_at).getTime();
  const evidenceView = (fid: string) => {
    const f = files.find((x) => x.id === fid);
    if (!f) return null;
    const takenBeforeFound = f.exif_taken_at ? new Date(f.exif_taken_at).getTime() < foundAt : null;
    const metresFromSite =
      f.exif_lat != null && f.exif_lng != null && row.site_lat != null && row.site_lng != null
        ? metres(f.exif_lat, f.exif_lng, row.site_lat, row.site_lng)
        : null;
    return { ...fileView(f), takenBeforeFound, metresFromSite };
  };
  const documents = await db
    .selectFrom('documents as d')
    .select(['d.id', 'd.kind', 'd.number', 'd.status', 'd.issued_at'])
    .where(sql<boolean>`${id}::uuid = ANY(d.hazard_ids)`)
    .where(inScope(actor, 'document', 'd'))
    .$if(actor.role === 'enterprise_manager', (q) => q.where('d.status', '=', 'issued'))
    .orderBy('d.created_at')
    .execute();
  // Rectification evidence: every file uploaded to this hazard (submitted or not yet), and any
  // submitted file stored elsewhere; `submitted` says whether it was handed in with a submission.
  const submitted = new Set([...events.flatMap((e) => e.evidence_file_ids ?? []), ...state.evidence]);
  const uploads = await db
    .selectFrom('files')
    .selectAll()
    .where('owner_kind', '=', 'hazard')
    .where('owner_id', '=', id)
    .orderBy('uploaded_at')
    .execute();
  for (const f of uploads) if (!files.some((x) => x.id === f.id)) files.push(f);
  const extraIds = [...submitted].filter((f) => !files.some((x) => x.id === f));
  if (extraIds.length)
    files.push(...(await db.selectFrom('files').selectAll().where('id', 'in', extraIds).execute()));
  const rectification = [...new Set([...uploads.map((f) => f.id), ...submitted])].filter(
    (f) => !(row.evidence_file_ids ?? []).includes(f) || submitted.has(f),
  );
  return {
    ...summaryOf(row, now),
    description: row.description,
    checklistItemCode: row.checklist_item_code,
    legalBasis: (typeof row.legal_basis === 'string' ? JSON.parse(row.legal_basis) : row.legal_basis) ?? [],
    legalBasisText: legalBasisText(row.legal_basis),
    state: state as never,
    allowedActions: allowedActions(state, domainActor(actor)),
    evidence: rectification
      .map((fid) => {
        const v = evidenceView(fid);
        return v && { ...v, submitted: submitted.has(fid) };
      })
      .filter((x) => x !== null),
    foundEvidence: (row.evidence_file_ids ?? [])
      .map((fid: string) => {
        const v = evidenceView(fid);
        return v && { ...v, submitted: false };
      })
      .filter((x: unknown) => x !== null),
    events: events.map((e) => ({
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
    documents: documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      kindName: DOCUMENT_KIND_NAMES[d.kind as keyof typeof DOCUMENT_KIND_NAMES] ?? d.kind,
      number: d.number,
      status: d.status,
      issuedAt: d.issued_at ? new Date(d.issued_at).toISOString() : null,
    })),
  };
}

const SORT: Record<string, string> = {
  deadline: 'h.deadline',
  foundAt: 'h.found_at',
  updatedAt: 'h.updated_at',
  grade: 'h.grade',
};
const OPEN_OWED = ['rectification_ordered', 'rectifying'];

/** The rectification work list: filters for status, overdue, listing; scoped to the actor. */
export async function listHazards(db: Kysely<DB>, actor: Actor, q: Record<string, any>, now: Date) {
  let base = db.selectFrom('hazards as h').where(inScope(actor, 'hazard', 'h'));
  const statuses = q.status === undefined ? [] : Array.isArray(q.status) ? q.status : [q.status];
  if (statuses.length) base = base.where('h.status', 'in', statuses);
  if (q.grade) base = base.where('h.grade', '=', q.grade);
  if (q.open === true) base = base.where('h.status', 'not in', ['closed', 'rejected']);
  if (q.open === false) base = base.where('h.status', 'in', ['closed', 'rejected']);
  if (q.overdue === true) base = base.where('h.status', 'in', OPEN_OWED).where('h.deadline', '<', now);
  if (q.overdue === false)
    base = base.where((eb) =>
      eb.or([eb('h.status', 'not in', OPEN_OWED), eb('h.deadline', 'is', null), eb('h.deadline', '>=', now)]),
    );
  if (q.listed === true)
    base = base.where(
      sql<boolean>`h.state->'listing' IS NOT NULL AND jsonb_typeof(h.state->'listing') = 'object'`,
    );
  if (q.listed === false)
    base = base.where(
      sql<boolean>`(h.state->'listing' IS NULL OR jsonb_typeof(h.state->'listing') <> 'object')`,
    );
  if (q.enterpriseId) base = base.where('h.enterprise_id', '=', q.enterpriseId);
  if (q.projectId) base = base.where('h.project_id', '=', q.projectId);
  if (q.inspectionId) base = base.where('h.inspection_id', '=', q.inspectionId);
  if (q.regionCode) base = base.where(inRegion(q.regionCode, 'h'));
  if (q.q) base = base.where(searchAny(q.q, ['h.title', 'h.description']));
  const sort = SORT[q.sort ?? 'updatedAt'];
  const order = q.order ?? (q.sort === 'deadline' ? 'asc' : 'desc');
  const page = await pageOf(base, summaryColumns, {
    page: q.page,
    pageSize: q.pageSize,
    sortColumn: sort,
    order,
    idColumn: 'h.id',
  });
  return { ...page, items: page.items.map((r) => summaryOf(r, now)) };
}
