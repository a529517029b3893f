import type { Selectable } from 'kysely';
import type {
  InspectionGroupView,
  InspectionHazard,
  InspectionListItem,
  InspectionRecord,
  InspectionTarget,
  InspectionView,
  ScoreView,
} from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { HazardsTable, InspectionGroupsTable } from '../../db/schema-inspections.ts';
import type { Actor } from '../../auth/actor.ts';
import { isEnforcementInspection } from '@redline/domain';
import { fileView } from '../../storage/files.ts';
import { officerCheckOf } from './officers.ts';
import type { InspectionRow, InspectionViewRows } from './repo/inspections.ts';
import type { GroupDetails } from './repo/groups.ts';

/** Rows → the API's shapes: the inspection, its list item, signatures, hazards, groups, the on-site record. */

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** The full view of one inspection: findings, photos, score, signatures, hazards, what the caller can do. */
export function inspectionViewOf(
  i: InspectionRow,
  rows: InspectionViewRows,
  scores: ScoreView[],
  actor: Actor,
): InspectionView {
  const { members, signatures, versions, hazards, authority, group } = rows;
  const regionNames = new Map(rows.regions.map((r) => [r.code, r.name_zh]));
  const photos = new Map(rows.photos.map((f) => [f.id, fileView(f)]));
  const findingRows = rows.findings;
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
    item: f.item,
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
  const enforcement = isEnforcementInspection(i.kind);
  const blockers = [
    ...blockersOf(i, findings, scores, members, signatures),
    ...(enforcement && i.status !== 'finished' && i.status !== 'cancelled' ? officerBlockers(members) : []),
  ];
  const me = members.find((m) => m.user_id === actor.userId);
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
      // Until the record is frozen, the number the officer's account carries now.
      licenceNo: i.status === 'finished' ? m.licence_no : (m.current_licence_no ?? null),
      homeRegionCode: m.home_region_code,
      homeRegionName: m.region_name,
      authorityId: m.authority_id,
      authorityName: m.authority_name,
      outsideJurisdiction: i.kind !== 'self' && outside(m.home_region_code),
      signed: signedUsers.has(m.user_id),
      confirmedAt: iso(m.confirmed_at),
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
    version: i.version,
    can: {
      record: member && open && signatures.length === 0,
      sign: member && (i.status === 'in_progress' || i.status === 'signed'),
      finish: member && i.status === 'signed' && blockers.length === 0,
      cancel: (member || i.created_by === actor.userId) && open,
      edit: (member || i.created_by === actor.userId) && open,
      confirm: enforcement && !!me && !me.confirmed_at && i.status !== 'finished' && i.status !== 'cancelled',
      manageParticipants: me?.role === 'leader' && i.status !== 'finished' && i.status !== 'cancelled',
    },
    enforcement,
    blockers,
  };
}

type MemberLite = { user_id: string; display_name: string };

/** Why the team does not yet satisfy the two-officer rule (Administrative Penalty Law 2021 art. 42), as blockers. */
function officerBlockers(
  members: Array<{
    user_id: string;
    display_name: string;
    current_licence_no: string | null;
    confirmed_at: Date | string | null;
    active: boolean;
  }>,
): InspectionView['blockers'] {
  const check = officerCheckOf(
    members.map((m) => ({ ...m, confirmed_at: m.confirmed_at ? new Date(m.confirmed_at) : null })),
  );
  return check.problems.map(({ code, ...params }) => ({ code, params }));
}
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

export function listItemOf(
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
    target: i.target as InspectionTarget,
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

/** A group with its people, its task book and how far it got. */
export function groupViewOf(
  g: Selectable<InspectionGroupsTable>,
  { people, inspections }: GroupDetails,
): InspectionGroupView {
  const book = (g.task_book ?? {}) as {
    tasks?: string;
    targets?: Array<{ kind: string; id: string; name: string }>;
  };
  const leader = people.find((p) => p.id === g.leader_id);
  return {
    id: g.id,
    name: g.name,
    kind: g.kind,
    regionCode: g.region_code,
    leader: { userId: g.leader_id, displayName: leader?.display_name ?? '' },
    members: g.member_ids.map((id) => {
      const p = people.find((x) => x.id === id);
      return { userId: id, displayName: p?.display_name ?? '', licenceNo: p?.licence_no ?? null };
    }),
    tasks: book.tasks ?? '',
    targets: (book.targets ?? []).map((t) => ({
      ...t,
      inspected: inspections.some(
        (i) =>
          i.status === 'finished' &&
          [i.enterprise_id, i.project_id, i.site_id, i.equipment_id].includes(t.id),
      ),
    })),
    startsOn: g.starts_on,
    endsOn: g.ends_on,
    inspectionCount: inspections.length,
    createdAt: new Date(g.created_at).toISOString(),
  };
}

const KIND_ZH: Record<string, string> = {
  routine: '日常检查',
  special: '专项检查',
  cross: '交叉检查',
  group: '督导检查',
  self: '企业自查',
  alarm_verification: '报警核查',
};
const MEASURE_ZH: Record<string, string> = {
  rectification_order: '责令限期整改',
  onsite_treatment: '现场处理措施',
  stop_equipment: '责令停止使用设备',
  penalty: '行政处罚',
};

/** The on-site inspection record 现场检查记录: the data of the printed document. */
export function buildRecord(v: InspectionView, frozen: boolean): InspectionRecord {
  const findings = v.findings;
  const main = v.scores.find((s) => s.summary);
  return {
    number: v.number,
    authorityName: v.authorityName,
    kind: KIND_ZH[v.kind] ?? v.kind,
    inspected: {
      name: v.target.name,
      address: v.target.address,
      principal: v.principalName || v.target.principal,
      regionName: v.target.regionName,
    },
    place: v.place,
    startedAt: v.startedAt,
    endedAt: v.endedAt,
    inspectors: v.members.map((m) => ({
      name: m.displayName,
      licenceNo: m.licenceNo,
      authorityName: m.authorityName,
    })),
    cross: v.kind === 'cross',
    checked: {
      total: findings.length,
      passed: findings.filter((f) => f.result === 'pass').length,
      failed: findings.filter((f) => f.result === 'fail').length,
      notApplicable: findings.filter((f) => f.result === 'na').length,
    },
    findings: findings
      .filter((f) => f.result === 'fail')
      .map((f) => ({
        code: f.item.code,
        title: f.item.title.zh,
        description: f.hazardDescription,
        grade: f.hazardGrade ?? f.item.handling.grade,
        basis: f.item.basis.map((b) => (b.clause ? `${b.doc} ${b.clause}` : b.doc)).join('；'),
        measure: MEASURE_ZH[f.item.handling.measure] ?? f.item.handling.measure,
        rectifyDays: f.rectifyDays,
        photoCount: f.photos.length,
      })),
    score: main?.summary
      ? { library: main.libraryName.zh, total: main.summary.total, grade: main.summary.grade }
      : null,
    signatures: v.signatures,
    frozen,
  };
}
