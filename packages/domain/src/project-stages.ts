import { isIsoInstant } from './instants.ts';
import { err, ok, type Err, type Result } from './result.ts';
import { REGULATOR_ROLES, type Role } from './roles.ts';

/**
 * The life cycle of a construction project (issue 17), as data:
 *
 *   registered ─file_supervision→ supervision_filed ─grant_permit→ permitted ─start_construction→
 *   under_construction ⇄ suspended (suspend / resume) ─accept_completion→ completion_accepted ─archive→ archived
 *
 * Legal basis (editions as cited; article numbers of local rules not confirmed here):
 * - 安全监督手续: 《建设工程安全生产管理条例》(国务院令第 393 号, 2003) art. 10 — the owner submits the
 *   safety-measure materials when applying for the construction permit or for filing.
 * - 施工许可: 《建筑工程施工许可管理办法》(住房和城乡建设部令第 18 号, 2014, amended 2021) arts. 2, 4.
 * - 停工 / 复工: 《建设工程安全生产管理条例》 art. 14 (supervision orders suspension) and the regulator's
 *   power to order it; resumption needs the rectification materials (local practice, unconfirmed).
 * - 竣工验收: 《建设工程质量管理条例》(国务院令第 279 号, 2000, amended 2019) art. 16 — the owner
 *   organises completion acceptance; art. 49 — filing with the regulator within 15 days.
 *
 * Who may move it: regulators (of the project's jurisdiction; the server checks the scope) take every
 * step; the owner (建设单位) may also report the start of construction and the completion acceptance
 * it organised. Nobody else. Every step carries the materials it rests on (file ids with their
 * SHA-256) and, for suspensions and resumptions, a reason.
 */
export const PROJECT_STAGES = [
  'registered',
  'supervision_filed',
  'permitted',
  'under_construction',
  'suspended',
  'completion_accepted',
  'archived',
] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

export const PROJECT_STAGE_ACTIONS = [
  'file_supervision',
  'grant_permit',
  'start_construction',
  'suspend',
  'resume',
  'accept_completion',
  'archive',
] as const;
export type ProjectStageActionType = (typeof PROJECT_STAGE_ACTIONS)[number];

/** The five responsible parties of a project (project_parties.role). */
export const PARTY_ROLES = ['owner', 'general_contractor', 'supervision', 'survey', 'design'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
/** Their Chinese names, as documents and server messages write them (五方责任主体). */
export const PARTY_NAMES: Record<PartyRole, string> = {
  owner: '建设单位',
  general_contractor: '施工单位',
  supervision: '监理单位',
  survey: '勘察单位',
  design: '设计单位',
};

/** A person's position on a project (project_members.position). */
export const MEMBER_POSITIONS = [
  'project_manager',
  'technical_lead',
  'safety_officer',
  'chief_supervising_engineer',
  'supervising_engineer',
  'owner_representative',
  'survey_lead',
  'design_lead',
] as const;
export type MemberPosition = (typeof MEMBER_POSITIONS)[number];

export interface StageMaterial {
  fileId: string;
  /** SHA-256 of the file's content, hex. */
  sha256: string;
}

export interface ProjectStageAction {
  type: ProjectStageActionType;
  materials?: StageMaterial[];
  reason?: string;
  /** For grant_permit: the construction permit number (施工许可证号). */
  permitNo?: string;
}

export interface StageActor {
  id: string;
  role: Role;
  /** The actor's party role on this project, when they act for one of its parties. */
  party?: PartyRole | null;
}

export interface ProjectStageState {
  stage: ProjectStage;
  permitNo: string;
  /** Times suspended so far. */
  suspensions: number;
}

export interface ProjectStageEvent {
  type: ProjectStageActionType;
  from: ProjectStage;
  to: ProjectStage;
  at: string;
  actorId: string;
  materials: StageMaterial[];
  reason: string | null;
  permitNo: string | null;
}

interface StageRule {
  from: ProjectStage;
  to: ProjectStage;
  /** Which party (besides regulators) may take the step. */
  parties: readonly PartyRole[];
  needsMaterials: boolean;
  needsReason: boolean;
}

export const PROJECT_STAGE_RULES: Record<ProjectStageActionType, StageRule> = {
  file_supervision: {
    from: 'registered',
    to: 'supervision_filed',
    parties: [],
    needsMaterials: true,
    needsReason: false,
  },
  grant_permit: {
    from: 'supervision_filed',
    to: 'permitted',
    parties: [],
    needsMaterials: true,
    needsReason: false,
  },
  start_construction: {
    from: 'permitted',
    to: 'under_construction',
    parties: ['owner'],
    needsMaterials: false,
    needsReason: false,
  },
  suspend: {
    from: 'under_construction',
    to: 'suspended',
    parties: [],
    needsMaterials: false,
    needsReason: true,
  },
  resume: {
    from: 'suspended',
    to: 'under_construction',
    parties: [],
    needsMaterials: true,
    needsReason: true,
  },
  accept_completion: {
    from: 'under_construction',
    to: 'completion_accepted',
    parties: ['owner'],
    needsMaterials: true,
    needsReason: false,
  },
  archive: {
    from: 'completion_accepted',
    to: 'archived',
    parties: [],
    needsMaterials: false,
    needsReason: false,
  },
};

/** The stage a newly registered project starts in. */
export const initialProjectStage = (permitNo = ''): ProjectStageState => ({
  stage: 'registered',
  permitNo,
  suspensions: 0,
});

/** The older four-valued `projects.status`, kept in step for the registry lists and filters. */
export function legacyProjectStatus(
  stage: ProjectStage,
): 'approved' | 'under_construction' | 'suspended' | 'completed' {
  switch (stage) {
    case 'registered':
    case 'supervision_filed':
    case 'permitted':
      return 'approved';
    case 'under_construction':
      return 'under_construction';
    case 'suspended':
      return 'suspended';
    case 'completion_accepted':
    case 'archived':
      return 'completed';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const PERMIT_NO = /^[0-9A-Za-z-]{6,40}$/;

/** Whether this actor may take the step from the stage (status and role; data checked by `moveProject`). */
export function stageStepDenied(
  state: ProjectStageState,
  type: ProjectStageActionType,
  actor: StageActor,
): Err | null {
  const rule = PROJECT_STAGE_RULES[type];
  if (!rule)
    return err(
      'UNKNOWN_ACTION',
      `未知的项目阶段操作 ${String(type)} / unknown stage action ${String(type)}`,
      'type',
    );
  if (state.stage !== rule.from) {
    return err(
      'ILLEGAL_TRANSITION',
      `项目处于“${state.stage}”阶段，不能执行 ${type} / a project in stage ${state.stage} cannot ${type}`,
    );
  }
  const regulator = REGULATOR_ROLES.includes(actor.role) && actor.role !== 'duty_officer';
  const party = actor.role === 'enterprise_manager' && !!actor.party && rule.parties.includes(actor.party);
  if (!regulator && !party) {
    const who = rule.parties.length ? `监管部门或${rule.parties.join('/')}` : '监管部门';
    return err(
      'ROLE_NOT_ALLOWED',
      `${type} 只能由${who}办理 / only a regulator${rule.parties.length ? ` or the ${rule.parties.join('/')}` : ''} may ${type}`,
    );
  }
  return null;
}

/** Stage steps this actor could take now (each may still fail on the materials it carries). */
export function allowedStageActions(state: ProjectStageState, actor: StageActor): ProjectStageActionType[] {
  return PROJECT_STAGE_ACTIONS.filter((t) => stageStepDenied(state, t, actor) === null);
}

/** The one way a project's stage changes. Illegal moves and missing data come back as `err`, never a throw. */
export function moveProject(
  state: ProjectStageState,
  action: ProjectStageAction,
  ctx: { now: string; actor: StageActor },
): Result<{ state: ProjectStageState; event: ProjectStageEvent }> {
  if (!isIsoInstant(ctx.now))
    throw new RangeError(`ctx.now must be an ISO instant, got ${JSON.stringify(ctx.now)}`);
  const denied = stageStepDenied(state, action.type, ctx.actor);
  if (denied) return denied;
  const rule = PROJECT_STAGE_RULES[action.type];
  const materials = action.materials ?? [];
  for (const [i, m] of materials.entries()) {
    if (typeof m?.fileId !== 'string' || m.fileId.trim() === '')
      return err(
        'MATERIAL_INVALID',
        `第 ${i + 1} 份材料缺少文件 / material ${i + 1} names no file`,
        `materials.${i}.fileId`,
      );
    if (typeof m.sha256 !== 'string' || !SHA256.test(m.sha256))
      return err(
        'MATERIAL_INVALID',
        `第 ${i + 1} 份材料的 SHA-256 不正确 / material ${i + 1} has no valid SHA-256`,
        `materials.${i}.sha256`,
      );
  }
  if (new Set(materials.map((m) => m.fileId)).size !== materials.length)
    return err('MATERIAL_INVALID', '同一份材料重复提交 / the same material is listed twice', 'materials');
  if (rule.needsMaterials && materials.length === 0)
    return err(
      'MATERIALS_REQUIRED',
      `${action.type} 须附依据材料 / ${action.type} needs the materials it rests on`,
      'materials',
    );
  const reason = typeof action.reason === 'string' ? action.reason.trim() : '';
  if (rule.needsReason && reason === '')
    return err(
      'REASON_REQUIRED',
      `请说明${action.type === 'suspend' ? '停工' : '复工'}理由 / give a reason`,
      'reason',
    );
  let permitNo = state.permitNo;
  if (action.type === 'grant_permit') {
    const p = typeof action.permitNo === 'string' ? action.permitNo.trim() : '';
    if (!PERMIT_NO.test(p))
      return err(
        'PERMIT_NO_INVALID',
        '施工许可证号应为 6–40 位数字、字母或连字符 / the permit number must be 6–40 digits, letters or hyphens',
        'permitNo',
      );
    permitNo = p;
  } else if (action.permitNo !== undefined) {
    return err(
      'FIELD_NOT_ALLOWED',
      `${action.type} 不带许可证号 / ${action.type} takes no permit number`,
      'permitNo',
    );
  }
  const next: ProjectStageState = {
    stage: rule.to,
    permitNo,
    suspensions: state.suspensions + (action.type === 'suspend' ? 1 : 0),
  };
  return ok({
    state: next,
    event: {
      type: action.type,
      from: state.stage,
      to: rule.to,
      at: ctx.now,
      actorId: ctx.actor.id,
      materials: materials.map((m) => ({ fileId: m.fileId.trim(), sha256: m.sha256 })),
      reason: reason === '' ? null : reason,
      permitNo: action.type === 'grant_permit' ? permitNo : null,
    },
  });
}

/** Replays a project's recorded steps from registration; the stage stored must equal this. */
export function replayStages(
  events: readonly Pick<ProjectStageEvent, 'type' | 'from' | 'to' | 'permitNo'>[],
): Result<ProjectStageState> {
  let s = initialProjectStage();
  for (const [i, e] of events.entries()) {
    const rule = PROJECT_STAGE_RULES[e.type];
    if (!rule || e.from !== s.stage || e.to !== rule.to || rule.from !== e.from)
      return err(
        'HISTORY_BROKEN',
        `第 ${i + 1} 步 ${e.type} 不接续 ${s.stage} / step ${i + 1} does not follow ${s.stage}`,
      );
    s = {
      stage: rule.to,
      permitNo: e.type === 'grant_permit' ? (e.permitNo ?? '') : s.permitNo,
      suspensions: s.suspensions + (e.type === 'suspend' ? 1 : 0),
    };
  }
  return ok(s);
}

/**
 * Which positions need which registered certificate, checked against the registry (worker
 * certificates): 项目经理 a registered constructor (注册建造师), 专职安全生产管理人员 the "C" safety
 * certificate (安管人员 C 证, 《建筑施工企业主要负责人、项目负责人和专职安全生产管理人员安全生产管理规定》
 * 住建部令第 17 号, 2014), 总监理工程师 a registered supervising engineer (注册监理工程师). The category
 * codes are the registry's certificate categories added by migration 0700.
 */
export const POSITION_CERTIFICATE: Partial<Record<MemberPosition, string>> = {
  project_manager: 'KP-01',
  safety_officer: 'KP-02',
  chief_supervising_engineer: 'KP-03',
};

export type CertificateCheck =
  'not_required' | 'valid' | 'review_due' | 'expired' | 'not_found' | 'wrong_holder';

/**
 * The registry's answer for a member's certificate: the certificate found under the number (of the
 * position's category) and its status, or why none counts. `holderMatches` = the certificate is the
 * named person's (when a person was named).
 */
export function memberCertificateCheck(
  position: MemberPosition,
  found: { status: 'valid' | 'review_due' | 'expired'; holderMatches: boolean } | null,
): CertificateCheck {
  if (!POSITION_CERTIFICATE[position]) return 'not_required';
  if (!found) return 'not_found';
  if (!found.holderMatches) return 'wrong_holder';
  return found.status;
}

/** Which party a position belongs to; a member's position must fit their party. */
export const POSITION_PARTY: Record<MemberPosition, PartyRole> = {
  project_manager: 'general_contractor',
  technical_lead: 'general_contractor',
  safety_officer: 'general_contractor',
  chief_supervising_engineer: 'supervision',
  supervising_engineer: 'supervision',
  owner_representative: 'owner',
  survey_lead: 'survey',
  design_lead: 'design',
};

/**
 * Whether an alarm rule bound to project stages judges a device now: unbound rules always; a bound
 * rule only while the device's project is in one of its stages (a tower-crane rule only while the
 * crane is up: under construction). A device on no project is judged by every rule.
 */
export function ruleAppliesInStage(
  stages: readonly string[] | null | undefined,
  projectStage: string | null | undefined,
): boolean {
  if (!stages || stages.length === 0) return true;
  if (projectStage == null) return true;
  return stages.includes(projectStage);
}
