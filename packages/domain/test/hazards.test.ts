import { describe, it, expect } from 'vitest';
import {
  allowedActions,
  hazardInvariantViolations,
  isOverdue,
  reportHazard,
  transition,
  type HazardAction,
  type HazardActionType,
  type HazardState,
} from '../src/index.ts';
import {
  FULL_PLAN,
  T0,
  admin,
  at,
  inspectorA,
  leaderA,
  leaderB,
  manager,
  reported,
  run,
  worker,
} from './hazard-fixtures.ts';

const ctx = (actor = inspectorA, now = at(1)) => ({ now, actor });

/** A general hazard, confirmed and ordered with a deadline 10 days after T0. */
const ordered = (grade: 'general' | 'major' = 'general') =>
  run(reported(grade), [
    [{ type: 'confirm' }, inspectorA, at(0.1)],
    [{ type: 'order_rectification', deadline: at(10) }, inspectorA, at(0.2)],
  ]);

describe('hazard lifecycle: general hazards', () => {
  it('goes reported → confirmed → ordered → rectifying → submitted → closed on acceptance', () => {
    let s = ordered();
    expect(s).toMatchObject({ status: 'rectification_ordered', deadline: at(10) });
    s = run(s, [
      [{ type: 'start_rectification' }, manager, at(1)],
      [{ type: 'submit_evidence', evidence: ['file-1', 'file-2'] }, manager, at(5)],
    ]);
    expect(s).toMatchObject({ status: 'submitted', evidence: ['file-1', 'file-2'] });
    const r = transition(s, { type: 'review', accepted: true }, ctx(inspectorA, at(6)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.state).toMatchObject({ status: 'closed', closure: { via: 'review', by: inspectorA.id } });
    expect(r.value.event).toMatchObject({
      type: 'review',
      from: 'submitted',
      to: 'closed',
      at: at(6),
      payload: { accepted: true },
    });
    expect(hazardInvariantViolations(r.value.state)).toEqual([]);
  });

  it('a rejected submission goes back to rectifying with a new deadline', () => {
    const s = run(ordered(), [
      [{ type: 'start_rectification' }, manager, at(1)],
      [{ type: 'submit_evidence', evidence: ['file-1'] }, manager, at(5)],
    ]);
    expect(transition(s, { type: 'review', accepted: false }, ctx(inspectorA, at(6)))).toMatchObject({
      ok: false,
      code: 'DEADLINE_REQUIRED',
    });
    const r = transition(
      s,
      { type: 'review', accepted: false, deadline: at(20), comment: '护栏高度不足' },
      ctx(inspectorA, at(6)),
    );
    expect(r.ok && r.value.state).toMatchObject({
      status: 'rectifying',
      deadline: at(20),
      returnedCount: 1,
      evidence: [],
    });
  });

  it('may be rectified on the spot with evidence, by an inspector or the enterprise', () => {
    const byInspector = transition(
      reported('general'),
      { type: 'rectify_on_spot', evidence: ['photo'] },
      ctx(inspectorA),
    );
    expect(byInspector.ok && byInspector.value.state).toMatchObject({
      status: 'closed',
      closure: { via: 'on_spot' },
    });
    const byManager = transition(
      reported('general', manager),
      { type: 'rectify_on_spot', evidence: ['photo'] },
      ctx(manager),
    );
    expect(byManager.ok).toBe(true);
    expect(
      transition(reported('general'), { type: 'rectify_on_spot', evidence: [' '] }, ctx()),
    ).toMatchObject({ ok: false, code: 'EVIDENCE_REQUIRED' });
  });

  it('a rejected report needs a reason and ends there', () => {
    expect(transition(reported('general'), { type: 'reject', reason: '' }, ctx())).toMatchObject({
      ok: false,
      code: 'REASON_REQUIRED',
    });
    const s = run(reported('general'), [[{ type: 'reject', reason: '重复上报' }, leaderA, at(1)]]);
    expect(s.status).toBe('rejected');
    expect(allowedActions(s, admin)).toEqual([]);
  });
});

describe('hazard lifecycle: major hazards', () => {
  it('needs the five implementations before rectification, listing, and close-out by the listing authority', () => {
    let s = ordered('major');
    expect(transition(s, { type: 'start_rectification' }, ctx(manager))).toMatchObject({
      ok: false,
      code: 'PLAN_INCOMPLETE',
    });
    const partial = transition(s, { type: 'submit_plan', plan: { ...FULL_PLAN, funds: ' ' } }, ctx(manager));
    expect(partial).toMatchObject({ ok: false, code: 'PLAN_INCOMPLETE', field: 'plan.funds' });
    s = run(s, [
      [{ type: 'submit_plan', plan: FULL_PLAN }, manager, at(1)],
      [{ type: 'list_for_supervision', level: 'city' }, leaderA, at(1)],
      [{ type: 'start_rectification' }, manager, at(2)],
      [{ type: 'submit_evidence', evidence: ['acceptance-report'] }, manager, at(8)],
      [{ type: 'review', accepted: true }, inspectorA, at(9)],
    ]);
    expect(s).toMatchObject({ status: 'accepted', listing: { authorityId: 'auth-A', level: 'city' } });
    expect(transition(s, { type: 'close_out' }, ctx(leaderB, at(10)))).toMatchObject({
      ok: false,
      code: 'NOT_LISTING_AUTHORITY',
    });
    expect(transition(s, { type: 'close_out' }, ctx(manager, at(10)))).toMatchObject({
      ok: false,
      code: 'ROLE_NOT_ALLOWED',
    });
    const closed = transition(s, { type: 'close_out' }, ctx(leaderA, at(10)));
    expect(closed.ok && closed.value.state).toMatchObject({
      status: 'closed',
      closure: { via: 'close_out', authorityId: 'auth-A' },
    });
    if (closed.ok) expect(hazardInvariantViolations(closed.value.state)).toEqual([]);
  });

  it('cannot be closed out before it is listed, nor listed twice, nor rectified on the spot', () => {
    let s = run(ordered('major'), [
      [{ type: 'submit_plan', plan: FULL_PLAN }, manager, at(1)],
      [{ type: 'start_rectification' }, manager, at(2)],
      [{ type: 'submit_evidence', evidence: ['report'] }, manager, at(8)],
      [{ type: 'review', accepted: true }, inspectorA, at(9)],
    ]);
    expect(transition(s, { type: 'close_out' }, ctx(leaderA, at(10)))).toMatchObject({
      ok: false,
      code: 'NOT_LISTED',
    });
    s = run(s, [[{ type: 'list_for_supervision', level: 'province' }, leaderB, at(10)]]);
    expect(
      transition(s, { type: 'list_for_supervision', level: 'city' }, ctx(leaderA, at(10))),
    ).toMatchObject({ ok: false, code: 'ALREADY_LISTED' });
    expect(transition(s, { type: 'close_out' }, ctx(leaderB, at(11))).ok).toBe(true);
    const m = run(reported('major'), [[{ type: 'confirm' }, inspectorA, at(0.1)]]);
    expect(transition(m, { type: 'rectify_on_spot', evidence: ['x'] }, ctx())).toMatchObject({
      ok: false,
      code: 'MAJOR_NOT_ON_SPOT',
    });
  });

  it('listing needs an acting authority and a known level', () => {
    const s = run(reported('major'), [[{ type: 'confirm' }, inspectorA, at(0.1)]]);
    expect(transition(s, { type: 'list_for_supervision', level: 'city' }, ctx(admin))).toMatchObject({
      ok: false,
      code: 'AUTHORITY_REQUIRED',
    });
    const bad = { type: 'list_for_supervision', level: 'galaxy' } as unknown as HazardAction;
    expect(transition(s, bad, ctx(leaderA))).toMatchObject({ ok: false, code: 'LISTING_LEVEL_INVALID' });
  });

  it('the regulator may confirm a reported general hazard as major', () => {
    const r = transition(reported('general'), { type: 'confirm', grade: 'major' }, ctx());
    expect(r.ok && r.value.state.grade).toBe('major');
  });
});

describe('hazard lifecycle: deadlines and extensions', () => {
  it.each([
    [undefined, 'DEADLINE_REQUIRED'],
    ['', 'DEADLINE_REQUIRED'],
    ['2025-03-20', 'DEADLINE_INVALID'], // a date without time and offset
    ['2025-03-20T18:00:00', 'DEADLINE_INVALID'],
    [T0, 'DEADLINE_IN_PAST'], // not after now
  ])('ordering with deadline %s fails with %s', (deadline, code) => {
    const s = run(reported('general'), [[{ type: 'confirm' }, inspectorA, at(0.1)]]);
    const action = { type: 'order_rectification', deadline } as HazardAction;
    expect(transition(s, action, ctx(inspectorA, T0))).toMatchObject({ ok: false, code, field: 'deadline' });
  });

  it('is overdue only past the deadline and only while the enterprise owes the work', () => {
    const s = ordered();
    expect(isOverdue(s, at(10))).toBe(false);
    expect(isOverdue(s, at(10.01))).toBe(true);
    const submitted = run(s, [
      [{ type: 'start_rectification' }, manager, at(1)],
      [{ type: 'submit_evidence', evidence: ['f'] }, manager, at(2)],
    ]);
    expect(isOverdue(submitted, at(30))).toBe(false);
    expect(isOverdue(reported('general'), at(30))).toBe(false);
  });

  it('an extension is requested with a reason and decided by a regulator', () => {
    const s = ordered();
    const req = (a: Partial<{ requestedDeadline: string; reason: string }>, now = at(5)) =>
      transition(
        s,
        { type: 'request_extension', requestedDeadline: at(20), reason: '材料未到货', ...a },
        ctx(manager, now),
      );
    expect(req({ reason: ' ' })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(req({ requestedDeadline: at(9) })).toMatchObject({ ok: false, code: 'EXTENSION_NOT_LATER' });
    expect(req({}, at(11))).toMatchObject({ ok: false, code: 'DEADLINE_PASSED' });
    expect(
      transition(s, { type: 'request_extension', requestedDeadline: at(20), reason: 'x' }, ctx(inspectorA)),
    ).toMatchObject({
      ok: false,
      code: 'ROLE_NOT_ALLOWED',
    });
    const r = req({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const pending = r.value.state;
    expect(pending).toMatchObject({
      status: 'rectification_ordered',
      deadline: at(10),
      pendingExtension: { requestedDeadline: at(20) },
    });
    expect(
      transition(
        pending,
        { type: 'request_extension', requestedDeadline: at(25), reason: 'x' },
        ctx(manager),
      ),
    ).toMatchObject({
      ok: false,
      code: 'EXTENSION_PENDING',
    });
    expect(transition(pending, { type: 'decide_extension', approved: true }, ctx(manager))).toMatchObject({
      ok: false,
      code: 'ROLE_NOT_ALLOWED',
    });

    const approved = run(pending, [[{ type: 'decide_extension', approved: true }, leaderA, at(6)]]);
    expect(approved).toMatchObject({ deadline: at(20), pendingExtension: null });
    const shorter = run(pending, [
      [{ type: 'decide_extension', approved: true, deadline: at(15) }, leaderA, at(6)],
    ]);
    expect(shorter.deadline).toBe(at(15));
    const refused = run(pending, [
      [{ type: 'decide_extension', approved: false, comment: '理由不充分' }, leaderA, at(6)],
    ]);
    expect(refused).toMatchObject({ deadline: at(10), pendingExtension: null });
    expect(transition(refused, { type: 'decide_extension', approved: true }, ctx(leaderA))).toMatchObject({
      ok: false,
      code: 'NO_PENDING_EXTENSION',
    });
  });

  it('submitting the work makes a pending extension moot', () => {
    const s = run(ordered(), [
      [{ type: 'start_rectification' }, manager, at(1)],
      [{ type: 'request_extension', requestedDeadline: at(20), reason: 'x' }, manager, at(2)],
      [{ type: 'submit_evidence', evidence: ['f'] }, manager, at(3)],
    ]);
    expect(s.pendingExtension).toBeNull();
  });
});

describe('hazard lifecycle: who may do what', () => {
  it('names the status and action of an illegal transition', () => {
    const r = transition(reported('general'), { type: 'submit_evidence', evidence: ['f'] }, ctx(manager));
    expect(r).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
    if (!r.ok) expect(r.message).toContain('cannot submit_evidence a hazard in status reported');
  });

  const fresh = () => reported('general');
  const confirmed = () => run(fresh(), [[{ type: 'confirm' }, inspectorA, at(0.1)]]);
  const byRole = { worker, manager, leaderA, inspectorA } as const;

  it.each([
    ['worker', 'confirm', 'ROLE_NOT_ALLOWED', fresh],
    ['manager', 'confirm', 'ROLE_NOT_ALLOWED', fresh],
    ['manager', 'order_rectification', 'ROLE_NOT_ALLOWED', confirmed],
    ['inspectorA', 'start_rectification', 'ROLE_NOT_ALLOWED', ordered],
    ['leaderA', 'review', 'ILLEGAL_TRANSITION', ordered], // nothing submitted yet
  ] as const)('%s may not %s: %s', (who, type, code, state) => {
    const action = { type, deadline: at(10), accepted: true } as unknown as HazardAction;
    expect(transition(state(), action, ctx(byRole[who]))).toMatchObject({ ok: false, code });
  });

  it.each([
    ['reported', 'inspectorA', ['confirm', 'reject', 'rectify_on_spot']],
    ['reported', 'manager', ['rectify_on_spot']],
    ['reported', 'worker', []],
    ['rectification_ordered', 'manager', ['start_rectification', 'request_extension']],
    ['rectification_ordered', 'leaderA', []],
  ] as const)('in %s, %s may %j', (status, who, expected) => {
    const s: HazardState = status === 'reported' ? reported('general') : ordered();
    expect(allowedActions(s, byRole[who])).toEqual(expected as unknown as HazardActionType[]);
  });

  it('a closed hazard accepts nothing', () => {
    const s = run(reported('general'), [[{ type: 'rectify_on_spot', evidence: ['p'] }, inspectorA, at(0.1)]]);
    for (const actor of [admin, leaderA, inspectorA, manager]) expect(allowedActions(s, actor)).toEqual([]);
  });

  it('reporting records the reporter and the time', () => {
    const { state, event } = reportHazard({ grade: 'general' }, { now: T0, actor: worker });
    expect(state.status).toBe('reported');
    expect(event).toEqual({
      type: 'report',
      at: T0,
      actor: { id: worker.id, role: 'worker', authorityId: null },
      from: null,
      to: 'reported',
      payload: { grade: 'general' },
    });
  });

  it('throws on a malformed clock (a bug, not user input)', () => {
    expect(() =>
      transition(reported('general'), { type: 'confirm' }, { now: 'yesterday', actor: inspectorA }),
    ).toThrow(RangeError);
  });
});
