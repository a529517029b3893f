import type { HazardActionType, HazardState, HazardStatus, TreatmentPlan } from './hazard-types.ts';
import { FIVE_IMPLEMENTATIONS } from './hazard-types.ts';
import { err, type Err } from './result.ts';
import { REGULATOR_ROLES, type Actor, type Role } from './roles.ts';

/**
 * Who may do what, from which status, and which state must hold first. One table serves both
 * `transition` and `allowedActions`, so the buttons a user sees match what the server accepts.
 */
interface ActionRule {
  from: readonly HazardStatus[];
  roles: readonly Role[];
  /** State preconditions (not the action's own data); null when satisfied. */
  guard?: (state: HazardState, actor: Actor) => Err | null;
}

const OPEN: readonly HazardStatus[] = [
  'confirmed',
  'rectification_ordered',
  'rectifying',
  'submitted',
  'accepted',
];
const ENTERPRISE: readonly Role[] = ['enterprise_manager'];

export const HAZARD_RULES: Record<HazardActionType, ActionRule> = {
  confirm: { from: ['reported'], roles: REGULATOR_ROLES },
  reject: { from: ['reported'], roles: REGULATOR_ROLES },
  // The enterprise fixes it in front of the inspector, or the inspector records the fix.
  rectify_on_spot: {
    from: ['reported', 'confirmed'],
    roles: ['enterprise_manager', 'inspector'],
    guard: generalOnly,
  },
  order_rectification: { from: ['confirmed'], roles: REGULATOR_ROLES },
  submit_plan: {
    from: ['confirmed', 'rectification_ordered', 'rectifying'],
    roles: ENTERPRISE,
    guard: majorOnly,
  },
  list_for_supervision: { from: OPEN, roles: REGULATOR_ROLES, guard: canList },
  start_rectification: { from: ['rectification_ordered'], roles: ENTERPRISE, guard: planReadyIfMajor },
  submit_evidence: { from: ['rectifying'], roles: ENTERPRISE, guard: notSupervision },
  review: { from: ['submitted'], roles: REGULATOR_ROLES, guard: supervisionDone },
  close_out: { from: ['accepted'], roles: REGULATOR_ROLES, guard: isListingAuthority },
  request_extension: {
    from: ['rectification_ordered', 'rectifying'],
    roles: ENTERPRISE,
    guard: noPendingExtension,
  },
  decide_extension: {
    from: ['rectification_ordered', 'rectifying'],
    roles: REGULATOR_ROLES,
    guard: hasPendingExtension,
  },
  // Supervision (监理) confirms the constructor's evidence before the regulator reviews it.
  confirm_evidence: { from: ['submitted'], roles: ENTERPRISE, guard: isSupervisionToConfirm },
};

/** Status, role and state checks, in that order; null when the action may proceed to its data checks. */
export function checkAllowed(state: HazardState, type: HazardActionType, actor: Actor): Err | null {
  const rule = HAZARD_RULES[type];
  if (!rule.from.includes(state.status)) {
    return err(
      'ILLEGAL_TRANSITION',
      `状态为 ${state.status} 的隐患不能执行 ${type} / cannot ${type} a hazard in status ${state.status}`,
    );
  }
  if (!rule.roles.includes(actor.role)) {
    return err(
      'ROLE_NOT_ALLOWED',
      `角色 ${actor.role} 不能执行 ${type} / role ${actor.role} may not ${type}`,
    );
  }
  return rule.guard ? rule.guard(state, actor) : null;
}

/** Action types this actor could take now (each may still fail on the data it carries). */
export function allowedActions(state: HazardState, actor: Actor): HazardActionType[] {
  return (Object.keys(HAZARD_RULES) as HazardActionType[]).filter(
    (t) => checkAllowed(state, t, actor) === null,
  );
}

/** Names of the five implementations still empty; [] when the plan is complete. */
export function missingPlanParts(plan: TreatmentPlan | null | undefined): string[] {
  return FIVE_IMPLEMENTATIONS.filter((k) => typeof plan?.[k] !== 'string' || plan[k].trim() === '');
}

function generalOnly(state: HazardState): Err | null {
  return state.grade === 'general'
    ? null
    : err(
        'MAJOR_NOT_ON_SPOT',
        '重大事故隐患不能现场整改销案 / a major hazard cannot be closed by an on-the-spot fix',
      );
}

function majorOnly(state: HazardState): Err | null {
  return state.grade === 'major'
    ? null
    : err('MAJOR_ONLY', '仅适用于重大事故隐患 / applies to major hazards only');
}

function canList(state: HazardState, actor: Actor): Err | null {
  const notMajor = majorOnly(state);
  if (notMajor) return notMajor;
  if (state.listing) {
    return err(
      'ALREADY_LISTED',
      `已由 ${state.listing.authorityId} 挂牌督办 / already listed by ${state.listing.authorityId}`,
    );
  }
  return actor.authorityId
    ? null
    : err('AUTHORITY_REQUIRED', '挂牌督办须以监管部门名义 / listing needs an acting authority');
}

function planReadyIfMajor(state: HazardState): Err | null {
  if (state.grade !== 'major') return null;
  const missing = missingPlanParts(state.plan);
  return missing.length === 0
    ? null
    : err(
        'PLAN_INCOMPLETE',
        `重大事故隐患治理方案“五落实”不全：${missing.join(', ')} / treatment plan lacks: ${missing.join(', ')}`,
        'plan',
      );
}

function isListingAuthority(state: HazardState, actor: Actor): Err | null {
  if (!state.listing) {
    return err(
      'NOT_LISTED',
      '重大事故隐患尚未挂牌督办，不能销号 / the hazard was never listed, so it cannot be closed out',
    );
  }
  if (actor.authorityId !== state.listing.authorityId) {
    return err(
      'NOT_LISTING_AUTHORITY',
      `只有挂牌督办单位 ${state.listing.authorityId} 可以销号 / only the listing authority ${state.listing.authorityId} may close it out`,
    );
  }
  return planReadyIfMajor(state);
}

function noPendingExtension(state: HazardState): Err | null {
  return state.pendingExtension
    ? err('EXTENSION_PENDING', '已有延期申请待审批 / an extension request is already awaiting a decision')
    : null;
}

function hasPendingExtension(state: HazardState): Err | null {
  return state.pendingExtension
    ? null
    : err('NO_PENDING_EXTENSION', '没有待审批的延期申请 / there is no extension request to decide');
}

/** Supervision checks the constructor's evidence; it does not hand in evidence itself. */
function notSupervision(_state: HazardState, actor: Actor): Err | null {
  return actor.party === 'supervision'
    ? err(
        'SUPERVISION_CANNOT_SUBMIT',
        '监理单位负责确认整改材料，不能代施工单位提交 / supervision confirms the evidence; the constructor submits it',
      )
    : null;
}

function supervisionDone(state: HazardState): Err | null {
  const s = state.supervision;
  return s?.required && !s.confirmedAt
    ? err(
        'SUPERVISION_CONFIRMATION_REQUIRED',
        '整改材料须先经监理单位确认，才能复查 / supervision must confirm the evidence before the review',
      )
    : null;
}

function isSupervisionToConfirm(state: HazardState, actor: Actor): Err | null {
  const s = state.supervision;
  if (!s?.required || s.confirmedAt)
    return err(
      'NO_CONFIRMATION_PENDING',
      '没有待监理确认的整改材料 / no evidence is waiting for supervision to confirm',
    );
  return actor.party === 'supervision'
    ? null
    : err(
        'NOT_SUPERVISION',
        "只有本项目的监理单位可以确认整改材料 / only the project's supervision party may confirm the evidence",
      );
}
