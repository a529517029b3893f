/**
 * Public and worker hazard reports and the points exchange (issue 18): the pure rules shared by the
 * server and the web app.
 *
 * Facts and their status:
 * - Reporting hazards is everyone's right: Work Safety Law of the PRC (2021 amendment) art. 74 (any
 *   unit or person may report hazards and violations to the departments with supervisory duties) and
 *   art. 75–76 (rewards for reporters of major hazards). Confirmed against the 2021 text.
 * - Rewards and reporter confidentiality: 《安全生产领域举报奖励办法》(应急〔2018〕19号) — reporters'
 *   information is kept confidential. Edition and article numbers NOT re-checked here (unconfirmed).
 * - The handling deadline (HANDLING_DAYS) and the default points are product defaults, not taken from
 *   a regulation; an authority or enterprise changes the points as data.
 */

/** Tracking codes and site tokens: 12 characters of 2–9 and A–Z without I and O (32 symbols, 60 bits; no 0/O, 1/I). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 12;
const CODE_RE = /^[2-9A-HJ-NP-Z]{12}$/;

/** Whether a string has the shape of a tracking code (after upper-casing and dropping spaces and dashes). */
export function normaliseCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  return CODE_RE.test(s) ? s : null;
}

/** A code from random bytes (one byte per character; 256 = 8 × 32, so no modulo bias). */
export function codeFromBytes(bytes: ArrayLike<number>): string {
  if (bytes.length < CODE_LENGTH) throw new Error(`need ${CODE_LENGTH} random bytes`);
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[bytes[i]! % 32];
  return out;
}

/** Product default: a report is verified (or answered) within this many days of receipt. */
export const HANDLING_DAYS = 7;

/** Reports looked at together for duplicate detection: same place, within this many days. */
export const DUPLICATE_WINDOW_DAYS = 7;
/** Text similarity from which an earlier report of the same place is flagged as a possible duplicate. */
export const DUPLICATE_TEXT_SIMILARITY = 0.6;

/**
 * Similarity of two short texts (Chinese has no word boundaries): Dice coefficient of their character
 * bigrams after dropping whitespace and punctuation; 1 = same, 0 = nothing shared.
 */
export function textSimilarity(a: string, b: string): number {
  const grams = (s: string) => {
    const clean = s.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
    const m = new Map<string, number>();
    if (clean.length === 1) m.set(clean, 1);
    for (let i = 0; i + 1 < clean.length; i++) {
      const g = clean.slice(i, i + 2);
      m.set(g, (m.get(g) ?? 0) + 1);
    }
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let na = 0;
  let nb = 0;
  let both = 0;
  for (const v of ga.values()) na += v;
  for (const v of gb.values()) nb += v;
  if (na === 0 || nb === 0) return 0;
  for (const [g, v] of ga) both += Math.min(v, gb.get(g) ?? 0);
  return (2 * both) / (na + nb);
}

/** Rate limits for reports without an account (per hashed address and per device), honest use fits well inside. */
export const REPORT_LIMITS = {
  perAddressHour: 5,
  perAddressDay: 20,
  perDeviceHour: 3,
  perDeviceDay: 10,
} as const;

export const POINTS_EVENTS = [
  'report_verified',
  'report_verified_major',
  'suggestion_adopted',
  'training_completed',
  'drill',
  'violation',
] as const;
export type PointsEventCode = (typeof POINTS_EVENTS)[number];

/** Product defaults, used where an enterprise or project has not set its own (violation is a deduction). */
export const DEFAULT_POINTS: Readonly<Record<PointsEventCode, number>> = {
  report_verified: 10,
  report_verified_major: 50,
  suggestion_adopted: 5,
  training_completed: 2,
  drill: 3,
  violation: -10,
};

/** The points of an event: a project's rule, else its enterprise's, else the default. */
export function pointsFor(
  event: PointsEventCode,
  rules: {
    project?: Partial<Record<PointsEventCode, number>>;
    enterprise?: Partial<Record<PointsEventCode, number>>;
  },
): number {
  return rules.project?.[event] ?? rules.enterprise?.[event] ?? DEFAULT_POINTS[event];
}

/** Whether a rule's points fit the event: deductions only for violations, earnings otherwise. */
export function rulePointsProblem(event: PointsEventCode, points: number): string | null {
  if (!Number.isInteger(points) || Math.abs(points) > 1000)
    return 'points must be a whole number from -1000 to 1000';
  if (event === 'violation' ? points > 0 : points <= 0)
    return event === 'violation'
      ? 'a violation deducts points (0 or less)'
      : 'this event earns points (more than 0)';
  return null;
}

/**
 * What a worker may take off the balance: entries are signed; a redemption needs the balance to stay
 * at or above zero. A deduction larger than the balance takes the balance to zero, not below (the
 * ledger records the part actually deducted).
 */
export function applicableDeduction(balance: number, points: number): number {
  return points >= 0 ? points : -Math.min(balance, -points);
}
