// The ingest batch commit alone, on PostgreSQL: round trips, client CPU and wall time per event.
//
//   npx tsx bench/ingest-batch.ts [--pg postgres://postgres@127.0.0.1:5432/postgres] [--batches 400]
//                                 [--batch-size 100] [--lanes 4] [--devices 200] [--leak-percent 10]
//
// No broker, no HTTP: a fresh database (dropped afterwards), one world, `--devices` combustible-gas
// sensors, then `--lanes` concurrent lanes (disjoint devices, per-device locks on, as the server runs
// them) each committing batches of readings through `commitBatch`. It counts the statements the
// PostgreSQL client sends (each one a round trip) and the Node process's CPU time. Those two do not
// depend much on what else the machine runs, unlike the end-to-end rate of bench/ingest.ts, so a
// change can be compared on a loaded machine by running this script in both trees one after the other.
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { openDatabase } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { loadReferenceData } from '../packages/server/src/modules/reference/load.ts';
import { Secrets } from '../packages/server/src/crypto.ts';
import { commitBatch, type IngestItem } from '../packages/server/src/modules/devices/ingest/index.ts';
import { RulesCache } from '../packages/server/src/modules/devices/rules.ts';
import { ensureShippedRules } from '../packages/server/src/modules/devices/ensure-shipped-rules.ts';
import { deviceInfoOf } from '../packages/server/src/modules/devices/device-cache.ts';
import { createWorld } from '../packages/server/test/helpers/factories.ts';

const { values: opt } = parseArgs({
  options: {
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    batches: { type: 'string', default: '400' },
    'batch-size': { type: 'string', default: '100' },
    lanes: { type: 'string', default: '4' },
    devices: { type: 'string', default: '200' },
    'leak-percent': { type: 'string', default: '10' },
  },
});
const BATCHES = Number(opt.batches);
const SIZE = Number(opt['batch-size']);
const LANES = Number(opt.lanes);
const DEVICES = Number(opt.devices);
const LEAK = Number(opt['leak-percent']);

const name = `redline_bench_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: opt.pg });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(opt.pg!);
url.pathname = '/' + name;
const database = await openDatabase({ url: url.toString(), poolSize: LANES + 2 });
try {
  await migrate(database);
  await loadReferenceData(database.db);
  const db = database.db;
  const world = await createWorld(db, new Secrets(randomBytes(32).toString('hex')), {
    county: '310116',
    town: '310116501',
    tag: 'Bench',
  });
  const rows = await db
    .insertInto('devices')
    .values(
      Array.from({ length: DEVICES }, (_, i) => ({
        code: `BENCH-GAS-${String(i).padStart(4, '0')}`,
        name: `压测探测器${i}`,
        kind: 'combustible_gas_sensor',
        site_id: world.ids.site,
        enterprise_id: world.ids.enterprise,
        region_code: '310116501',
        token_hash: randomBytes(32).toString('hex'),
        token_prefix: 'bench',
      })),
    )
    .returningAll()
    .execute();
  const devices = rows.map(deviceInfoOf);
  await ensureShippedRules(db);
  const rules = new RulesCache(db);
  await rules.ensure();

  // what the client sends: every query() of a pooled pg client is one round trip
  let statements = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;

  const start = Date.now() - 3_600_000;
  let seq = 0;
  const batchOf = (lane: number): IngestItem[] =>
    Array.from({ length: SIZE }, () => {
      const n = seq++;
      // lanes own disjoint devices, as the pipeline's lanes do
      const d = devices[(lane + LANES * (n % Math.floor(DEVICES / LANES))) % DEVICES];
      const at = start + n * 10;
      // every tenth device leaks for --leak-percent of the time: alarms raised and updated
      const leak = d.code.endsWith('0') && n % 10_000 < LEAK * 100;
      return {
        event: {
          schema: 'redline.event/1',
          eventId: `b-${n}-${randomUUID().slice(0, 8)}`,
          deviceId: d.code,
          time: new Date(at).toISOString(),
          type: 'reading',
          values: { gas_lel: leak ? 30 + (n % 20) : 2 + (n % 5) },
        },
        at,
        device: d,
        transport: 'bench',
        done: () => {},
      } as IngestItem;
    });
  const ctx = { database, rules, timeZone: 'Asia/Shanghai', lockDevices: LANES > 1 };
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let accepted = 0;
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      for (let b = lane; b < BATCHES; b += LANES) {
        const out = await commitBatch(ctx, batchOf(lane), []);
        accepted += out.outcomes.filter((o) => o === 'accepted').length;
      }
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  pg.Client.prototype.query = query;
  const events = BATCHES * SIZE;
  const alarms = await db
    .selectFrom('alarms')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  console.log(
    JSON.stringify({
      machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, load ${load} (at start)`,
      batches: BATCHES,
      batchSize: SIZE,
      lanes: LANES,
      leakPercent: LEAK,
      events,
      accepted,
      alarms: Number(alarms.n),
      statementsPerBatch: +(statements / BATCHES).toFixed(2),
      clientCpuUsPerEvent: +((cpu.user + cpu.system) / events).toFixed(1),
      wallMs: Math.round(ms),
      eventsPerSecond: Math.round((events / ms) * 1000),
    }),
  );
} finally {
  await database.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
