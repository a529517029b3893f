import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { DeviceEventV1, IsapiAlert } from '../src/index.ts';
import { eventJsonSchema } from '../src/event-schema.ts';

/** The device event contract: the published JSON Schema file and the examples stay true to it. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const contracts = path.join(root, 'contracts');
const check = TypeCompiler.Compile(DeviceEventV1);
const read = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

describe('redline.event/1', () => {
  it('contracts/redline-event-v1.schema.json is the contract (regenerate: npx tsx scripts/export-event-schema.ts)', () => {
    expect(read(path.join(contracts, 'redline-event-v1.schema.json'))).toEqual(eventJsonSchema());
  });

  const examples = readdirSync(path.join(contracts, 'examples')).filter(
    (f) => f.endsWith('.json') && !f.startsWith('hikvision'),
  );
  it.each(examples)('example %s is a valid event', (f) => {
    const ev = read(path.join(contracts, 'examples', f));
    expect([...check.Errors(ev)].map((e) => `${e.path} ${e.message}`)).toEqual([]);
  });

  it('the ISAPI-like example matches the adapter’s assumed shape', () => {
    expect(
      Value.Check(IsapiAlert, read(path.join(contracts, 'examples', 'hikvision-isapi-alert.json'))),
    ).toBe(true);
  });

  const base = read(path.join(contracts, 'examples', 'welding-detection.json'));
  it.each<[string, Record<string, unknown>]>([
    ['an unknown field', { extra: true }],
    ['a time without an offset', { time: '2026-11-24T10:15:03' }],
    ['a confidence in percent', { detections: [{ type: 'welding', confidence: 93 }] }],
    ['another schema version', { schema: 'redline.event/2' }],
    ['an event id with spaces', { eventId: 'a b' }],
    ['an unknown event type', { type: 'gossip' }],
    [
      'a box outside the frame',
      { detections: [{ type: 'welding', confidence: 0.9, box: { x: 0.9, y: 0, w: 1.5, h: 0.1 } }] },
    ],
  ])('refuses %s', (_label, change) => {
    expect(check.Check({ ...base, ...change })).toBe(false);
  });
});
