import { missingPlanParts } from './hazard-policy.ts';
import type { HazardState } from './hazard-types.ts';

/**
 * Facts that must hold in every reachable hazard state. Empty list = consistent. Used by the
 * property tests, and usable by the server as a guard when loading a stored state.
 */
export function hazardInvariantViolations(s: HazardState): string[] {
  const v: string[] = [];
  const needsDeadline = ['rectification_ordered', 'rectifying', 'submitted', 'accepted'].includes(s.status);
  if (needsDeadline && s.deadline === null) v.push(`${s.status} without a deadline`);
  if (s.pendingExtension && s.status !== 'rectification_ordered' && s.status !== 'rectifying') {
    v.push(`extension pending in ${s.status}`);
  }
  if (s.listing && s.grade !== 'major') v.push('a general hazard is listed for supervision');
  if (s.grade === 'major' && ['rectifying', 'submitted', 'accepted', 'closed'].includes(s.status)) {
    if (missingPlanParts(s.plan).length > 0) v.push(`major hazard ${s.status} without a complete plan`);
  }
  if (s.status === 'submitted' && s.evidence.length === 0) v.push('submitted without evidence');
  if (s.status === 'accepted' && (s.grade !== 'major' || !s.acceptance))
    v.push('accepted state without a major acceptance');
  if ((s.status === 'closed') !== (s.closure !== null)) v.push('closure record does not match status');
  if (s.status === 'closed' && s.closure) {
    if (s.evidence.length === 0) v.push('closed without evidence');
    if (s.grade === 'major') {
      if (!s.listing) v.push('major hazard closed without listing');
      if (!s.acceptance) v.push('major hazard closed without acceptance');
      if (s.closure.via !== 'close_out') v.push(`major hazard closed via ${s.closure.via}`);
      if (s.listing && s.closure.authorityId !== s.listing.authorityId)
        v.push('major hazard closed by another authority');
    }
  }
  const sup = s.supervision;
  if (sup?.required && (s.status === 'accepted' || (s.status === 'closed' && s.closure?.via === 'review')))
    if (!sup.confirmedAt) v.push(`${s.status} without supervision's confirmation`);
  if (sup?.confirmedAt && !sup.required) v.push('confirmed by supervision without the step');
  return v;
}
