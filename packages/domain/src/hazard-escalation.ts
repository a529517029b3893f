import type { HazardState } from './hazard-types.ts';
import { isOverdue } from './hazards.ts';
import { instantMs } from './instants.ts';

/**
 * Overdue escalation: once a rectification deadline has passed while the enterprise still owes
 * the fix, notices go out in stages — first to the enterprise, later to the leader of the
 * inspector who ordered the rectification. The stages and their delays are reference data
 * (data/hazards/escalation.json); a new deadline starts the stages again.
 */
export const ESCALATION_AUDIENCES = ['enterprise', 'leader'] as const;
export type EscalationAudience = (typeof ESCALATION_AUDIENCES)[number];

export interface EscalationStep {
  stage: number;
  /** Hours after the deadline at which this stage is due (0 = as soon as it is overdue). */
  afterHours: number;
  notify: EscalationAudience;
}

/** The steps due now for this hazard, in stage order (the caller records each once per deadline). */
export function dueEscalations(
  state: HazardState,
  now: string,
  steps: readonly EscalationStep[],
): EscalationStep[] {
  if (!isOverdue(state, now) || state.deadline === null) return [];
  const late = instantMs(now) - instantMs(state.deadline);
  return steps.filter((s) => late >= s.afterHours * 3_600_000).sort((a, b) => a.stage - b.stage);
}

/** Checks a stage table: positive distinct stages, non-negative delays increasing with the stage. */
export function validateEscalationSteps(steps: readonly EscalationStep[]): string[] {
  const problems: string[] = [];
  const sorted = [...steps].sort((a, b) => a.stage - b.stage);
  sorted.forEach((s, i) => {
    if (!Number.isInteger(s.stage) || s.stage < 1)
      problems.push(`stage ${s.stage} must be a positive integer`);
    if (!(s.afterHours >= 0)) problems.push(`stage ${s.stage}: afterHours must be ≥ 0`);
    if (!(ESCALATION_AUDIENCES as readonly string[]).includes(s.notify))
      problems.push(`stage ${s.stage}: unknown audience ${s.notify}`);
    if (i > 0 && sorted[i - 1].stage === s.stage) problems.push(`stage ${s.stage} appears twice`);
    if (i > 0 && sorted[i - 1].afterHours > s.afterHours)
      problems.push(`stage ${s.stage} is due before stage ${sorted[i - 1].stage}`);
  });
  return problems;
}
