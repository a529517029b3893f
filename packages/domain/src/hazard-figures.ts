import type { HazardState } from './hazard-types.ts';
import { isOverdue } from './hazards.ts';
import { compareInstants } from './instants.ts';

/**
 * Rectification figures, defined once. The server computes them in SQL for whole jurisdictions;
 * its tests check the SQL against this definition.
 *
 * - found: hazards not rejected as "not a hazard";
 * - closed: closed hazards; rate = closed / found;
 * - closedOnTime: closed on the spot, or closed no later than the deadline in force when closed
 *   (an approved extension moves the deadline; a rejected submission sets a new one);
 *   onTimeRate = closedOnTime / found;
 * - overdue: the enterprise still owes the fix and the deadline has passed (see isOverdue);
 * - majorOpen: major hazards neither closed nor rejected.
 *
 * Rates are exact fractions here; wherever one is shown it goes through floorPercent /
 * rateWithCounts (numbers.ts): rounded down, with its counts, never 100 % while one is open.
 */
export interface HazardFigures {
  found: number;
  closed: number;
  closedOnTime: number;
  overdue: number;
  majorOpen: number;
  /** closed / found, 0..1; null when nothing was found. */
  rate: number | null;
  onTimeRate: number | null;
}

export function closedOnTime(s: HazardState): boolean {
  if (s.status !== 'closed' || !s.closure) return false;
  if (s.closure.via === 'on_spot' || s.deadline === null) return true;
  return compareInstants(s.closure.at, s.deadline) <= 0;
}

export function hazardFigures(states: readonly HazardState[], now: string): HazardFigures {
  let found = 0;
  let closed = 0;
  let onTime = 0;
  let overdue = 0;
  let majorOpen = 0;
  for (const s of states) {
    if (s.status === 'rejected') continue;
    found++;
    if (s.status === 'closed') closed++;
    if (closedOnTime(s)) onTime++;
    if (isOverdue(s, now)) overdue++;
    if (s.grade === 'major' && s.status !== 'closed') majorOpen++;
  }
  const ratio = (n: number) => (found === 0 ? null : n / found);
  return {
    found,
    closed,
    closedOnTime: onTime,
    overdue,
    majorOpen,
    rate: ratio(closed),
    onTimeRate: ratio(onTime),
  };
}
