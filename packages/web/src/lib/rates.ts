import { floorPercent, rateWithCounts } from '@redline/domain';

/**
 * Every rate on screen goes through here: rounded down to one decimal with its counts
 * ("99.9 % (2,852 / 2,853)"), never 100 % while anything counted is open; "—" with no counts.
 * The rule itself is stated in the UI under the i18n key 'rate.rounding'.
 */
export const rateText = (numerator: number, denominator: number): string =>
  rateWithCounts(numerator, denominator);

/** Only the percentage, rounded down: "99.9 %" (for compact places such as chart labels). */
export const ratePercentText = (numerator: number, denominator: number): string => {
  const p = floorPercent(numerator, denominator);
  return p === null ? '—' : `${p} %`;
};

/** The rounded-down percentage as a number, for progress bars (0 when nothing was counted). */
export const ratePercentValue = (numerator: number, denominator: number): number =>
  Number(floorPercent(numerator, denominator) ?? 0);
