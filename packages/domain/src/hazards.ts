import { checkAllowed, missingPlanParts } from './hazard-policy.ts';
import {
  LISTING_LEVELS,
  type HazardAction,
  type HazardContext,
  type HazardEvent,
  type HazardGrade,
  type HazardState,
} from './hazard-types.ts';
import { compareInstants, isIsoInstant } from './instants.ts';
import { err, ok, type Err, type Result } from './result.ts';

export { allowedActions, HAZARD_RULES, missingPlanParts } from './hazard-policy.ts';
export * from './hazard-types.ts';

type Step = Result<{ state: HazardState; payload: Record<string, unknown> }>;

/** A new hazard. Anyone may report one, a worker included (Work Safety Law art. 59). */
export function reportHazard(
  input: { grade: HazardGrade },
  ctx: HazardContext,
): { state: HazardState; event: HazardEvent } {
  assertContext(ctx);
  const state: HazardState = {
    status: 'reported',
    grade: input.grade,
    deadline: null,
    plan: null,
    listing: null,
    pendingExtension: null,
    evidence: [],
    returnedCount: 0,
    acceptance: null,
    closure: null,
  };
  return { state, event: eventOf('report', null, state, ctx, { grade: input.grade }) };
}

/** The one way a hazard changes. Illegal moves and missing data come back as `err`, never a throw. */
export function transition(
  state: HazardState,
  action: HazardAction,
  ctx: HazardContext,
): Result<{ state: HazardState; event: HazardEvent }> {
  assertContext(ctx);
  const denied = checkAllowed(state, action.type, ctx.actor);
  if (denied) return denied;
  const r = apply(state, action, ctx);
  if (!r.ok) return r;
  return ok({
    state: r.value.state,
    event: eventOf(action.type, state.status, r.value.state, ctx, r.value.payload),
  });
}

/** Past its rectification deadline while the enterprise still owes the fix. */
export function isOverdue(state: HazardState, now: string): boolean {
  if (state.status !== 'rectification_ordered' && state.status !== 'rectifying') return false;
  return state.deadline !== null && compareInstants(now, state.deadline) > 0;
}

function apply(s: HazardState, a: HazardAction, ctx: HazardContext): Step {
  const { now, actor } = ctx;
  switch (a.type) {
    case 'confirm': {
      const grade = a.grade ?? s.grade;
      if (grade !== 'general' && grade !== 'major')
        return err('GRADE_INVALID', `未知隐患等级 ${grade} / unknown grade ${grade}`, 'grade');
      return done({ ...s, status: 'confirmed', grade }, { grade });
    }
    case 'reject':
      if (!nonEmpty(a.reason))
        return err('REASON_REQUIRED', '请填写不予确认的理由 / give a reason for rejecting', 'reason');
      return done({ ...s, status: 'rejected' }, { reason: a.reason.trim() });
    case 'rectify_on_spot': {
      const evidence = cleanEvidence(a.evidence);
      if (evidence.length === 0) return evidenceRequired();
      const closure = { at: now, by: actor.id, via: 'on_spot' as const, authorityId: null };
      return done({ ...s, status: 'closed', evidence, closure }, { evidence, note: a.note ?? null });
    }
    case 'order_rectification': {
      const bad = checkDeadline(a.deadline, now, 'deadline');
      if (bad) return bad;
      return done({ ...s, status: 'rectification_ordered', deadline: a.deadline }, { deadline: a.deadline });
    }
    case 'submit_plan': {
      const missing = missingPlanParts(a.plan);
      if (missing.length > 0) {
        return err(
          'PLAN_INCOMPLETE',
          `治理方案“五落实”不全：${missing.join(', ')} / plan lacks: ${missing.join(', ')}`,
          `plan.${missing[0]}`,
        );
      }
      return done({ ...s, plan: { ...a.plan } }, { plan: { ...a.plan } });
    }
    case 'list_for_supervision': {
      if (!(LISTING_LEVELS as readonly string[]).includes(a.level)) {
        return err(
          'LISTING_LEVEL_INVALID',
          `挂牌级别应为 ${LISTING_LEVELS.join('/')} / level must be one of ${LISTING_LEVELS.join(', ')}`,
          'level',
        );
      }
      const listing = {
        authorityId: actor.authorityId as string,
        level: a.level,
        listedAt: now,
        listedBy: actor.id,
      };
      return done({ ...s, listing }, { authorityId: listing.authorityId, level: a.level });
    }
    case 'start_rectification':
      return done({ ...s, status: 'rectifying' }, {});
    case 'submit_evidence': {
      const evidence = cleanEvidence(a.evidence);
      if (evidence.length === 0) return evidenceRequired();
      // A pending extension is moot once the work is handed in. On a supervised project the
      // evidence waits for supervision's confirmation first.
      const supervision = ctx.supervised
        ? { supervision: { required: true, confirmedAt: null, confirmedBy: null } }
        : s.supervision
          ? { supervision: { ...s.supervision, required: false, confirmedAt: null, confirmedBy: null } }
          : {};
      return done(
        { ...s, status: 'submitted', evidence, pendingExtension: null, ...supervision },
        { evidence, note: a.note ?? null, ...(ctx.supervised ? { supervised: true } : {}) },
      );
    }
    case 'confirm_evidence': {
      if (typeof a.accepted !== 'boolean')
        return err('ACCEPTED_REQUIRED', '请选择是否确认 / say whether the evidence is confirmed', 'accepted');
      if (a.accepted)
        return done(
          { ...s, supervision: { required: true, confirmedAt: now, confirmedBy: actor.id } },
          { accepted: true, comment: a.comment ?? null },
        );
      if (!nonEmpty(a.comment))
        return err(
          'COMMENT_REQUIRED',
          '不予确认时请写明意见 / say why the evidence is not confirmed',
          'comment',
        );
      // Back to the constructor, same deadline: the evidence did not show the fix.
      return done(
        {
          ...s,
          status: 'rectifying',
          evidence: [],
          supervision: { required: true, confirmedAt: null, confirmedBy: null },
        },
        { accepted: false, comment: a.comment.trim() },
      );
    }
    case 'review':
      return review(s, a, ctx);
    case 'close_out': {
      const closure = {
        at: now,
        by: actor.id,
        via: 'close_out' as const,
        authorityId: actor.authorityId ?? null,
      };
      return done(
        { ...s, status: 'closed', closure },
        { authorityId: closure.authorityId, comment: a.comment ?? null },
      );
    }
    case 'request_extension': {
      if (!nonEmpty(a.reason))
        return err('REASON_REQUIRED', '请说明延期理由 / give a reason for the extension', 'reason');
      // Ask before the deadline runs out, not after.
      if (s.deadline !== null && compareInstants(now, s.deadline) > 0) {
        return err(
          'DEADLINE_PASSED',
          `整改期限 ${s.deadline} 已过，不能申请延期 / the deadline ${s.deadline} has passed`,
          'requestedDeadline',
        );
      }
      const bad =
        checkDeadline(a.requestedDeadline, now, 'requestedDeadline') ??
        notLater(a.requestedDeadline, s.deadline, 'requestedDeadline');
      if (bad) return bad;
      const pendingExtension = {
        requestedDeadline: a.requestedDeadline,
        reason: a.reason.trim(),
        requestedAt: now,
        requestedBy: actor.id,
      };
      return done(
        { ...s, pendingExtension },
        { requestedDeadline: a.requestedDeadline, reason: pendingExtension.reason },
      );
    }
    case 'decide_extension': {
      const pending = s.pendingExtension!; // guaranteed by the policy guard
      if (!a.approved)
        return done({ ...s, pendingExtension: null }, { approved: false, comment: a.comment ?? null });
      const deadline = a.deadline ?? pending.requestedDeadline;
      const bad = checkDeadline(deadline, now, 'deadline') ?? notLater(deadline, s.deadline, 'deadline');
      if (bad) return bad;
      return done(
        { ...s, pendingExtension: null, deadline },
        { approved: true, deadline, comment: a.comment ?? null },
      );
    }
    default:
      throw new Error(`unknown hazard action ${JSON.stringify(a satisfies never)}`);
  }
}

function review(s: HazardState, a: Extract<HazardAction, { type: 'review' }>, ctx: HazardContext): Step {
  const { now, actor } = ctx;
  if (a.accepted) {
    const acceptance = { at: now, by: actor.id };
    // A major hazard waits for the listing authority's close-out; a general one is done.
    if (s.grade === 'major')
      return done({ ...s, status: 'accepted', acceptance }, { accepted: true, comment: a.comment ?? null });
    const closure = { at: now, by: actor.id, via: 'review' as const, authorityId: actor.authorityId ?? null };
    return done(
      { ...s, status: 'closed', acceptance, closure },
      { accepted: true, comment: a.comment ?? null },
    );
  }
  if (a.deadline === undefined) {
    return err(
      'DEADLINE_REQUIRED',
      '复查不通过时须给出新的整改期限 / a rejected submission needs a new deadline',
      'deadline',
    );
  }
  const bad = checkDeadline(a.deadline, now, 'deadline');
  if (bad) return bad;
  return done(
    { ...s, status: 'rectifying', deadline: a.deadline, evidence: [], returnedCount: s.returnedCount + 1 },
    { accepted: false, deadline: a.deadline, comment: a.comment ?? null },
  );
}

const done = (state: HazardState, payload: Record<string, unknown>): Step => ok({ state, payload });

const nonEmpty = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '';

const cleanEvidence = (xs: unknown): string[] =>
  Array.isArray(xs) ? xs.filter(nonEmpty).map((x) => x.trim()) : [];

const evidenceRequired = (): Err =>
  err(
    'EVIDENCE_REQUIRED',
    '请上传整改前后的照片或材料 / attach evidence of the rectification (photos, documents)',
    'evidence',
  );

function checkDeadline(deadline: string | undefined, now: string, field: string): Err | null {
  if (deadline === undefined || deadline === null || deadline === '') {
    return err('DEADLINE_REQUIRED', '请填写整改期限 / a deadline is required', field);
  }
  if (typeof deadline !== 'string' || !isIsoInstant(deadline)) {
    return err(
      'DEADLINE_INVALID',
      `期限 ${String(deadline)} 不是带时区的时间 / deadline must be an ISO date-time with offset`,
      field,
    );
  }
  if (compareInstants(deadline, now) <= 0) {
    return err(
      'DEADLINE_IN_PAST',
      `期限 ${deadline} 已过 / deadline ${deadline} is not in the future`,
      field,
    );
  }
  return null;
}

function notLater(deadline: string, current: string | null, field: string): Err | null {
  if (current === null || compareInstants(deadline, current) > 0) return null;
  return err(
    'EXTENSION_NOT_LATER',
    `延期后的期限须晚于原期限 ${current} / the new deadline must be after ${current}`,
    field,
  );
}

function eventOf(
  type: HazardEvent['type'],
  from: HazardEvent['from'],
  to: HazardState,
  ctx: HazardContext,
  payload: Record<string, unknown>,
): HazardEvent {
  const { id, role, authorityId } = ctx.actor;
  return {
    type,
    at: ctx.now,
    actor: { id, role, authorityId: authorityId ?? null },
    from,
    to: to.status,
    payload,
  };
}

function assertContext(ctx: HazardContext): void {
  if (!isIsoInstant(ctx.now))
    throw new RangeError(`ctx.now must be an ISO instant with offset, got ${JSON.stringify(ctx.now)}`);
}
