import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { registerDevice } from './helpers/devices.ts';
import { deviceServices } from '../src/modules/devices/ingest/services.ts';

/**
 * Devices send whatever their firmware sends. Generated batches — arbitrary JSON, and valid events
 * with one field broken in every way fast-check can think of — must always get an answer: 200 with
 * every event either stored or refused with a reason, never a 5xx, and nothing that passes the checks
 * may then fail in the database (no STORE_FAILED). FUZZ_RUNS scales the run.
 */
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(10, Math.round(n * SCALE));

let t: TestApp;
let w: World;
let device: { code: string; token: string };
let inspector: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Fuzz',
  });
  inspector = await login(t.app, w.users.inspector);
  device = await registerDevice(t.app, inspector, {
    code: 'FZ-GAS-0001',
    name: '模糊测试探测器',
    kind: 'combustible_gas_sensor',
    siteId: w.ids.site,
  });
});
afterAll(() => t?.close());

let n = 0;
const valid = () => ({
  schema: 'redline.event/1',
  eventId: `fz-${++n}`,
  deviceId: device.code,
  time: new Date(Date.now() - 1000).toISOString(),
  type: 'reading',
  values: { gas_lel: 3.2 },
});

const FIELDS = [
  'schema',
  'eventId',
  'deviceId',
  'time',
  'type',
  'code',
  'values',
  'detections',
  'image',
  'seq',
  'extra',
] as const;
const weird = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '\u0000',
    '',
    ' ',
    '2026-02-30T10:00:00+08:00',
    '9999-12-31T23:59:59Z',
    'NaN',
    '-0',
    '1e400',
    '__proto__',
    '<script>',
  ),
  fc.double(),
  fc.dictionary(
    fc.string({ maxLength: 45 }),
    fc.oneof(fc.double(), fc.string({ unit: 'binary', maxLength: 50 }), fc.boolean()),
    { maxKeys: 40 },
  ),
  fc.array(
    fc.record(
      { type: fc.string({ maxLength: 45 }), confidence: fc.double(), box: fc.anything() },
      { requiredKeys: [] },
    ),
    { maxLength: 60 },
  ),
);
const brokenEvent = fc
  .tuple(fc.constantFrom(...FIELDS), weird)
  .map(([field, value]) => ({ ...valid(), [field]: value }));

describe('ingest under generated input', () => {
  it('always answers 200 with every event stored or refused with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            brokenEvent,
            fc.jsonValue(),
            fc.constant(null).map(() => valid()),
          ),
          { minLength: 1, maxLength: 25 },
        ),
        async (events) => {
          const payload = JSON.stringify({ events });
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/ingest/events',
            headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
            payload,
          });
          if (payload.includes('"__proto__":')) {
            // Prototype-poisoning keys refuse the whole body (Fastify's secure JSON parser).
            expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
            expect(res.json().error.code).toBe('BAD_JSON');
            return;
          }
          expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
          const body = res.json();
          expect(body.accepted + body.duplicates + body.rejected.length).toBe(events.length);
          for (const r of body.rejected) {
            expect(typeof r.code).toBe('string');
            expect(r.reason.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: runs(150) },
    );
    await deviceServices(t.deps).pipeline.drain();
    expect(deviceServices(t.deps).pipeline.stats.rejectedByCode.STORE_FAILED ?? 0).toBe(0);
  }, 120_000);

  it('refuses malformed bodies with a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary', maxLength: 500 })),
        async (body) => {
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/ingest/events',
            headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
            payload: typeof body === 'string' ? body : JSON.stringify(body),
          });
          expect(res.statusCode, res.body.slice(0, 200)).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.json().error.code).toEqual(expect.any(String));
        },
      ),
      { numRuns: runs(100) },
    );
  }, 60_000);

  it('device registration: generated bodies get a 201 or a 4xx naming the problem', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            code: fc.oneof(fc.string({ maxLength: 70 }), fc.constant('FZ-CAM-X')),
            name: fc.oneof(fc.string({ maxLength: 130 }), fc.jsonValue()),
            kind: fc.oneof(fc.constantFrom('ai_camera', 'toaster'), fc.string()),
            siteId: fc.oneof(fc.uuid(), fc.constant(w.ids.site), fc.string()),
            heartbeatSeconds: fc.oneof(fc.integer(), fc.double(), fc.string()),
            equipmentId: fc.oneof(fc.uuid(), fc.constant(null), fc.constant(w.ids.equipment)),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/devices',
            headers: { cookie: inspector },
            payload: body,
          });
          expect(res.statusCode, res.body.slice(0, 200)).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.json().error.code).toEqual(expect.any(String));
        },
      ),
      { numRuns: runs(100) },
    );
  }, 60_000);
});
