import { describe, expect, it } from 'vitest';
import { HazardStats } from '@redline/contracts';
import { statsOf } from '../src/modules/hazards/presenters.ts';
import { expectShape } from './helpers/client.ts';

/** What /api/hazards/stats answers for given counts (the counting itself is SQL, tested elsewhere). */
const figures = (found: number, closed: number, closedOnTime: number) => ({
  found,
  closed,
  closed_on_time: closedOnTime,
  overdue: 0,
  major_open: 0,
});

describe('hazard rates in the API', () => {
  it('2,852 closed of 2,853 is 99.9 %, never 100.0 %; the exact fraction stays beside it', () => {
    const s = statsOf(
      { total: figures(2853, 2852, 2000), groups: [{ key: 'k', name: 'n', ...figures(3, 2, 2) }] },
      'enterprise',
      new Date('2026-11-23T00:00:00Z'),
    );
    expectShape(HazardStats, s);
    expect(s.total).toMatchObject({ ratePercent: '99.9', onTimeRatePercent: '70.1' });
    expect(s.total.rate).toBeCloseTo(2852 / 2853);
    expect(s.groups[0]).toMatchObject({ ratePercent: '66.6', onTimeRatePercent: '66.6' });
  });

  it('all closed is 100.0; nothing found has no rate', () => {
    const all = statsOf({ total: figures(7, 7, 7), groups: [] }, null, new Date());
    expect(all.total).toMatchObject({ ratePercent: '100.0', rate: 1 });
    const none = statsOf({ total: figures(0, 0, 0), groups: [] }, null, new Date());
    expect(none.total).toMatchObject({ rate: null, ratePercent: null, onTimeRatePercent: null });
  });

  it('the API description states the rounding rule on every rate field', () => {
    const props = HazardStats.properties.total.properties;
    for (const k of ['rate', 'ratePercent', 'onTimeRate', 'onTimeRatePercent'] as const)
      expect(JSON.stringify(props[k]), k).toMatch(/rounded DOWN/);
  });
});
