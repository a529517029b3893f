import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  ChecklistItem,
  InspectionHazard,
  InspectionListItem,
  InspectionQuery,
  InspectionTarget,
  InspectionView,
  PageOf,
  ScoreView,
} from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { HazardsTable, InspectionsTable } from '../../db/schema-inspections.ts';
import type { Actor } from '../../auth/actor.ts';
import { escapeLike, inScope } from '../../auth/scope.ts';
import { forbidden, notFound } from '../../errors.ts';
import { fileView } from '../../storage/files.ts';
import { scoreInspection } from './scoring.ts';

/** Reading inspections: one (scoped), the full view with findings and scores, and the list. */
type Q = Kysely<DB>;
export type InspectionRow = Selectable<InspectionsTable>;

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** The inspection if the actor may see it (jurisdiction, enterprise, or cross-inspection membership); else 404. */
export async function loadInspection(
  db: Q,
  actor: Actor,
  id: string,
  forUpdate = false,
): Promise<InspectionRow> {
  let q = db
    .selectFrom('inspections as i')
    .selectAll('i')
    .where('i.id', '=', id)
    .where(inScope(actor, 'inspection', 'i'));
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Inspection');
  return row;
}

export async function isMember(db: Q, inspectionId: string, userId: string) {
  return !!(await db
    .selectFrom('inspection_members')
    .select('user_id')
    .where('inspection_id', '=', inspectionId)
    .where('user_id', '=', userId)
    .executeTakeFirst());
}

/** Findings, photos, signatures and finishing are for the team on site. */
export async function requireMember(db: Q, actor: Actor, inspection: InspectionRow) {
  if (!(await isMember(db, inspection.id, actor.userId)))
    throw forbidden('Only the inspection team records findings, photos and signatures');
}

export async function inspectionView(db: Q, actor: Actor, id: string): Promise<InspectionView> {
  const i = await loadInspection(db, actor, id);
  const regionNames = new Map(
    (
      await db
        .selectFrom('regions')
        .select(['code', 'name_zh'])
        .where('code', 'in', [i.region_code, i.home_region_code || i.region_code])
        .execute()
    ).map((r) => [r.code, r.name_zh]),
  );
  const members = await db
    .selectFrom('inspection_members as m')
    .leftJoin('regions as r', 'r.code', 'm.home_region_code')
    .leftJoin('authorities as a', 'a.id', 'm.authority_id')
    .select([
      'm.user_id',
      'm.role',
      'm.display_name',
      'm.licence_no',
      'm.home_region_code',
      'm.authority_id',
      'r.name_zh as region_name',
      'a.name as authority_name',
    ])
    .where('m.inspection_id', '=', id)
    .orderBy(sql`m.role = 'leader'`, 'desc')
    .orderBy('m.display_name')
    .execute();
  const signatures = await db
    .selectFrom('inspection_signatures')
    .selectAll()
    .where('inspection_id', '=', id)
    .orderBy('signed_at')
    .execute();
  const findingRows = await db
    .selectFrom('inspection_findings as f')
    .innerJoin('checklist_items as ci', 'ci.id', 'f.item_id')
    .innerJoin('checklist_modules as m', 'm.id', 'ci.module_id')
    .innerJoin('checklist_versions as v', 'v.id', 'f.version_id')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .leftJoin('hazards as h', 'h.finding_id', 'f.id')
    .selectAll('f')
    .select([
      'ci.body',
      'm.name_zh as module_name_zh',
      'm.name_en as module_name_en',
      'm.table_code',
      'l.code as library_code',
      'h.id as hazard_id',
    ])
    .where('f.inspection_id', '=', id)
    .orderBy('f.sort')
    .execute();
  const photoIds = [...new Set(findingRows.flatMap((f) => f.photo_file_ids))];
  const photos = new Map(
    (photoIds.length
      ? await db.selectFrom('files').selectAll().where('id', 'in', photoIds).execute()
      : []
    ).map((f) => [f.id, fileView(f)]),
  );
  const versions = await db
    .selectFrom('checklist_versions as v')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select([
      'v.id',
      'v.version',
      'v.status',
      'v.scored',
      'v.name_zh',
      'v.name_en',
      'l.id as library_id',
      'l.code',
    ])
    .where('v.id', 'in', (eb) =>
      eb.selectFrom('inspection_findings').select('version_id').where('inspection_id', '=', id),
    )
    .orderBy('l.code')
    .execute();
  const hazards = await db
    .selectFrom('hazards')
    .selectAll()
    .where('inspection_id', '=', id)
    .orderBy('created_at')
    .execute();
  const scores: ScoreView[] =
    i.status === 'finished' && i.score ? (i.score as ScoreView[]) : await scoreInspection(db, id);
  const authority = i.authority_id
    ? await db.selectFrom('authorities').select('name').where('id', '=', i.authority_id).executeTakeFirst()
    : undefined;
  const group = i.group_id
    ? await db.selectFrom('inspection_groups').select('name').where('id', '=', i.group_id).executeTakeFirst()
    : undefined;

  const signedUsers = new Set(signatures.filter((s) => s.party === 'inspector').map((s) => s.user_id));
  const findings = findingRows.map((f) => ({
    id: f.id,
    itemId: f.item_id,
    versionId: f.version_id,
    libraryCode: f.library_code,
    moduleCode: f.module_code,
    moduleName: { zh: f.module_name_zh, en: f.module_name_en || f.module_name_zh },
    table: f.table_code,
    sort: f.sort,
    item: f.body as unknown as ChecklistItem,
    result: f.result,
    note: f.note,
    measuredValue: f.measured_value,
    deductions: f.deductions.map((d) => ({ rule: d.rule, points: d.points, count: d.count })),
    deducted: f.deducted,
    hazardDescription: f.hazard_description,
    hazardGrade: f.hazard_grade,
    rectifyDays: f.rectify_days,
    photos: f.photo_file_ids.map((pid) => photos.get(pid)).filter((p): p is NonNullable<typeof p> => !!p),
    recordedBy: f.recorded_by,
    recordedAt: iso(f.recorded_at),
    hazardId: f.hazard_id ?? null,
  }));
  const member = members.some((m) => m.user_id === actor.userId);
  const open = i.status === 'draft' || i.status === 'in_progress';
  const blockers = blockersOf(i, findings, scores, members, signatures);
  const outside = (code: string) => !i.region_code.startsWith(code);
  const list = listItemOf(
    i,
    regionNames.get(i.region_code) ?? null,
    members.map((m) => ({ userId: m.user_id, displayName: m.display_name, role: m.role })),
    findings,
    scores,
    hazards.length,
  );
  return {
    ...list,
    topic: i.topic,
    place: i.place,
    principalName: i.principal_name,
    authorityId: i.authority_id,
    authorityName: authority?.name ?? null,
    groupId: i.group_id,
    groupName: group?.name ?? null,
    alarmId: i.alarm_id,
    members: members.map((m) => ({
      userId: m.user_id,
      role: m.role,
      displayName: m.display_name,
      licenceNo: m.licence_no,
      homeRegionCode: m.home_region_code,
      homeRegionName: m.region_name,
      authorityId: m.authority_id,
      authorityName: m.authority_name,
      outsideJurisdiction: i.kind !== 'self' && outside(m.home_region_code),
      signed: signedUsers.has(m.user_id),
    })),
    cross:
      i.kind === 'cross'
        ? {
            homeRegionCode: i.home_region_code,
            homeRegionName: regionNames.get(i.home_region_code) ?? null,
            targetRegionCode: i.region_code,
            targetRegionName: regionNames.get(i.region_code) ?? null,
          }
        : null,
    libraries: versions.map((v) => ({
      versionId: v.id,
      libraryId: v.library_id,
      code: v.code,
      name: { zh: v.name_zh, en: v.name_en || v.name_zh },
      version: v.version,
      status: v.status,
      scored: v.scored,
    })),
    findings,
    scores,
    signatures: signatures.map(signatureView),
    hazards: hazards.map(hazardView),
    createdBy: i.created_by,
    endedAt: iso(i.ended_at),
    updatedAt: iso(i.updated_at)!,
    can: {
      record: member && open && signatures.length === 0,
      sign: member && (i.status === 'in_progress' || i.status === 'signed'),
      finish: member && i.status === 'signed' && blockers.length === 0,
      cancel: (member || i.created_by === actor.userId) && open,
      edit: (member || i.created_by === actor.userId) && open,
    },
    blockers,
  };
}

type MemberLite = { user_id: string; display_name: string };
type SigLite = { party: string; user_id: string | null };

/** What stands between the inspection and finishing, as codes the UI explains. */
export function blockersOf(
  i: Pick<InspectionRow, 'status'>,
  findings: Array<{ result: string; hazardDescription: string }>,
  scores: ScoreView[],
  members: MemberLite[],
  signatures: SigLite[],
): InspectionView['blockers'] {
  if (i.status === 'finished' || i.status === 'cancelled') return [];
  const out: InspectionView['blockers'] = [];
  const pending = findings.filter((f) => f.result === 'pending').length;
  if (pending) out.push({ code: 'ITEMS_PENDING', params: { count: pending } });
  for (const s of scores)
    for (const t of s.tables)
      if (t.error) out.push({ code: 'TABLE_IN_ERROR', params: { table: t.table, message: t.error.message } });
  for (const m of members)
    if (!signatures.some((s) => s.party === 'inspector' && s.user_id === m.user_id))
      out.push({ code: 'INSPECTOR_NOT_SIGNED', params: { name: m.display_name } });
  if (!signatures.some((s) => s.party === 'inspected'))
    out.push({ code: 'INSPECTED_NOT_SIGNED', params: {} });
  return out;
}

export function signatureView(s: Selectable<DB['inspection_signatures']>) {
  return {
    id: s.id,
    party: s.party,
    userId: s.user_id,
    signerName: s.signer_name,
    fileId: s.file_id,
    refused: s.refused,
    refusalReason: s.refusal_reason,
    witnessName: s.witness_name,
    signedAt: iso(s.signed_at)!,
  };
}

export function hazardView(h: Selectable<HazardsTable>): InspectionHazard {
  return {
    id: h.id,
    title: h.title,
    description: h.description,
    grade: h.grade,
    status: h.status,
    source: h.source,
    checklistItemCode: h.checklist_item_code,
    inspectionId: h.inspection_id,
    findingId: h.finding_id,
    regionCode: h.region_code,
    enterpriseId: h.enterprise_id,
    projectId: h.project_id,
    siteId: h.site_id,
    equipmentId: h.equipment_id,
    evidenceFileIds: h.evidence_file_ids,
    legalBasis: (h.legal_basis ?? []) as InspectionHazard['legalBasis'],
    foundAt: iso(h.found_at)!,
    foundBy: h.found_by,
    deadline: iso(h.deadline),
    createdAt: iso(h.created_at)!,
  };
}

function listItemOf(
  i: InspectionRow,
  regionName: string | null,
  members: InspectionListItem['members'],
  findings: Array<{ result: string }>,
  scores: ScoreView[],
  hazardCount: number,
): InspectionListItem {
  const main = scores.find((s) => s.summary);
  return {
    id: i.id,
    number: i.number,
    kind: i.kind,
    status: i.status,
    title: i.title,
    regionCode: i.region_code,
    regionName,
    homeRegionCode: i.home_region_code,
    target: i.target as unknown as InspectionTarget,
    members,
    plannedOn: i.planned_on,
    startedAt: iso(i.started_at),
    finishedAt: iso(i.finished_at),
    progress: {
      total: findings.length,
      done: findings.filter((f) => f.result !== 'pending').length,
      failed: findings.filter((f) => f.result === 'fail').length,
    },
    grade: main?.summary?.grade ?? null,
    total: main?.summary?.total ?? null,
    hazardCount,
    createdAt: iso(i.created_at)!,
  };
}

const SORTS = {
  createdAt: 'i.created_at',
  plannedOn: 'i.planned_on',
  number: 'i.number',
  status: 'i.status',
} as const;

/** Inspections by jurisdiction, kind, status, inspector, target, date. */
export async function listInspections(
  db: Q,
  actor: Actor,
  q: InspectionQuery,
): Promise<PageOf<InspectionListItem>> {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  let base = db.selectFrom('inspections as i').where(inScope(actor, 'inspection', 'i'));
  if (q.kind) base = base.where('i.kind', '=', q.kind);
  if (q.status) base = base.where('i.status', '=', q.status);
  if (q.regionCode) base = base.where('i.region_code', 'like', `${escapeLike(q.regionCode)}%`);
  if (q.targetKind) base = base.where('i.target_kind', '=', q.targetKind);
  if (q.targetId) {
    const id = q.targetId;
    base = base.where((eb) =>
      eb.or([
        eb('i.enterprise_id', '=', id),
        eb('i.project_id', '=', id),
        eb('i.site_id', '=', id),
        eb('i.equipment_id', '=', id),
      ]),
    );
  }
  if (q.inspectorId || q.mine) {
    const uid = q.mine ? actor.userId : q.inspectorId!;
    base = base.where('i.id', 'in', (eb) =>
      eb.selectFrom('inspection_members').select('inspection_id').where('user_id', '=', uid),
    );
  }
  if (q.from)
    base = base.where(
      sql<boolean>`coalesce(i.planned_on, (i.created_at AT TIME ZONE 'UTC')::date) >= ${q.from}::date`,
    );
  if (q.to)
    base = base.where(
      sql<boolean>`coalesce(i.planned_on, (i.created_at AT TIME ZONE 'UTC')::date) <= ${q.to}::date`,
    );
  if (q.q) {
    const like = `%${escapeLike(q.q.trim())}%`;
    base = base.where((eb) =>
      eb.or([
        eb('i.number', 'ilike', like),
        eb('i.title', 'ilike', like),
        eb(sql.raw(`i.target->>'name'`), 'ilike', like),
      ]),
    );
  }
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('regions as r', 'r.code', 'i.region_code')
    .selectAll('i')
    .select(['r.name_zh as region_name'])
    .select((eb) => [
      eb
        .selectFrom('inspection_findings as f')
        .whereRef('f.inspection_id', '=', 'i.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('total_items'),
      eb
        .selectFrom('inspection_findings as f')
        .whereRef('f.inspection_id', '=', 'i.id')
        .where('f.result', '<>', 'pending')
        .select(eb.fn.countAll<number>().as('n'))
        .as('done_items'),
      eb
        .selectFrom('inspection_findings as f')
        .whereRef('f.inspection_id', '=', 'i.id')
        .where('f.result', '=', 'fail')
        .select(eb.fn.countAll<number>().as('n'))
        .as('failed_items'),
      eb
        .selectFrom('hazards as h')
        .whereRef('h.inspection_id', '=', 'i.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('hazard_count'),
    ])
    .orderBy(sql.ref(SORTS[q.sort ?? 'createdAt']), q.order ?? 'desc')
    .orderBy('i.number', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const members = rows.length
    ? await db
        .selectFrom('inspection_members')
        .select(['inspection_id', 'user_id', 'display_name', 'role'])
        .where(
          'inspection_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  const items = rows.map((r) => {
    const score = r.status === 'finished' ? ((r.score as ScoreView[] | null) ?? []) : [];
    const item = listItemOf(
      r,
      r.region_name,
      members
        .filter((m) => m.inspection_id === r.id)
        .map((m) => ({ userId: m.user_id, displayName: m.display_name, role: m.role })),
      [],
      score,
      Number(r.hazard_count ?? 0),
    );
    item.progress = {
      total: Number(r.total_items ?? 0),
      done: Number(r.done_items ?? 0),
      failed: Number(r.failed_items ?? 0),
    };
    return item;
  });
  return { items, total: Number(n), page, pageSize };
}
