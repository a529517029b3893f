import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { runListMatrix, ROLES, type ListRoute } from './helpers/matrix.ts';
import { addWorker, recentWorkingHour, registerDevice, sendEvents, weldingEvent } from './helpers/devices.ts';
import type { Role } from '../src/db/schema.ts';

/**
 * The jurisdiction matrix for devices, attendance, alarms and ingest: every route × every role of
 * jurisdiction A against records of A and of a foreign jurisdiction B. A foreign record answers
 * exactly like a missing one; lists never contain B's records. (Same runners as the registry
 * matrix, with this feature's own records.)
 */
let t: TestApp;
let a: World;
let b: World;
const ids = { a: {} as Record<string, string>, b: {} as Record<string, string> };
const when = recentWorkingHour(10);

async function equip(w: World, tag: string, key: 'a' | 'b') {
  const inspector = await login(t.app, w.users.inspector);
  const welder = await addWorker(t.deps.database.db, t.deps.secrets, {
    enterpriseId: w.ids.enterprise,
    regionCode: tag === 'A' ? '310116501' : '150602',
    name: `${tag}无证焊工`,
  });
  const cam = await registerDevice(t.app, inspector, {
    code: `MX-CAM-${tag}`,
    name: `${tag}摄像机`,
    kind: 'ai_camera',
    siteId: w.ids.site,
  });
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/sites/${w.ids.site}/attendance`,
    headers: { cookie: inspector },
    payload: { workerId: welder, direction: 'in', at: new Date(when.getTime() - 600_000).toISOString() },
  });
  expect(r.statusCode, r.body).toBe(201);
  await sendEvents(t.app, cam.token, [weldingEvent(cam.code, `mx-${tag}`, when)]);
  const alarm = await t.deps.database.db
    .selectFrom('alarms')
    .select('id')
    .where('device_id', '=', cam.id)
    .executeTakeFirstOrThrow();
  Object.assign(ids[key], { device: cam.id, alarm: alarm.id, site: w.ids.site, worker: welder });
}

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  await equip(a, 'A', 'a');
  await equip(b, 'B', 'b');
});
afterAll(() => t?.close());

const REGULATORS: Role[] = ['admin', 'leader', 'inspector', 'duty_officer'];
const WRITERS: Role[] = ['admin', 'leader', 'inspector'];

interface Route {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  kind: 'device' | 'alarm' | 'site';
  url: (id: string) => string;
  body?: (own: Record<string, string>) => unknown;
  okFor: Role[];
  /** Some actions can only happen once: a later role may meet 409 on its own record, never 403/404. */
  ownStatuses?: number[];
}

const routes: Route[] = [
  {
    name: 'GET device',
    method: 'GET',
    kind: 'device',
    url: (id) => `/api/devices/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'PATCH device',
    method: 'PATCH',
    kind: 'device',
    url: (id) => `/api/devices/${id}`,
    body: () => ({ note: '已巡检' }),
    okFor: [...WRITERS, 'enterprise_manager'],
  },
  {
    name: 'POST device token',
    method: 'POST',
    kind: 'device',
    url: (id) => `/api/devices/${id}/token`,
    body: () => ({}),
    okFor: [...WRITERS, 'enterprise_manager'],
  },
  {
    name: 'GET device events',
    method: 'GET',
    kind: 'device',
    url: (id) => `/api/devices/${id}/events`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET alarm',
    method: 'GET',
    kind: 'alarm',
    url: (id) => `/api/alarms/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET alarm history',
    method: 'GET',
    kind: 'alarm',
    url: (id) => `/api/alarms/${id}/history`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET alarm events',
    method: 'GET',
    kind: 'alarm',
    url: (id) => `/api/alarms/${id}/events`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET alarm enforcement preview',
    method: 'GET',
    kind: 'alarm',
    url: (id) => `/api/alarms/${id}/enforcement`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'POST alarm acknowledge',
    method: 'POST',
    kind: 'alarm',
    url: (id) => `/api/alarms/${id}/actions`,
    body: () => ({ action: 'acknowledge' }),
    okFor: REGULATORS,
    ownStatuses: [200, 409],
  },
  {
    name: 'POST alarm dispatch',
    method: 'POST',
    kind: 'alarm',
    url: (id) => `/api/alarms/${id}/dispatch`,
    body: () => ({ kind: 'hazard' }),
    okFor: REGULATORS,
    ownStatuses: [409],
  },
  {
    name: 'POST alarm enforcement',
    method: 'POST',
    kind: 'alarm',
    url: (id) => `/api/alarms/${id}/enforcement`,
    body: () => ({ documents: ['treatment_decision'] }),
    // Documents are issued by law-enforcement officers; the duty officer hands the alarm over.
    okFor: WRITERS,
    ownStatuses: [409],
  },
  {
    name: 'GET site attendance',
    method: 'GET',
    kind: 'site',
    url: (id) => `/api/sites/${id}/attendance`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'POST site attendance',
    method: 'POST',
    kind: 'site',
    url: (id) => `/api/sites/${id}/attendance`,
    body: (own) => ({ workerId: own.worker, direction: 'in' }),
    okFor: [...WRITERS, 'enterprise_manager'],
  },
];

describe('jurisdiction matrix (devices, alarms, attendance)', () => {
  it('answers a foreign record exactly like a missing one, for every route and role', async () => {
    let checks = 0;
    for (const role of ROLES) {
      const cookie = await login(t.app, a.users[role]);
      for (const r of routes) {
        const call = (id: string) =>
          t.app.inject({
            method: r.method,
            url: r.url(id),
            headers: { cookie },
            ...(r.body && { payload: r.body(ids.a) as object }),
          });
        const foreign = await call(ids.b[r.kind]);
        const missing = await call(randomUUID());
        const label = `${r.name} as ${role}`;
        expect(foreign.statusCode, `${label}: foreign status ${foreign.body}`).toBe(missing.statusCode);
        expect(foreign.body, `${label}: foreign body`).toBe(missing.body);
        expect([403, 404], label).toContain(foreign.statusCode);
        if (r.okFor.includes(role)) {
          expect(foreign.statusCode, `${label}: allowed role must see 404`).toBe(404);
          const own = await call(ids.a[r.kind]);
          const okStatuses = r.ownStatuses ?? [200, 201];
          expect(okStatuses, `${label}: own → ${own.statusCode} ${own.body.slice(0, 200)}`).toContain(
            own.statusCode,
          );
        }
        checks++;
      }
    }
    expect(checks).toBe(routes.length * ROLES.length);
  });

  it('never lists a foreign device, alarm or refusal', async () => {
    const lists: ListRoute[] = [
      {
        name: 'list devices',
        url: '/api/devices?pageSize=200',
        kind: 'json',
        okFor: [...REGULATORS, 'enterprise_manager'],
      },
      {
        name: 'list alarms',
        url: '/api/alarms?pageSize=200',
        kind: 'json',
        okFor: [...REGULATORS, 'enterprise_manager'],
      },
      {
        name: 'alarm stats',
        url: '/api/alarms/stats',
        kind: 'json',
        okFor: [...REGULATORS, 'enterprise_manager'],
      },
      // The operations centre sees the refusals of its own jurisdiction's devices.
      {
        name: 'list refusals',
        url: '/api/ingest/rejections',
        kind: 'json',
        okFor: ['admin', 'leader', 'duty_officer'],
      },
    ];
    await runListMatrix(t, a, b, lists);
    const duty = await login(t.app, a.users.duty_officer);
    for (const url of ['/api/devices?pageSize=200', '/api/alarms?pageSize=200', '/api/alarms/stats']) {
      const body = (await t.app.inject({ url, headers: { cookie: duty } })).body;
      for (const id of Object.values(ids.b)) expect(body.includes(id), `${url} leaks ${id}`).toBe(false);
      expect(body.includes('MX-CAM-B'), `${url} leaks the foreign device code`).toBe(false);
    }
  });
});
