import { err, ok, type Result } from './result.ts';
import { sha256Hex } from './sha256.ts';
import { addDays } from './dates.ts';
import type { PartyRole } from './project-stages.ts';

/**
 * Approval workflows as data (issue 17, "approvals with bound opinions") and the one step machine
 * that moves an approval along them. Pure: the server stores the state, the web shows the same steps.
 *
 * Sources. Dangerous sub-projects (危大工程): MOHURD Order No. 37 (2018) 《危险性较大的分部分项工程
 * 安全管理规定》 art. 11 (the constructor's technical head signs the special plan, the chief supervising
 * engineer reviews it), art. 12 (a plan beyond a certain scale goes to an expert argumentation meeting
 * organised by the constructor; conclusion pass / revise-and-pass / fail; revise-and-pass → revise per the
 * report and go through art. 11 again; fail → revise and hold a new meeting) and 建办质〔2018〕31号
 * (the expert panel has at least 5 members). Art. 12's consequences are from the text as we recall it
 * and not yet checked against the gazette: UNCONFIRMED. The other kinds' steps and every time limit
 * are this product's configuration (no regulation fixes them); a province changes them here.
 */
export const APPROVAL_KINDS = [
  'safety_supervision_procedures',
  'special_plan',
  'suspension',
  'resumption',
  'key_personnel_change',
  'completion',
] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

// The five responsible parties are the project life cycle's (project-stages.ts).
export { PARTY_ROLES } from './project-stages.ts';

/** Who acts at a step: a party of the project (matched through the user's enterprise), a regulator in jurisdiction, or the expert panel. */
export type StepActor = { type: 'party'; role: PartyRole } | { type: 'regulator' } | { type: 'expert' };

/** submit: a party hands in materials; review: pass / return / reject; experts: individual opinions then the panel's conclusion; record: the regulator records the result. */
export type StepType = 'submit' | 'review' | 'experts' | 'record';

export interface StepDef {
  code: string;
  type: StepType;
  actor: StepActor;
  nameZh: string;
  nameEn: string;
  /** Calendar days from entering the step (product configuration, see the file comment). */
  limitDays: number;
  /** Only when the special plan is beyond a certain scale (超过一定规模) and no panel has yet concluded pass / revise-and-pass. */
  onlyBeyondScale?: boolean;
}

export interface WorkflowDef {
  kind: ApprovalKind;
  nameZh: string;
  nameEn: string;
  basis: string;
  steps: readonly StepDef[];
}

/** Fewest expert opinions before a panel may conclude (建办质〔2018〕31号: the panel has ≥ 5 experts). */
export const MIN_EXPERTS = 5;

const submit = (role: PartyRole, nameZh: string, nameEn: string, limitDays = 30): StepDef => ({
  code: 'submit',
  type: 'submit',
  actor: { type: 'party', role },
  nameZh,
  nameEn,
  limitDays,
});
const partyReview = (
  code: string,
  role: PartyRole,
  nameZh: string,
  nameEn: string,
  limitDays: number,
): StepDef => ({
  code,
  type: 'review',
  actor: { type: 'party', role },
  nameZh,
  nameEn,
  limitDays,
});
const regulatorReview = (nameZh: string, nameEn: string, limitDays: number): StepDef => ({
  code: 'regulator_review',
  type: 'review',
  actor: { type: 'regulator' },
  nameZh,
  nameEn,
  limitDays,
});
const regulatorRecord = (nameZh: string, nameEn: string, limitDays: number): StepDef => ({
  code: 'regulator_record',
  type: 'record',
  actor: { type: 'regulator' },
  nameZh,
  nameEn,
  limitDays,
});

export const APPROVAL_WORKFLOWS: Readonly<Record<ApprovalKind, WorkflowDef>> = {
  safety_supervision_procedures: {
    kind: 'safety_supervision_procedures',
    nameZh: '安全监督手续',
    nameEn: 'Safety supervision procedures',
    basis: '建设工程安全生产管理条例（2003）第十条、第四十二条；步骤与时限为本平台配置',
    steps: [
      submit('owner', '建设单位提交办理材料', 'Owner submits the materials'),
      regulatorReview('监督机构审核', 'Supervising authority reviews', 5),
    ],
  },
  special_plan: {
    kind: 'special_plan',
    nameZh: '危大工程专项施工方案',
    nameEn: 'Special plan for a dangerous sub-project',
    basis:
      '住房和城乡建设部令第37号（2018）第十一条、第十二条；建办质〔2018〕31号（专家不少于5名）；时限为本平台配置',
    steps: [
      submit(
        'general_contractor',
        '施工单位编制并提交专项施工方案',
        'Constructor submits the special plan',
        30,
      ),
      partyReview(
        'supervision_review',
        'supervision',
        '总监理工程师审查',
        'Chief supervising engineer reviews',
        7,
      ),
      {
        code: 'expert_review',
        type: 'experts',
        actor: { type: 'expert' },
        nameZh: '专家论证（超过一定规模）',
        nameEn: 'Expert argumentation (beyond a certain scale)',
        limitDays: 15,
        onlyBeyondScale: true,
      },
      regulatorRecord('监督机构备案', 'Supervising authority records', 5),
    ],
  },
  suspension: {
    kind: 'suspension',
    nameZh: '停工',
    nameEn: 'Suspension of works',
    basis: '本平台配置（停工报告由建设单位提出，监理确认，监督机构记录）',
    steps: [
      submit('owner', '建设单位提交停工报告', 'Owner submits the suspension report', 3),
      partyReview('supervision_review', 'supervision', '监理单位确认', 'Supervision confirms', 3),
      regulatorRecord('监督机构记录', 'Supervising authority records', 3),
    ],
  },
  resumption: {
    kind: 'resumption',
    nameZh: '复工',
    nameEn: 'Resumption of works',
    basis: '本平台配置（复工前安全条件核查）',
    steps: [
      submit('general_contractor', '施工单位提交复工申请', 'Constructor applies to resume', 30),
      partyReview(
        'supervision_review',
        'supervision',
        '监理单位审查复工条件',
        'Supervision checks the conditions',
        5,
      ),
      regulatorReview('监督机构审核', 'Supervising authority reviews', 5),
    ],
  },
  key_personnel_change: {
    kind: 'key_personnel_change',
    nameZh: '关键岗位人员变更',
    nameEn: 'Change of key personnel',
    basis: '本平台配置（项目经理、专职安全员、总监理工程师变更）',
    steps: [
      submit('general_contractor', '施工单位提出变更', 'Constructor requests the change', 30),
      partyReview('owner_review', 'owner', '建设单位同意', 'Owner agrees', 5),
      partyReview('supervision_review', 'supervision', '监理单位审查', 'Supervision reviews', 5),
      regulatorRecord('监督机构备案', 'Supervising authority records', 5),
    ],
  },
  completion: {
    kind: 'completion',
    nameZh: '竣工（终止安全监督）',
    nameEn: 'Completion (end of safety supervision)',
    basis: '本平台配置',
    steps: [
      submit('owner', '建设单位提交竣工材料', 'Owner submits the completion materials', 30),
      partyReview('supervision_review', 'supervision', '监理单位审查', 'Supervision reviews', 7),
      regulatorReview('监督机构审核并终止监督', 'Supervising authority reviews and ends supervision', 5),
    ],
  },
};

export const isApprovalKind = (s: string): s is ApprovalKind =>
  (APPROVAL_KINDS as readonly string[]).includes(s);

export type ApprovalStatus = 'open' | 'approved' | 'rejected';
export type ExpertConclusion = 'pass' | 'revise_and_pass' | 'fail';
export type ReviewConclusion = 'pass' | 'return' | 'reject';

export interface ApprovalState {
  kind: ApprovalKind;
  beyondScale: boolean;
  status: ApprovalStatus;
  /** Index into the workflow's steps of the step awaiting action (meaningless unless open). */
  step: number;
  /** Times the approval went back to its submitter. */
  round: number;
  /** The panel's last conclusion; pass / revise-and-pass means no further meeting is held. */
  expertConclusion: ExpertConclusion | null;
}

export type ApprovalAction =
  | { type: 'submit' }
  | { type: 'review'; conclusion: ReviewConclusion }
  | { type: 'expert_opinion'; opinionsSoFar: number }
  | { type: 'expert_conclusion'; conclusion: ExpertConclusion; opinions: number }
  | { type: 'record' };

/** Whether a step applies to this approval (the expert step only beyond scale, and only until a panel passed it). */
export function stepApplies(s: ApprovalState, def: StepDef): boolean {
  if (!def.onlyBeyondScale) return true;
  return s.beyondScale && (s.expertConclusion === null || s.expertConclusion === 'fail');
}

/** The index of the first applicable step after `from`, or null when none is left. */
function nextStep(s: ApprovalState, from: number): number | null {
  const steps = APPROVAL_WORKFLOWS[s.kind].steps;
  for (let i = from + 1; i < steps.length; i++) if (stepApplies(s, steps[i])) return i;
  return null;
}

export function initialApproval(kind: ApprovalKind, beyondScale: boolean): ApprovalState {
  return {
    kind,
    beyondScale: kind === 'special_plan' && beyondScale,
    status: 'open',
    step: 0,
    round: 0,
    expertConclusion: null,
  };
}

export const currentStep = (s: ApprovalState): StepDef | null =>
  s.status === 'open' ? APPROVAL_WORKFLOWS[s.kind].steps[s.step] : null;

const advance = (s: ApprovalState): ApprovalState => {
  const n = nextStep(s, s.step);
  return n === null ? { ...s, status: 'approved' } : { ...s, step: n };
};
const backToSubmitter = (s: ApprovalState): ApprovalState => ({ ...s, step: 0, round: s.round + 1 });

/**
 * The one judge of a move. An action that the current step does not take is refused with a code and
 * a message; the state returned is the new one. Who may act is the server's check (party, regulator).
 */
export function applyApproval(s: ApprovalState, a: ApprovalAction): Result<ApprovalState> {
  const step = currentStep(s);
  if (!step) return err('APPROVAL_CLOSED', `This approval is ${s.status}; nothing more can be done`);
  const wrong = () =>
    err('APPROVAL_WRONG_STEP', `The step "${step.nameEn}" does not take "${a.type.replace(/_/g, ' ')}"`);
  switch (a.type) {
    case 'submit':
      return step.type === 'submit' ? ok(advance(s)) : wrong();
    case 'record':
      return step.type === 'record' ? ok(advance(s)) : wrong();
    case 'review':
      if (step.type !== 'review') return wrong();
      if (a.conclusion === 'pass') return ok(advance(s));
      if (a.conclusion === 'return') return ok(backToSubmitter(s));
      return ok({ ...s, status: 'rejected' });
    case 'expert_opinion':
      if (step.type !== 'experts') return wrong();
      return ok(s);
    case 'expert_conclusion': {
      if (step.type !== 'experts') return wrong();
      if (a.opinions < MIN_EXPERTS)
        return err(
          'EXPERTS_TOO_FEW',
          `The panel needs at least ${MIN_EXPERTS} experts' signed opinions on the current materials (建办质〔2018〕31号); ${a.opinions} so far`,
        );
      const t = { ...s, expertConclusion: a.conclusion };
      // Order 37 art. 12: pass → on; revise-and-pass → revise and go through art. 11 again (no new
      // meeting); fail → revise and hold a new meeting.
      return ok(a.conclusion === 'pass' ? advance(t) : backToSubmitter(t));
    }
  }
}

/** The day a step entered on `enteredOn` is due (calendar days; product configuration). */
export const stepDueOn = (def: StepDef, enteredOn: string) => addDays(enteredOn, def.limitDays);

/**
 * The hash an opinion is bound to: SHA-256 of the sorted material hashes (hex, lower case), one per
 * line. Order-independent; a material added, removed or replaced gives a different hash.
 */
export function materialsHash(hashes: readonly string[]): string {
  for (const h of hashes) if (!/^[0-9a-f]{64}$/.test(h)) throw new Error(`not a SHA-256 hex digest: ${h}`);
  return sha256Hex([...hashes].sort().join('\n'));
}

/** Model project awards (草原杯 etc.): the safety and civilised construction fee uplift at settlement. */
export const DEFAULT_FEE_UPLIFT_PERCENT = 20;

/**
 * The uplifted fee in fen: the original fee × uplift % (of the original rate), rounded down to the fen
 * — never a flattering figure. Integers only (fen), so no floating error reaches a settlement.
 */
export function feeUpliftFen(originalFeeFen: number, upliftPercent: number): number {
  if (!Number.isSafeInteger(originalFeeFen) || originalFeeFen < 0)
    throw new Error('fee must be whole fen ≥ 0');
  if (!(upliftPercent >= 0 && upliftPercent <= 100)) throw new Error('uplift percent must lie in 0..100');
  const hundredths = Math.round(upliftPercent * 100);
  return Number((BigInt(originalFeeFen) * BigInt(hundredths)) / 10_000n);
}
