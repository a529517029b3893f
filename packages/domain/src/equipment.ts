import { addDays, addMonths, compareDates, daysBetween } from './dates.ts';

/**
 * Special equipment (特种设备) periodic inspection.
 * The eight categories by catalogue code; their names and inspection intervals are reference data.
 */
export const EQUIPMENT_CATEGORY_CODES = [
  '1000',
  '2000',
  '3000',
  '4000',
  '5000',
  '6000',
  '8000',
  '9000',
] as const;
/** 1000 boilers, 2000 pressure vessels, 3000 elevators, 4000 lifting machinery, 5000 in-plant motor
 * vehicles, 6000 large amusement rides, 8000 pressure piping, 9000 passenger ropeways. */
export type EquipmentCategoryCode = (typeof EQUIPMENT_CATEGORY_CODES)[number];

export function isEquipmentCategoryCode(code: string): code is EquipmentCategoryCode {
  return (EQUIPMENT_CATEGORY_CODES as readonly string[]).includes(code);
}

export type InspectionResult = 'pass' | 'fail';
/** `failed`: the latest inspection failed, so the equipment must not be used whatever the dates say. */
export type EquipmentInspectionStatus = 'in_date' | 'due_soon' | 'overdue' | 'failed' | 'unknown';

export interface EquipmentInspectionRecord {
  /** Authoritative next due date; whoever records an inspection rolls it forward. */
  nextInspectionOn?: string | null;
  lastInspectionOn?: string | null;
  lastResult?: InspectionResult | null;
}

export type EquipmentInspectionReason =
  | { code: 'NO_NEXT_INSPECTION_DATE' }
  | { code: 'LAST_INSPECTION_FAILED'; lastInspectionOn: string | null }
  | { code: 'OVERDUE'; nextInspectionOn: string; daysPast: number }
  | { code: 'DUE_SOON'; nextInspectionOn: string; daysLeft: number }
  | { code: 'IN_DATE'; nextInspectionOn: string; daysLeft: number };

export interface EquipmentInspectionAssessment {
  status: EquipmentInspectionStatus;
  reason: EquipmentInspectionReason;
}

/** The owner applies one month before due, hence the 30-day default warning. */
export function equipmentInspectionStatus(
  record: EquipmentInspectionRecord,
  today: string,
  options: { warnDays?: number } = {},
): EquipmentInspectionAssessment {
  const warnDays = options.warnDays ?? 30;
  if (!Number.isInteger(warnDays) || warnDays < 0)
    throw new RangeError(`warnDays must be a whole number, got ${warnDays}`);
  if (record.lastResult === 'fail') {
    return {
      status: 'failed',
      reason: { code: 'LAST_INSPECTION_FAILED', lastInspectionOn: record.lastInspectionOn ?? null },
    };
  }
  const next = record.nextInspectionOn ?? null;
  if (next === null) return { status: 'unknown', reason: { code: 'NO_NEXT_INSPECTION_DATE' } };
  if (compareDates(today, next) > 0) {
    return {
      status: 'overdue',
      reason: { code: 'OVERDUE', nextInspectionOn: next, daysPast: daysBetween(next, today) },
    };
  }
  const daysLeft = daysBetween(today, next);
  if (compareDates(today, addDays(next, -warnDays)) >= 0) {
    return { status: 'due_soon', reason: { code: 'DUE_SOON', nextInspectionOn: next, daysLeft } };
  }
  return { status: 'in_date', reason: { code: 'IN_DATE', nextInspectionOn: next, daysLeft } };
}

/** Next due date from the interval (reference data per equipment type, see current TSG rules). */
export function nextInspectionDate(intervalMonths: number, lastInspectionOn: string): string {
  if (!Number.isInteger(intervalMonths) || intervalMonths <= 0) {
    throw new RangeError(`intervalMonths must be a positive integer, got ${intervalMonths}`);
  }
  return addMonths(lastInspectionOn, intervalMonths);
}
