import {
  reportHazard,
  transition,
  type Actor,
  type HazardAction,
  type HazardState,
  type TreatmentPlan,
} from '../src/index.ts';

export const inspectorA: Actor = { id: 'u-insp-a', role: 'inspector', authorityId: 'auth-A' };
export const leaderA: Actor = { id: 'u-lead-a', role: 'leader', authorityId: 'auth-A' };
export const leaderB: Actor = { id: 'u-lead-b', role: 'leader', authorityId: 'auth-B' };
export const dutyOfficer: Actor = { id: 'u-duty', role: 'duty_officer', authorityId: 'auth-A' };
export const admin: Actor = { id: 'u-admin', role: 'admin' };
export const manager: Actor = { id: 'u-mgr', role: 'enterprise_manager' };
export const worker: Actor = { id: 'u-worker', role: 'worker' };
export const ACTORS = [inspectorA, leaderA, leaderB, dutyOfficer, admin, manager, worker];

export const T0 = '2025-03-01T09:00:00+08:00';
/** An instant `days` after T0. */
export const at = (days: number): string => new Date(Date.parse(T0) + days * 86_400_000).toISOString();

export const FULL_PLAN: TreatmentPlan = {
  responsibility: '项目经理张三负责',
  measures: '增设基坑支护，分层开挖',
  funds: '50 万元',
  timeLimit: '30 日内',
  contingencyPlan: '基坑坍塌应急预案',
};

/** Applies actions in order, each at its own time and actor; throws on the first refusal. */
export function run(state: HazardState, steps: Array<[HazardAction, Actor, string]>): HazardState {
  for (const [action, actor, now] of steps) {
    const r = transition(state, action, { now, actor });
    if (!r.ok) throw new Error(`${action.type}: ${r.code} ${r.message}`);
    state = r.value.state;
  }
  return state;
}

export const reported = (grade: 'general' | 'major', by: Actor = inspectorA): HazardState =>
  reportHazard({ grade }, { now: T0, actor: by }).state;
