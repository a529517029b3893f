import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  accidentGradeReason,
  casualtyUpdateAllowed,
  casualtyUpdateWindow,
  gradeAccident,
  GB6441_ACCIDENT_TYPES,
  reportingDeadlines,
  reportingLevelsFor,
  type AccidentFacts,
  type AccidentGrade,
} from '../src/index.ts';

const rank: Record<AccidentGrade, number> = { general: 0, larger: 1, serious: 2, especially_serious: 3 };
const M = 10_000;

describe('highest grade rule (Order No. 493)', () => {
  it('property: the grade is the highest grade any single measure reaches', () => {
    const facts = fc.record({
      deaths: fc.integer({ min: 0, max: 40 }),
      seriousInjuries: fc.integer({ min: 0, max: 130 }),
      directLossYuan: fc.integer({ min: 0, max: 150_000_000 }),
    });
    fc.assert(
      fc.property(facts, (f) => {
        const g = gradeAccident(f);
        if (!g.ok) throw new Error('refused');
        const single = (m: keyof AccidentFacts) => {
          const r = gradeAccident({ deaths: 0, seriousInjuries: 0, directLossYuan: 0, [m]: f[m] });
          if (!r.ok) throw new Error('refused');
          return rank[r.value.grade];
        };
        const top = Math.max(single('deaths'), single('seriousInjuries'), single('directLossYuan'));
        expect(rank[g.value.grade]).toBe(top);
      }),
      { numRuns: 500 },
    );
  });

  it('property: at the bound the grade is reached, one below it is not (以上 includes, 以下 excludes)', () => {
    const bounds: Array<[keyof AccidentFacts, number, AccidentGrade, AccidentGrade]> = [
      ['deaths', 3, 'larger', 'general'],
      ['deaths', 10, 'serious', 'larger'],
      ['deaths', 30, 'especially_serious', 'serious'],
      ['seriousInjuries', 10, 'larger', 'general'],
      ['seriousInjuries', 50, 'serious', 'larger'],
      ['seriousInjuries', 100, 'especially_serious', 'serious'],
      ['directLossYuan', 1000 * M, 'larger', 'general'],
      ['directLossYuan', 5000 * M, 'serious', 'larger'],
      ['directLossYuan', 10000 * M, 'especially_serious', 'serious'],
    ];
    for (const [m, bound, at, below] of bounds) {
      const base = { deaths: 0, seriousInjuries: 0, directLossYuan: 0 };
      const g1 = gradeAccident({ ...base, [m]: bound });
      const g0 = gradeAccident({ ...base, [m]: m === 'directLossYuan' ? bound - 0.01 : bound - 1 });
      expect(g1.ok && g1.value.grade, `${m} ${bound}`).toBe(at);
      expect(g0.ok && g0.value.grade, `${m} ${bound} − 1`).toBe(below);
    }
  });
});

describe('grade reason', () => {
  it('names the measure and bound that decided: deaths 3 ≥ 3 → 较大', () => {
    const f = { deaths: 3, seriousInjuries: 2, directLossYuan: 500 * M };
    const g = gradeAccident(f);
    expect(g.ok && accidentGradeReason(g.value, f)).toBe('死亡 3 人 ≥ 3 人 → 较大');
  });

  it('names every deciding measure, and the loss in 万元', () => {
    const f = { deaths: 2, seriousInjuries: 55, directLossYuan: 6000 * M };
    const g = gradeAccident(f);
    expect(g.ok && accidentGradeReason(g.value, f)).toBe(
      '重伤（含急性工业中毒） 55 人 ≥ 50 人；直接经济损失 6000 万元 ≥ 5000 万元 → 重大',
    );
  });

  it('for a general accident says each measure stayed below the larger grade', () => {
    const f = { deaths: 2, seriousInjuries: 9, directLossYuan: 999 * M };
    const g = gradeAccident(f);
    expect(g.ok && accidentGradeReason(g.value, f)).toBe(
      '死亡 2 人 < 3 人；重伤（含急性工业中毒） 9 人 < 10 人；直接经济损失 999 万元 < 1000 万元 → 一般',
    );
  });
});

describe('GB 6441 types', () => {
  it('has the 20 types numbered 01–20 with unique names', () => {
    expect(GB6441_ACCIDENT_TYPES.map((t) => t.code)).toEqual(
      Array.from({ length: 20 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(new Set(GB6441_ACCIDENT_TYPES.map((t) => t.zh)).size).toBe(20);
    expect(GB6441_ACCIDENT_TYPES.find((t) => t.code === '08')?.zh).toBe('火灾');
  });
});

describe('reporting deadlines (art. 9–10)', () => {
  const at = '2026-05-01T08:00:00+08:00'; // 00:00Z

  it('levels by grade: general to the city, larger to the province, serious and above nationally', () => {
    expect(reportingLevelsFor('general')).toEqual(['county', 'city']);
    expect(reportingLevelsFor('larger')).toEqual(['county', 'city', 'province']);
    expect(reportingLevelsFor('serious')).toEqual(['county', 'city', 'province', 'national']);
    expect(reportingLevelsFor('especially_serious')).toHaveLength(4);
  });

  it('1 hour to the county; 2 hours per level up from when the level below reported', () => {
    const steps = reportingDeadlines(
      at,
      'larger',
      { county: '2026-05-01T00:40:00Z', city: '2026-05-01T02:40:00Z', province: '2026-05-01T04:41:00Z' },
      '2026-05-02T00:00:00Z',
    );
    expect(steps.map((s) => [s.level, s.deadline, s.state])).toEqual([
      ['county', '2026-05-01T01:00:00.000Z', 'met'],
      ['city', '2026-05-01T02:40:00.000Z', 'met'], // exactly at the deadline: met
      ['province', '2026-05-01T04:40:00.000Z', 'missed'], // a minute late
    ]);
  });

  it('a level not reported is pending before its deadline and late after it', () => {
    const before = reportingDeadlines(at, 'general', {}, '2026-05-01T00:59:59Z');
    expect(before.map((s) => s.state)).toEqual(['pending', 'pending']);
    const after = reportingDeadlines(at, 'general', {}, '2026-05-01T01:00:01Z');
    expect(after.map((s) => s.state)).toEqual(['late_pending', 'pending']);
    // without the county's report, the city's deadline runs from the county's deadline: 3 h
    expect(after[1].deadline).toBe('2026-05-01T03:00:00.000Z');
  });
});

describe('casualty update window (art. 13)', () => {
  it('30 days from the day of the accident; the 30th day is still open, the 31st not', () => {
    const o = { typeCode: '01', roadTraffic: false };
    expect(casualtyUpdateWindow('2026-05-01', o)).toEqual({ days: 30, lastDay: '2026-05-31' });
    expect(casualtyUpdateAllowed('2026-05-01', o, '2026-05-31')).toBe(true);
    expect(casualtyUpdateAllowed('2026-05-01', o, '2026-06-01')).toBe(false);
  });

  it('7 days for fire (GB 6441 type 08) and for road traffic', () => {
    expect(casualtyUpdateWindow('2026-05-01', { typeCode: '08', roadTraffic: false }).lastDay).toBe(
      '2026-05-08',
    );
    expect(casualtyUpdateWindow('2026-05-01', { typeCode: '02', roadTraffic: true }).lastDay).toBe(
      '2026-05-08',
    );
    expect(casualtyUpdateAllowed('2026-05-01', { typeCode: '08', roadTraffic: false }, '2026-05-08')).toBe(
      true,
    );
    expect(casualtyUpdateAllowed('2026-05-01', { typeCode: '08', roadTraffic: false }, '2026-05-09')).toBe(
      false,
    );
  });
});
