import { describe, expect, it } from 'vitest';
import { checkEvent } from '../src/modules/devices/ingest/validate.ts';

const now = Date.parse('2026-11-23T10:00:00Z');
const event = (extra: Record<string, unknown>) => ({
  schema: 'redline.event/1',
  eventId: 'v-1',
  deviceId: 'CAM-1',
  time: '2026-11-23T09:59:00Z',
  type: 'detection',
  ...extra,
});

describe('text PostgreSQL cannot store is refused at the gate, naming where', () => {
  it.each([
    ['a NUL in a value', { values: { note: 'a\u0000b' } }, '/values/note'],
    [
      'an unpaired high surrogate in a detection type',
      { detections: [{ type: 'fire\uD800', confidence: 0.9 }] },
      '/detections/0/type',
    ],
    ['an unpaired low surrogate in a key', { values: { ['k\uDC00']: 1 } }, '/values/k\uDC00'],
  ])('%s', (_what, extra, path) => {
    const r = checkEvent(event(extra), now, 24 * 3_600_000);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rejection.code).toBe('SCHEMA');
      expect(r.rejection.path).toBe(path);
    }
  });

  it('a proper surrogate pair (an emoji) and Chinese text pass', () => {
    const r = checkEvent(event({ values: { note: '焊接 🔥' } }), now, 24 * 3_600_000);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });
});
