import { addMonths, addYears, compareDates } from './dates.ts';
import { err, ok, type Result } from './result.ts';

/**
 * Credit supervision (DOMAIN.md §10): the serious untrustworthy list (严重失信主体名单), MEM Order
 * No. 11, in force 2023-10-01. Listed for 3 years; credit repair may be applied for after 12 months.
 * Construction has its own housing-authority scheme, so durations and conditions are data here.
 */
export const CREDIT_LIST_KINDS = ['serious_untrustworthy'] as const;
export type CreditListKind = (typeof CREDIT_LIST_KINDS)[number];

export interface CreditListRules {
  kind: CreditListKind;
  listedYears: number;
  repairAfterMonths: number;
  source: string;
}

export const CREDIT_LIST_RULES: Record<CreditListKind, CreditListRules> = {
  serious_untrustworthy: {
    kind: 'serious_untrustworthy',
    listedYears: 3,
    repairAfterMonths: 12,
    source: 'MEM Order No. 11 (2023-10-01)',
  },
};

/** Listing conditions of MEM Order 11 as DOMAIN §10 names them; `other` for a region's own scheme. */
export const CREDIT_LISTING_CONDITIONS = [
  'serious_accident',
  'two_larger_accidents_12_months',
  'concealed_accident',
  'unlicensed_operation',
  'false_assessment_report',
  'other',
] as const;
export type CreditListingCondition = (typeof CREDIT_LISTING_CONDITIONS)[number];

export interface CreditListingDates {
  startsOn: string;
  plannedEndOn: string;
  repairFrom: string;
}

export function creditListingDates(
  startsOn: string,
  rules: CreditListRules = CREDIT_LIST_RULES.serious_untrustworthy,
): CreditListingDates {
  return {
    startsOn,
    plannedEndOn: addYears(startsOn, rules.listedYears),
    repairFrom: addMonths(startsOn, rules.repairAfterMonths),
  };
}

/** In force on `today`: not removed, started, and the planned end not reached. */
export function creditInForce(
  r: { startsOn: string; plannedEndOn: string; removed: boolean },
  today: string,
): boolean {
  return !r.removed && compareDates(r.startsOn, today) <= 0 && compareDates(today, r.plannedEndOn) < 0;
}

/**
 * Early removal after credit repair: allowed from `repairFrom` (12 months after the start), refused
 * before with the date named; a record already removed or already ended is refused too.
 */
export function checkEarlyRemoval(
  r: { startsOn: string; plannedEndOn: string; removed: boolean },
  today: string,
  rules: CreditListRules = CREDIT_LIST_RULES.serious_untrustworthy,
): Result<{ repairFrom: string }> {
  const repairFrom = addMonths(r.startsOn, rules.repairAfterMonths);
  if (r.removed) return err('CREDIT_ALREADY_REMOVED', 'The record was already removed from the list', 'id');
  if (compareDates(today, r.plannedEndOn) >= 0)
    return err(
      'CREDIT_ALREADY_ENDED',
      `The listing ended on ${r.plannedEndOn}; nothing to remove early`,
      'id',
    );
  if (compareDates(today, repairFrom) < 0)
    return err(
      'CREDIT_REPAIR_TOO_EARLY',
      `Credit repair may remove this listing from ${repairFrom} (${rules.repairAfterMonths} months after the start on ${r.startsOn}, ${rules.source})`,
      'removedOn',
    );
  return ok({ repairFrom });
}
