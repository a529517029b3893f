import type { Kysely } from 'kysely';
import {
  addDays,
  compareDates,
  isEnforcementInspection,
  isIsoDate,
  isOfficer,
  dateInZone,
  type OfficerCheck,
} from '@redline/domain';
import {
  DOCUMENT_KIND_NAMES,
  HAZARD_GRADE_NAMES,
  HAZARD_STATUS_NAMES,
  type DocumentKind,
} from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { validation } from '../../errors.ts';
import { legalBasisText, stateOf } from '../hazards/presenters.ts';
import { zhDate, zhDateTime } from '../hazards/time.ts';
import { ORDER_KINDS } from './kinds.ts';
import type { Facts, Template } from './templates.ts';
import { documentInScope } from './repo/documents.ts';
import {
  checkDocumentOfficers,
  officerFacts,
  officersOf,
  type DocumentOfficer,
  type NamedOfficer,
} from './officers.ts';
import {
  authorityById,
  caseInScope,
  enterpriseInScope,
  findingCounts,
  generalContractorOf,
  hazardStatusesOfInspection,
  hazardsInScope,
  inspectionInScope,
  lastReviewPayload,
  maxRectifyDays,
  projectInScope,
  projectNameInScope,
  siteInScope,
} from './repo/facts.ts';

/**
 * Facts of a document, gathered from the records it concerns: the subject (enterprise or
 * project, site), the hazards with their legal basis, the inspection and its inspectors, the
 * order a review follows, the case. The drafter may then change only the template's editable facts.
 */
export interface DraftSource {
  kind: DocumentKind;
  authorityId?: string | null;
  subject?: { enterpriseId?: string | null; projectId?: string | null; siteId?: string | null };
  hazardIds?: string[];
  inspectionId?: string | null;
  alarmId?: string | null;
  caseId?: string | null;
  followsId?: string | null;
  facts?: Facts;
  /** Officers named on the document itself (besides its inspection's team). */
  named?: readonly NamedOfficer[];
  /** A new draft: name the drafter when the document comes from no law-enforcement inspection. */
  nameDrafter?: boolean;
  /** Issuing: the text names only the officers who count (confirmed, certified). */
  final?: boolean;
}

export interface Built {
  authority: { id: string; name: string; shortName: string; kind: string; regionCode: string };
  regionCode: string;
  enterpriseId: string | null;
  projectId: string | null;
  siteId: string | null;
  inspectionId: string | null;
  alarmId: string | null;
  caseId: string | null;
  followsId: string | null;
  hazardIds: string[];
  subjectName: string;
  facts: Facts;
  /** Everyone the document names as an officer, and whether they make the two the law requires. */
  officers: DocumentOfficer[];
  officerCheck: OfficerCheck;
  /** The officers named on the document itself (with the drafter, for a new draft). */
  named: NamedOfficer[];
}

type Db = Kysely<DB>;

const CASE_SOURCE_TEXT: Record<string, string> = {
  inspection: '监督检查',
  hazard: '隐患排查',
  alarm: '非现场监测预警',
  report: '举报投诉',
  other: '其他',
};

export async function buildFacts(
  trx: Db,
  deps: Pick<Deps, 'config' | 'today' | 'now'>,
  actor: Actor,
  src: DraftSource,
  template: Template,
): Promise<Built> {
  const tz = deps.config.TIME_ZONE;
  // The calendar day of "now" (not deps.today()): deadlines are checked against now by the domain.
  const today = dateInZone(tz, deps.now());
  const authority = await actingAuthority(trx, actor, src.authorityId);

  // Where the subject comes from, in order: explicit, case, followed order, inspection, hazards.
  let subject = {
    enterpriseId: src.subject?.enterpriseId ?? null,
    projectId: src.subject?.projectId ?? null,
    siteId: src.subject?.siteId ?? null,
  };
  let hazardIds = src.hazardIds ?? [];
  const inspectionId = src.inspectionId ?? null;
  const caseRow = src.caseId ? await caseInScope(trx, actor, src.caseId) : null;
  if (src.caseId && !caseRow) throw validation('caseId', 'No such case in your jurisdiction');
  const follows = src.followsId ? await documentInScope(trx, actor, src.followsId) : null;
  if (src.followsId && !follows) throw validation('followsId', 'No such document in your jurisdiction');
  let inspection = inspectionId ? await inspectionInScope(trx, actor, inspectionId) : null;
  if (inspectionId && !inspection)
    throw validation('inspectionId', 'No such inspection in your jurisdiction');

  if (template.kind === 'review_opinion') {
    if (!follows)
      throw validation(
        'followsId',
        '整改复查意见书须针对已签发的责令限期整改指令书或现场处理措施决定书 / a review opinion follows an issued order: give followsId',
      );
    if (!ORDER_KINDS.includes(follows.kind as DocumentKind) || follows.status !== 'issued')
      throw validation(
        'followsId',
        'A review opinion can only follow an issued rectification order or on-site treatment decision',
      );
    if (hazardIds.length === 0) hazardIds = follows.hazard_ids;
  }
  if ((template.kind === 'case_filing' || template.kind === 'penalty_decision') && !caseRow)
    throw validation('caseId', `${DOCUMENT_KIND_NAMES[template.kind]}属于一个案件 / give caseId`);
  if (template.kind === 'inspection_record' && !inspection)
    throw validation('inspectionId', '现场检查记录须针对一次检查 / give inspectionId');

  if (caseRow && hazardIds.length === 0) hazardIds = caseRow.hazard_ids;
  if (inspection && hazardIds.length === 0 && template.kind !== 'review_opinion') {
    const hs = await hazardStatusesOfInspection(trx, inspection.id);
    hazardIds = hs
      .filter((h) => template.kind !== 'rectification_order' || ['reported', 'confirmed'].includes(h.status))
      .map((h) => h.id);
  }
  for (const from of [caseRow, follows, inspection]) {
    if (from && !subject.enterpriseId && !subject.projectId)
      subject = { enterpriseId: from.enterprise_id, projectId: from.project_id, siteId: from.site_id };
  }

  const hazards = hazardIds.length ? await loadHazards(trx, actor, hazardIds) : [];
  // Hazards that all come from one inspection bring it along (its date and team go into the text).
  if (
    !inspection &&
    hazards.length &&
    new Set(hazards.map((h) => h.inspection_id)).size === 1 &&
    hazards[0].inspection_id
  ) {
    inspection = await inspectionInScope(trx, actor, hazards[0].inspection_id);
  }
  if (!subject.enterpriseId && !subject.projectId && hazards.length)
    subject = {
      enterpriseId: hazards[0].enterprise_id,
      projectId: hazards[0].project_id,
      siteId: hazards[0].site_id,
    };
  if (!subject.enterpriseId && !subject.projectId)
    throw validation(
      'enterpriseId',
      'Name the party: enterpriseId or projectId (or hazards, an inspection or a case they come from)',
    );
  for (const h of hazards) {
    const same =
      (subject.enterpriseId && h.enterprise_id === subject.enterpriseId) ||
      (subject.projectId && h.project_id === subject.projectId);
    if (!same) throw validation('hazardIds', `Hazard ${h.id} belongs to another party than the document's`);
  }
  if (template.kind === 'rectification_order' && hazards.length === 0)
    throw validation(
      'hazardIds',
      '责令限期整改指令书须列明事故隐患 / list the hazards to rectify (hazardIds or an inspection with open hazards)',
    );

  const party = await partyOf(trx, actor, subject);
  if (!party.regionCode.startsWith(authority.regionCode)) {
    throw validation(
      subject.projectId && !subject.enterpriseId ? 'projectId' : 'enterpriseId',
      `${party.name} lies outside the jurisdiction of ${authority.name}`,
    );
  }
  const named = [...(src.named ?? [])];
  const fromEnforcement = !!inspection && isEnforcementInspection(inspection.kind);
  // Drafting is the drafter's own act: they are named and confirmed (a correction names the
  // officers of the corrected document again, the drafter among them).
  if (src.nameDrafter && !fromEnforcement && isOfficer(actor.role)) {
    const at = named.findIndex((n) => n.userId === actor.userId);
    if (at < 0) named.unshift({ userId: actor.userId, confirmedAt: deps.now() });
    else if (!named[at].confirmedAt) named[at] = { userId: actor.userId, confirmedAt: deps.now() };
  }
  const officers = await officersOf(trx, inspection ?? null, named);
  const officerCheck = checkDocumentOfficers(officers);
  const hazardFacts = hazards.map((h, i) => hazardFact(h, i, tz));

  const facts: Facts = {
    subjectName: party.name,
    subject: party.facts,
    place: party.place,
    ...officerFacts(officers, officerCheck, src.final === true),
    hazards: hazardFacts,
    draftDate: today,
  };

  switch (template.kind) {
    case 'rectification_order': {
      const days = await rectifyDays(trx, hazards);
      facts.deadline = addDays(today, days);
      if (inspection)
        facts.inspectionText = `本机关于${zhDateTime(tz, inspection.started_at ?? inspection.created_at)}对你单位进行了现场检查，`;
      else facts.inspectionText = '';
      break;
    }
    case 'treatment_decision':
      facts.findingDateText = zhDate(today);
      facts.findingsText = hazards.length ? `发现事故隐患 ${hazards.length} 项，详见下表。` : '';
      facts.measures = [
        { text: '立即从危险区域内撤出作业人员' },
        { text: '暂时停止相关作业，停止使用相关设施、设备' },
      ];
      break;
    case 'review_opinion': {
      const issuedOn = dateInZone(tz, follows!.issued_at!);
      facts.followsNumber = follows!.number;
      facts.followsTitle = DOCUMENT_KIND_NAMES[follows!.kind as DocumentKind];
      facts.followsDateText = zhDate(issuedOn);
      facts.reviewDateText = zhDate(today);
      const results = await reviewResults(trx, hazards);
      facts.hazards = hazardFacts.map((h, i) => ({ ...h, ...results[i] }));
      const open = results.map((r, i) => (r.passed ? null : i + 1)).filter((x) => x !== null);
      facts.conclusion =
        open.length === 0
          ? '经复查，上述事故隐患已按要求整改完毕，复查合格。'
          : `经复查，第 ${open.join('、')} 项事故隐患尚未整改到位，责令你单位继续整改，并在新的整改期限内将整改情况书面报告本机关。`;
      break;
    }
    case 'inspection_record': {
      const i = inspection!;
      facts.checkTimeText = i.started_at
        ? `${zhDateTime(tz, i.started_at, true)} 至 ${i.ended_at ? zhDateTime(tz, i.ended_at, true) : '—'}`
        : '';
      facts.principal =
        i.principal_name ||
        (party.facts.safetyPrincipal as string) ||
        (party.facts.legalRepresentative as string) ||
        '';
      if (i.place) facts.place = i.place;
      const { total, failed } = await findingCounts(trx, i.id);
      const major = hazards.filter((h) => h.grade === 'major').length;
      facts.findingsText = `本次检查共检查 ${total} 项，不符合 ${failed} 项，发现事故隐患 ${hazards.length} 项（其中重大事故隐患 ${major} 项），详见下表。`;
      facts.inspectionNumber = i.number;
      break;
    }
    case 'case_filing':
    case 'penalty_decision': {
      const c = caseRow!;
      facts.caseTitle = c.title;
      facts.caseNumber = c.number;
      facts.caseSource = CASE_SOURCE_TEXT[c.source] ?? c.source;
      facts.factsText = c.summary;
      if (template.kind === 'case_filing')
        facts.proposal = '当事人上述行为涉嫌违反安全生产法律、法规，建议立案调查。';
      break;
    }
  }
  applyEdits(template, facts, src.facts ?? {}, today);
  return {
    authority,
    regionCode: party.regionCode,
    enterpriseId: subject.enterpriseId,
    projectId: subject.projectId,
    siteId: subject.siteId,
    inspectionId: inspection?.id ?? null,
    alarmId: src.alarmId ?? null,
    caseId: caseRow?.id ?? null,
    followsId: follows?.id ?? null,
    hazardIds: hazards.map((h) => h.id),
    subjectName: party.name,
    facts,
    officers,
    officerCheck,
    named,
  };
}

/** Applies the drafter's changes: only editable facts, each checked; derived texts follow (deadline → deadlineText). */
export function applyEdits(template: Template, facts: Facts, edits: Facts, today: string) {
  for (const [key, value] of Object.entries(edits)) {
    if (!template.editable.includes(key))
      throw validation(
        `facts.${key}`,
        `${key} comes from the records and cannot be edited here (editable: ${template.editable.join(', ')})`,
      );
    if (key === 'deadline') {
      if (typeof value !== 'string' || !isIsoDate(value))
        throw validation('facts.deadline', 'deadline must be a date YYYY-MM-DD');
      if (compareDates(value, today) <= 0)
        throw validation('facts.deadline', `The deadline ${value} must be after today (${today})`);
      facts.deadline = value;
    } else if (key === 'measures') {
      const list = Array.isArray(value)
        ? value.map((m) => (typeof m === 'string' ? m : (m as { text?: unknown })?.text))
        : null;
      if (
        !list ||
        list.length === 0 ||
        list.length > 20 ||
        list.some((m) => typeof m !== 'string' || !m.trim() || m.length > 1000)
      )
        throw validation('facts.measures', 'measures is a list of 1–20 non-empty texts');
      facts.measures = list.map((m) => ({ text: (m as string).trim() }));
    } else {
      if (typeof value !== 'string' || value.length > 4000)
        throw validation(`facts.${key}`, `${key} must be a text of at most 4000 characters`);
      facts[key] = value.trim();
    }
  }
  if (typeof facts.deadline === 'string') facts.deadlineText = zhDate(facts.deadline);
}

async function actingAuthority(trx: Db, actor: Actor, requested?: string | null) {
  const id = requested ?? actor.authorityId;
  if (!id)
    throw validation(
      'authorityId',
      'Documents are issued in the name of an authority; your account belongs to none — give authorityId',
    );
  if (actor.authorityId && id !== actor.authorityId)
    throw validation('authorityId', 'You can only draft documents of your own authority');
  const a = await authorityById(trx, id);
  if (!a || !a.region_code.startsWith(actor.regionCode))
    throw validation('authorityId', 'No such authority in your jurisdiction');
  return { id: a.id, name: a.name, shortName: a.short_name, kind: a.kind, regionCode: a.region_code };
}

async function partyOf(
  trx: Db,
  actor: Actor,
  s: { enterpriseId: string | null; projectId: string | null; siteId: string | null },
) {
  const site = s.siteId ? await siteInScope(trx, actor, s.siteId) : null;
  if (s.siteId && !site) throw validation('siteId', 'No such site in your jurisdiction');
  if (s.enterpriseId) {
    const e = await enterpriseInScope(trx, actor, s.enterpriseId);
    if (!e) throw validation('enterpriseId', 'No such enterprise in your jurisdiction');
    const project = s.projectId ? await projectNameInScope(trx, actor, s.projectId) : null;
    return {
      name: e.name,
      regionCode: e.region_code,
      place: site ? `${site.name}${site.address ? `（${site.address}）` : ''}` : e.address,
      facts: {
        type: 'enterprise',
        id: e.id,
        name: e.name,
        creditCode: e.credit_code,
        address: e.address,
        legalRepresentative: e.legal_representative,
        safetyPrincipal: e.safety_principal,
        contactPhone: e.contact_phone,
        projectName: project?.name ?? null,
      },
    };
  }
  const p = await projectInScope(trx, actor, s.projectId!);
  if (!p) throw validation('projectId', 'No such project in your jurisdiction');
  const gc = await generalContractorOf(trx, p.id);
  const gcName = gc?.enterprise_name ?? gc?.name;
  return {
    name: gcName ? `${gcName}（${p.name}）` : p.name,
    regionCode: p.region_code,
    place: site ? `${site.name}${site.address ? `（${site.address}）` : ''}` : p.address,
    facts: {
      type: 'project',
      id: p.id,
      name: p.name,
      creditCode: gc?.credit_code ?? '',
      address: p.address,
      legalRepresentative: gc?.legal_representative ?? '',
      safetyPrincipal: '',
      contactPhone: '',
      permitNo: p.permit_no,
    },
  };
}

async function loadHazards(trx: Db, actor: Actor, ids: string[]) {
  const rows = await hazardsInScope(trx, actor, ids);
  const missing = ids.find((id) => !rows.some((r) => r.id === id));
  if (missing) throw validation('hazardIds', `No such hazard in your jurisdiction: ${missing}`);
  return rows;
}

function hazardFact(h: Awaited<ReturnType<typeof loadHazards>>[number], i: number, tz: string) {
  const state = stateOf(h);
  return {
    id: h.id,
    no: i + 1,
    title: h.title,
    description: h.description,
    descriptionSuffix: h.description && h.description !== h.title ? `（${h.description}）` : '',
    legalBasisText: legalBasisText(h.legal_basis),
    grade: state.grade,
    gradeText: HAZARD_GRADE_NAMES[state.grade] ?? state.grade,
    status: state.status,
    statusText: HAZARD_STATUS_NAMES[state.status] ?? state.status,
    deadlineText: state.deadline ? zhDateTime(tz, state.deadline) : '',
  };
}

/** Days to rectify: the longest the failed checklist items allow (their handling), else 7. */
async function rectifyDays(trx: Db, hazards: Array<{ finding_id: string | null }>) {
  const findingIds = hazards.map((h) => h.finding_id).filter((x): x is string => !!x);
  if (findingIds.length === 0) return 7;
  const d = (await maxRectifyDays(trx, findingIds)) ?? 0;
  return d > 0 ? d : 7;
}

async function reviewResults(
  trx: Db,
  hazards: Array<{
    id: string;
    state: unknown;
    status: string;
    grade: 'general' | 'major';
    deadline: Date | null;
  }>,
) {
  const out = [];
  for (const h of hazards) {
    const state = stateOf(h as never);
    const p = ((await lastReviewPayload(trx, h.id)) ?? {}) as { accepted?: boolean; comment?: string };
    const passed = state.status === 'closed' || state.status === 'accepted';
    const resultText = passed
      ? '整改合格'
      : state.status === 'submitted'
        ? '待复查'
        : state.returnedCount > 0
          ? '未整改到位'
          : '尚未整改';
    out.push({ passed, resultText, comment: p.comment ?? '' });
  }
  return out;
}
