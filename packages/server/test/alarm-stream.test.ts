import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { addWorker, recentWorkingHour, registerDevice, sendEvents, weldingEvent } from './helpers/devices.ts';
import { openDatabase } from '../src/db/database.ts';
import { buildApp } from '../src/app.ts';
import type { App, Deps } from '../src/http/context.ts';

/**
 * The live console feed (server-sent events): an alarm reaches the consoles of its jurisdiction
 * without reload, never a foreign one — and, on PostgreSQL, also a console connected to another
 * server instance (fan-out through LISTEN/NOTIFY).
 */
interface Feed {
  events: Array<{ event: string; data: any }>;
  close(): void;
  status: number;
}

function listen(port: number, cookie: string): Promise<Feed> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: '/api/alarms/stream',
        headers: { cookie, accept: 'text/event-stream' },
      },
      (res) => {
        const feed: Feed = { events: [], close: () => req.destroy(), status: res.statusCode ?? 0 };
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) feed.events.push({ event, data: JSON.parse(data) });
          }
        });
        res.on('error', () => {});
        resolve(feed);
      },
    );
    req.on('error', reject);
  });
}

async function until(fn: () => boolean, what: string, ms = 10_000) {
  const t0 = Date.now();
  while (!fn()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let t: TestApp;
let a: World;
let b: World;
let port: number;
let second: { app: App; port: number; close: () => Promise<void> } | null = null;
const when = recentWorkingHour(10);

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as { port: number }).port;
  if (t.deps.database.kind === 'postgres') {
    // A second, independent server instance on the same PostgreSQL database.
    const { rows } = await sql<{ db: string }>`SELECT current_database() AS db`.execute(t.deps.database.db);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = '/' + rows[0].db;
    const database = await openDatabase({ url: url.toString(), poolSize: 3 });
    const deps: Deps = { ...t.deps, database };
    const app = await buildApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    second = {
      app,
      port: (app.server.address() as { port: number }).port,
      close: async () => (await app.close(), await database.close()),
    };
  }
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

describe('live alarms (server-sent events)', () => {
  it('refuses a stream without a session', async () => {
    const feed = await listen(port, '');
    expect(feed.status).toBe(401);
    feed.close();
  });

  it('a new alarm reaches the consoles of its jurisdiction at once, and no foreign console', async () => {
    const inspector = await login(t.app, a.users.inspector);
    const own = await listen(port, await login(t.app, a.users.duty_officer));
    const foreign = await listen(port, await login(t.app, b.users.duty_officer));
    const other = second ? await listen(second.port, await login(t.app, a.users.leader)) : null;
    const otherForeign = second ? await listen(second.port, await login(t.app, b.users.leader)) : null;
    await until(
      () => own.events.some((e) => e.event === 'ready') && foreign.events.some((e) => e.event === 'ready'),
      'the streams to open',
    );

    const welder = await addWorker(t.deps.database.db, t.deps.secrets, {
      enterpriseId: a.ids.enterprise,
      regionCode: '310116501',
      name: '孙无证',
    });
    const cam = await registerDevice(t.app, inspector, {
      code: 'JS-CAM-L01',
      name: '直播摄像机',
      kind: 'ai_camera',
      siteId: a.ids.site,
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/sites/${a.ids.site}/attendance`,
      headers: { cookie: inspector },
      payload: { workerId: welder, direction: 'in', at: new Date(when.getTime() - 600_000).toISOString() },
    });
    await sendEvents(t.app, cam.token, [weldingEvent(cam.code, 'live-1', when)]);

    await until(() => own.events.some((e) => e.event === 'alarm'), 'the alarm on the own console');
    const msg = own.events.find((e) => e.event === 'alarm')!.data;
    expect(msg.kind).toBe('created');
    expect(msg.alarm).toMatchObject({
      type: 'uncertified_special_operation',
      device: { code: 'JS-CAM-L01' },
      status: 'new',
    });
    expect(msg.alarm.crossCheck.facts).toContainEqual(
      expect.objectContaining({ code: 'UNCERTIFIED_ON_DUTY' }),
    );
    if (other)
      await until(
        () => other.events.some((e) => e.event === 'alarm'),
        'the alarm on the console of the other instance',
      );

    // Handling it is news too.
    const ack = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${msg.alarm.id}/actions`,
      headers: { cookie: await login(t.app, a.users.duty_officer) },
      payload: { action: 'acknowledge' },
    });
    expect(ack.statusCode).toBe(200);
    await until(
      () =>
        own.events.some(
          (e) => e.event === 'alarm' && e.data.kind === 'updated' && e.data.alarm.status === 'acknowledged',
        ),
      'the update',
    );

    await new Promise((r) => setTimeout(r, 500));
    expect(foreign.events.filter((e) => e.event === 'alarm')).toEqual([]);
    if (otherForeign) expect(otherForeign.events.filter((e) => e.event === 'alarm')).toEqual([]);
    for (const f of [own, foreign, other, otherForeign]) f?.close();
  });

  it('a worker may not open the stream', async () => {
    const feed = await listen(port, await login(t.app, a.users.worker));
    expect(feed.status).toBe(403);
    feed.close();
  });
});
