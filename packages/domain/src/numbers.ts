/**
 * Scores are sums of decimal deductions (0.5, 2.5 …) held as binary floats. Rounding sums to
 * 6 decimals removes float noise (59.99999999 vs 60) so thresholds like "under 40" or "≥ 80" are
 * decided on the intended value; it is monotone, so ordering between scores is preserved.
 */
export const tidy = (x: number): number => Math.round(x * 1e6) / 1e6;

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** One decimal, for display only: values keep full precision and rules compare those. */
export const displayScore = (x: number): string => (Math.round(x * 10) / 10).toFixed(1);

/**
 * A rate as a percentage, rounded DOWN to `decimals` places: "99.9" for 2,852 / 2,853, never
 * "100.0" while anything counted is still open. Null when nothing was counted (no rate at all).
 * Integer arithmetic (BigInt), so no float error can push a value over the next step.
 */
export function floorPercent(numerator: number, denominator: number, decimals = 1): string | null {
  for (const [name, v] of [
    ['numerator', numerator],
    ['denominator', denominator],
  ] as const)
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a count, got ${v}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6)
    throw new RangeError(`decimals must be 0..6, got ${decimals}`);
  if (numerator > denominator)
    throw new RangeError(`numerator ${numerator} exceeds denominator ${denominator}`);
  if (denominator === 0) return null;
  const scale = 10n ** BigInt(decimals);
  const units = (BigInt(numerator) * 100n * scale) / BigInt(denominator); // BigInt division floors
  const whole = units / scale;
  if (decimals === 0) return whole.toString();
  return `${whole}.${(units % scale).toString().padStart(decimals, '0')}`;
}

const countFormat = new Intl.NumberFormat('en-US');

/**
 * A rate as it is displayed everywhere: rounded down, with its counts —
 * "99.9 % (2,852 / 2,853)"; "—" when nothing was counted.
 */
export function rateWithCounts(numerator: number, denominator: number, decimals = 1): string {
  const p = floorPercent(numerator, denominator, decimals);
  if (p === null) return '—';
  return `${p} % (${countFormat.format(numerator)} / ${countFormat.format(denominator)})`;
}
