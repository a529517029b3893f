import { describe, expect, it } from 'vitest';
import { foldOffline } from '../src/features/offsite/arrival';
import type { Alarm } from '../src/features/offsite/shared';

/** The console's entries with offline alarms folded on the server (issue 16) and older separate ones. */
const T = Date.parse('2026-11-23T08:00:00Z');
let n = 0;
function alarm(o: { type?: string; site: string; at: number; codes: string[] }): Alarm {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: o.type ?? 'device_offline',
    status: 'new',
    site: { id: o.site, name: o.site },
    device: { id: `d-${o.codes[0]}`, code: o.codes[0] },
    devices: o.codes.map((code) => ({ id: `d-${code}`, code })),
    createdAt: new Date(o.at).toISOString(),
  } as unknown as Alarm;
}

describe('foldOffline', () => {
  it('shows a server-folded alarm as one entry naming all its devices', () => {
    const entries = foldOffline([alarm({ site: 'A', at: T, codes: ['A-1', 'A-2', 'A-3'] })]);
    expect(entries).toHaveLength(1);
    expect(entries[0].codes).toEqual(['A-1', 'A-2', 'A-3']);
    expect(entries[0].ids).toHaveLength(1);
  });

  it('still folds separate offline alarms of one site within 5 minutes, and no others', () => {
    const entries = foldOffline([
      alarm({ site: 'A', at: T, codes: ['A-1', 'A-2'] }),
      alarm({ site: 'A', at: T - 3 * 60_000, codes: ['A-3'] }),
      alarm({ site: 'B', at: T - 60_000, codes: ['B-1'] }),
      alarm({ site: 'A', at: T - 6 * 60_000, codes: ['A-4'] }),
      alarm({ type: 'gas_leak', site: 'A', at: T, codes: ['A-1'] }),
    ]);
    expect(entries.map((e) => e.codes)).toEqual([['A-1', 'A-2', 'A-3'], ['B-1'], ['A-4'], ['A-1']]);
  });
});
