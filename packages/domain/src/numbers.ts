/**
 * Scores are sums of decimal deductions (0.5, 2.5 …) held as binary floats. Rounding sums to
 * 6 decimals removes float noise (59.99999999 vs 60) so thresholds like "under 40" or "≥ 80" are
 * decided on the intended value; it is monotone, so ordering between scores is preserved.
 */
export const tidy = (x: number): number => Math.round(x * 1e6) / 1e6;

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** One decimal, for display only: values keep full precision and rules compare those. */
export const displayScore = (x: number): string => (Math.round(x * 10) / 10).toFixed(1);
