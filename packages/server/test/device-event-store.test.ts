import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEventV1 } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { addSite, at8, readingEvent, registerDevice } from './helpers/devices.ts';
import { deviceServices } from '../src/modules/devices/ingest/services.ts';
import { commitBatch, type IngestItem } from '../src/modules/devices/ingest/index.ts';
import { deviceInfoOf, type DeviceInfo } from '../src/modules/devices/device-cache.ts';
import {
  checkEventRollups,
  maintainEventPartitions,
  rebuildEventRollups,
  retentionCutoff,
} from '../src/modules/devices/event-store.ts';
import { eventPartitions } from '../src/modules/devices/event-store-repo.ts';
import { eventRollupsCommand } from '../src/modules/devices/event-rollups-cli.ts';
import type { Db } from '../src/db/database.ts';

/**
 * The device event store (issue 13): events partitioned by UTC month, hourly rollups maintained by
 * the ingest batch, retention that keeps alarm evidence.
 *  - After random event streams (devices on two sites, hours over four months, types and codes,
 *    resends, ids reused with another time, random batch cuts, partitions created mid-stream moving
 *    rows out of the default partition), the maintained rollups equal a rebuild from the events and
 *    an independent count kept by the test.
 *  - Retention drops whole months but keeps the events an alarm names as evidence; the rollups of
 *    the dropped hours stay.
 */
let t: TestApp;
let db: Db;
let a: World;
let devices: DeviceInfo[] = [];
const NOW = Date.UTC(2026, 11, 7, 6, 30); // 2026-12-07 14:30 in China

beforeAll(async () => {
  t = await createTestApp();
  db = t.deps.database.db;
  a = await createWorld(db, t.deps.secrets, { county: '310116', town: '310116501', tag: 'Jinshan' });
  const inspector = await login(t.app, a.users.inspector);
  const site2 = await addSite(db, {
    enterpriseId: a.ids.enterprise,
    regionCode: '310116501',
    name: '燃气调压站',
    kind: 'gas_storage',
  });
  const made = [
    await registerDevice(t.app, inspector, {
      code: 'ES-GAS-01',
      name: '一号可燃气体探测器',
      kind: 'combustible_gas_sensor',
      siteId: a.ids.site,
    }),
    await registerDevice(t.app, inspector, {
      code: 'ES-GAS-02',
      name: '二号可燃气体探测器',
      kind: 'combustible_gas_sensor',
      siteId: a.ids.site,
    }),
    await registerDevice(t.app, inspector, {
      code: 'ES-GAS-03',
      name: '调压站可燃气体探测器',
      kind: 'combustible_gas_sensor',
      siteId: site2,
    }),
  ];
  const rows = await db
    .selectFrom('devices')
    .selectAll()
    .where(
      'id',
      'in',
      made.map((d) => d.id),
    )
    .orderBy('code')
    .execute();
  devices = rows.map(deviceInfoOf);
  await deviceServices(t.deps).start();
}, 120_000);
afterAll(() => t?.close());

const services = () => deviceServices(t.deps);

function item(device: DeviceInfo, event: DeviceEventV1): IngestItem {
  return { event, at: Date.parse(event.time), device, transport: 'test', done: () => {} };
}

async function commit(items: IngestItem[], lockDevices: boolean) {
  return commitBatch(
    { database: t.deps.database, rules: services().rules, timeZone: 'Asia/Shanghai', lockDevices },
    items,
    [],
  );
}

/** The rollups as "hour|device|type|code" → n (site and region follow the device here). */
async function rollupCounts(): Promise<Map<string, number>> {
  const rows = await db.selectFrom('device_event_rollups').selectAll().execute();
  const m = new Map<string, number>();
  for (const r of rows) {
    const k = `${new Date(r.hour).toISOString()}|${r.device_id}|${r.type}|${r.code}`;
    m.set(k, (m.get(k) ?? 0) + Number(r.n));
  }
  return m;
}

const hourOf = (ms: number) => new Date(Math.floor(ms / 3_600_000) * 3_600_000).toISOString();

const eventArb = fc.record({
  device: fc.integer({ min: 0, max: 2 }),
  // minutes back from NOW over about four months, so several month partitions and the default one
  minutesAgo: fc.oneof(fc.integer({ min: 0, max: 180 }), fc.integer({ min: 0, max: 120 * 24 * 60 })),
  second: fc.integer({ min: 0, max: 59 }),
  kind: fc.constantFrom('heartbeat', 'reading', 'fault', 'alarm'),
  code: fc.constantFrom(undefined, 'E01', 'E02'),
  gas: fc.integer({ min: 0, max: 60 }),
  // 0: a new event; 1: a resend of an earlier one (same id, same time); 2: an earlier id with another time
  repeat: fc.constantFrom(0, 0, 0, 0, 1, 2),
});

describe('device event rollups', () => {
  it('equal a rebuild from the events and an independent count after random streams', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 120 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        async (specs, cuts, lockDevices, partitionAfterBatch) => {
          run++;
          await sql`DELETE FROM alarms`.execute(db);
          await sql`DELETE FROM device_events`.execute(db);
          await sql`DELETE FROM device_event_rollups`.execute(db);
          await sql`DELETE FROM device_rule_states`.execute(db);
          const expected = new Map<string, number>();
          const stored = new Set<string>();
          const sent: Array<{ device: DeviceInfo; event: DeviceEventV1 }> = [];
          const items: IngestItem[] = specs.map((s, i) => {
            const earlier = sent.length ? sent[(i * 7) % sent.length] : null;
            if (s.repeat === 1 && earlier) return item(earlier.device, earlier.event);
            const device = devices[s.device];
            const time = new Date(NOW - s.minutesAgo * 60_000 - s.second * 1000);
            const eventId = s.repeat === 2 && earlier ? earlier.event.eventId : `r${run}-${i}`;
            const event = {
              ...readingEvent(device.code, eventId, time, { gas_lel: s.gas }),
              type: s.kind,
              ...(s.code ? { code: s.code } : {}),
            } as DeviceEventV1;
            if (s.kind !== 'reading') delete (event as { values?: unknown }).values;
            const d = s.repeat === 2 && earlier ? earlier.device : device;
            const it = item(d, { ...event, deviceId: d.code });
            sent.push({ device: d, event: it.event });
            return it;
          });
          for (const it of items) {
            const key = `${it.device.id}|${it.event.eventId}|${it.at}`;
            if (stored.has(key)) continue;
            stored.add(key);
            const k = `${hourOf(it.at)}|${it.device.id}|${it.event.type}|${it.event.code ?? ''}`;
            expected.set(k, (expected.get(k) ?? 0) + 1);
          }
          // cut the stream into batches; create the month partitions after one of them
          let from = 0;
          let batch = 0;
          for (const cut of [...cuts, items.length]) {
            const part = items.slice(from, from + cut);
            from += part.length;
            if (part.length) {
              const out = await commit(part, lockDevices);
              expect(out.outcomes.filter((o) => o === 'accepted').length).toBeLessThanOrEqual(part.length);
            }
            if (batch++ === partitionAfterBatch)
              await maintainEventPartitions(db, new Date(NOW - 130 * 86_400_000), 0);
            if (from >= items.length) break;
          }
          const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM device_events`.execute(db);
          expect(count.rows[0].n).toBe(stored.size);
          expect(await rollupCounts()).toEqual(expected);
          expect(await checkEventRollups(db)).toEqual([]);
          await rebuildEventRollups(db);
          expect(await rollupCounts()).toEqual(expected);
        },
      ),
      { numRuns: 25 },
    );
  }, 600_000);

  it('check names a maintained row that differs, and a rebuild repairs it', async () => {
    const d = devices[0];
    await commit(
      [0, 1, 2].map((i) =>
        item(
          d,
          readingEvent(d.code, `chk-${i}`, new Date(NOW - i * 60_000), { gas_lel: 1 }) as DeviceEventV1,
        ),
      ),
      false,
    );
    expect(await checkEventRollups(db)).toEqual([]);
    await sql`UPDATE device_event_rollups SET n = n + 5 WHERE device_id = ${d.id}`.execute(db);
    const diffs = await checkEventRollups(db);
    expect(diffs.length).toBeGreaterThan(0);
    expect(diffs[0].maintained - diffs[0].rebuilt).toBe(5);
    const lines: string[] = [];
    expect(await eventRollupsCommand(db, 'check', (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toMatch(/differ from a rebuild/);
    expect(await eventRollupsCommand(db, 'rebuild', () => {})).toBe(0);
    expect(await checkEventRollups(db)).toEqual([]);
    expect(await eventRollupsCommand(db, 'check', () => {})).toBe(0);
  });
});

describe('device event partitions and retention', () => {
  it('creates month partitions ahead and moves rows out of the default partition', async () => {
    await sql`DELETE FROM device_events`.execute(db);
    const d = devices[1];
    const far = Date.UTC(2027, 5, 15, 3); // a month no partition covers yet
    await commit(
      [item(d, readingEvent(d.code, 'far-1', new Date(far), { gas_lel: 1 }) as DeviceEventV1)],
      false,
    );
    const where = async () =>
      (
        await sql<{
          t: string;
        }>`SELECT tableoid::regclass::text AS t FROM device_events WHERE event_id = 'far-1'`.execute(db)
      ).rows[0]?.t;
    expect(await where()).toBe('device_events_kept');
    const r = await maintainEventPartitions(db, new Date(Date.UTC(2027, 4, 20)), 0);
    expect(r.created).toBeGreaterThan(0);
    expect(await where()).toBe('device_events_y2027m06');
    const { months } = await eventPartitions(db);
    expect(months.map((m) => m.name)).toEqual(
      expect.arrayContaining(['device_events_y2027m05', 'device_events_y2027m06', 'device_events_y2027m07']),
    );
  });

  it('drops months past retention but keeps the events an alarm names as evidence, and the rollups', async () => {
    await sql`DELETE FROM alarms`.execute(db);
    await sql`DELETE FROM device_events`.execute(db);
    await sql`DELETE FROM device_event_rollups`.execute(db);
    await sql`DELETE FROM device_rule_states`.execute(db);
    const d = devices[2];
    const old = Date.UTC(2026, 5, 10, 2); // June 2026
    await maintainEventPartitions(db, new Date(old), 0);
    // a blip (no alarm), then a sustained leak (a gas-leak alarm whose evidence are these events)
    const blip = [0, 1, 2].map(
      (i) =>
        readingEvent(d.code, `old-b-${i}`, new Date(old + i * 2000), {
          gas_lel: i === 1 ? 40 : 5,
        }) as DeviceEventV1,
    );
    const leak = Array.from(
      { length: 12 },
      (_, i) =>
        readingEvent(d.code, `old-l-${i}`, new Date(old + 10_000 + i * 2000), {
          gas_lel: 30 + i,
        }) as DeviceEventV1,
    );
    await commit(
      [...blip, ...leak].map((e) => item(d, e)),
      false,
    );
    const evidence = await db
      .selectFrom('alarm_events')
      .innerJoin('alarms', 'alarms.id', 'alarm_events.alarm_id')
      .select(['alarm_events.event_id', 'alarms.id'])
      .where('alarms.device_id', '=', d.id)
      .execute();
    expect(evidence.length).toBeGreaterThan(0);
    const evidenceIds = new Set(evidence.map((e) => e.event_id));
    expect([...evidenceIds].every((id) => id.startsWith('old-l-'))).toBe(true);
    const rollupsBefore = await rollupCounts();
    expect([...rollupsBefore.values()].reduce((x, y) => x + y, 0)).toBe(15);

    // December 2026 with 5 months kept: July 2026 onwards stays, June goes
    const now = new Date(NOW);
    expect(retentionCutoff(now, 5)?.toISOString()).toBe('2026-07-01T00:00:00.000Z');
    const r = await maintainEventPartitions(db, now, 5);
    expect(r.dropped).toBeGreaterThanOrEqual(1);
    const { months } = await eventPartitions(db);
    expect(months.map((m) => m.name)).not.toContain('device_events_y2026m06');
    const left = await db
      .selectFrom('device_events')
      .select('event_id')
      .where('device_id', '=', d.id)
      .execute();
    expect(new Set(left.map((e) => e.event_id))).toEqual(evidenceIds);
    // the alarm's evidence reads as before (the same join the alarm evidence list uses)
    const read = await db
      .selectFrom('alarm_events as ae')
      .innerJoin('device_events as ev', (j) =>
        j.onRef('ev.device_id', '=', 'ae.device_id').onRef('ev.event_id', '=', 'ae.event_id'),
      )
      .select(['ev.event_id', 'ev.readings'])
      .where('ae.alarm_id', '=', evidence[0].id)
      .execute();
    expect(read.length).toBe(evidence.filter((e) => e.id === evidence[0].id).length);
    // rollups outlive the events; the check only looks at the months still whole
    expect(await rollupCounts()).toEqual(rollupsBefore);
    expect(await checkEventRollups(db)).toEqual([]);
    // a second run finds nothing more to drop, and retention 0 keeps everything
    expect((await maintainEventPartitions(db, now, 5)).dropped).toBe(0);
    expect(retentionCutoff(now, 0)).toBeNull();
  });

  it('keeps ingesting into the right month when the event time is in the next month', async () => {
    const d = devices[0];
    const ahead = Date.UTC(2026, 11, 31, 23, 58); // a device clock just before the month ends
    await maintainEventPartitions(db, new Date(NOW), 0);
    await commit(
      [
        item(d, {
          ...readingEvent(d.code, 'edge-1', new Date(ahead), { gas_lel: 1 }),
          time: at8(new Date(ahead + 4 * 60_000)),
        } as DeviceEventV1),
      ],
      false,
    );
    const row = await sql<{
      t: string;
    }>`SELECT tableoid::regclass::text AS t FROM device_events WHERE event_id = 'edge-1'`.execute(db);
    expect(row.rows[0].t).toBe('device_events_y2027m01');
  });
});
