import { describe, it, expect } from 'vitest';
import {
  EQUIPMENT_CATEGORY_CODES,
  equipmentInspectionStatus,
  isEquipmentCategoryCode,
  nextInspectionDate,
} from '../src/index.ts';

describe('special equipment inspection status', () => {
  const record = {
    nextInspectionOn: '2025-06-30',
    lastInspectionOn: '2024-06-30',
    lastResult: 'pass' as const,
  };

  it.each([
    ['2025-05-30', 'in_date', 'IN_DATE'],
    ['2025-05-31', 'due_soon', 'DUE_SOON'], // 30 days before
    ['2025-06-30', 'due_soon', 'DUE_SOON'], // the due date itself is still in date
    ['2025-07-01', 'overdue', 'OVERDUE'], // 超期未检
  ])('on %s it is %s', (today, status, code) => {
    const r = equipmentInspectionStatus(record, today);
    expect(r.status).toBe(status);
    expect(r.reason.code).toBe(code);
  });

  it('reports the days involved', () => {
    expect(equipmentInspectionStatus(record, '2025-07-11').reason).toEqual({
      code: 'OVERDUE',
      nextInspectionOn: '2025-06-30',
      daysPast: 11,
    });
    expect(equipmentInspectionStatus(record, '2025-06-20').reason).toEqual({
      code: 'DUE_SOON',
      nextInspectionOn: '2025-06-30',
      daysLeft: 10,
    });
  });

  it('honours a configured warning period', () => {
    expect(equipmentInspectionStatus(record, '2025-05-30', { warnDays: 60 }).status).toBe('due_soon');
    expect(equipmentInspectionStatus(record, '2025-06-29', { warnDays: 0 }).status).toBe('in_date');
  });

  it('is unknown without a next inspection date', () => {
    expect(equipmentInspectionStatus({ nextInspectionOn: null }, '2025-01-01')).toEqual({
      status: 'unknown',
      reason: { code: 'NO_NEXT_INSPECTION_DATE' },
    });
  });

  it('a failed last inspection means out of use, whatever the dates', () => {
    const r = equipmentInspectionStatus({ ...record, lastResult: 'fail' }, '2024-07-01');
    expect(r.status).toBe('failed');
  });

  it('computes the next date from the interval, clamping month ends', () => {
    expect(nextInspectionDate(12, '2024-02-29')).toBe('2025-02-28');
    expect(nextInspectionDate(24, '2024-06-30')).toBe('2026-06-30');
    expect(() => nextInspectionDate(0, '2024-06-30')).toThrow(RangeError);
  });

  it('knows the eight category codes', () => {
    expect(EQUIPMENT_CATEGORY_CODES).toHaveLength(8);
    expect(isEquipmentCategoryCode('3000')).toBe(true);
    expect(isEquipmentCategoryCode('7000')).toBe(false);
  });
});
