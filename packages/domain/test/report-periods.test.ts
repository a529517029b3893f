import { describe, expect, it } from 'vitest';
import { lastClosedPeriod, periodNameOf, reportPeriod } from '../src/report-periods.ts';

describe('report periods', () => {
  it('names months, quarters and years and their days', () => {
    expect(reportPeriod('month', '2024-02')).toEqual({
      ok: true,
      span: { kind: 'month', period: '2024-02', start: '2024-02-01', end: '2024-02-29', label: '2024年2月' },
    });
    expect(reportPeriod('quarter', '2026-Q4')).toMatchObject({
      ok: true,
      span: { start: '2026-10-01', end: '2026-12-31', label: '2026年第四季度' },
    });
    expect(reportPeriod('year', '2025')).toMatchObject({
      ok: true,
      span: { start: '2025-01-01', end: '2025-12-31', label: '2025年度' },
    });
  });

  it('refuses a period written for another kind, a month 13, a year out of range', () => {
    for (const [kind, period] of [
      ['month', '2026-Q1'],
      ['quarter', '2026-11'],
      ['year', '2026-11'],
      ['month', '2026-13'],
      ['month', '2026-00'],
      ['quarter', '2026-Q5'],
      ['year', '1999'],
    ] as const) {
      const r = reportPeriod(kind, period);
      expect(r.ok, `${kind} ${period}`).toBe(false);
    }
  });

  it('the last closed period: the one before the period of today', () => {
    expect(lastClosedPeriod('month', '2026-12-07').period).toBe('2026-11');
    expect(lastClosedPeriod('month', '2026-01-01').period).toBe('2025-12');
    expect(lastClosedPeriod('quarter', '2026-12-07').period).toBe('2026-Q3');
    expect(lastClosedPeriod('quarter', '2026-01-31').period).toBe('2025-Q4');
    expect(lastClosedPeriod('year', '2026-12-31').period).toBe('2025');
    expect(periodNameOf('quarter', '2026-03-31')).toBe('2026-Q1');
    expect(periodNameOf('quarter', '2026-04-01')).toBe('2026-Q2');
  });
});
