import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { audienceOf } from '../src/modules/dashboard/shared-dashboard.ts';
import type { Actor } from '../src/auth/actor.ts';

/**
 * The dashboard shared by the screens that see the same figures (issue 15, shared-dashboard.ts):
 * within DASHBOARD_CACHE_SECONDS the leaders of one jurisdiction get one computation (same asOf,
 * same figures even after a change); another role, another jurisdiction, another period or a later
 * time computes afresh; a region outside the caller's jurisdiction is still a 404 when someone
 * else's figures for it are kept.
 */
let t: TestApp;
let a: World;
let a2: World;
let b: World;
let clock = Date.parse('2026-06-15T02:00:00Z');
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ today: '2026-06-15', env: { DASHBOARD_CACHE_SECONDS: '15' } });
  t.deps.now = () => new Date(clock);
  const db = t.deps.database.db;
  a = await createWorld(db, t.deps.secrets, { county: '310116', tag: 'JS' });
  a2 = await createWorld(db, t.deps.secrets, { county: '310116', tag: 'JT' });
  b = await createWorld(db, t.deps.secrets, { county: '150602', tag: 'DS' });
  for (const [k, u] of Object.entries({
    a: a.users.leader,
    a2: a2.users.leader,
    aInspector: a.users.inspector,
    b: b.users.leader,
  }))
    cookies[k] = await login(t.app, u);
}, 60_000);
afterAll(async () => t?.close());

async function dashboard(who: string, query = ''): Promise<Dashboard> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/dashboard${query}`,
    headers: { cookie: cookies[who] },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Dashboard;
}

let enterprises = 0;
async function addEnterprise() {
  await t.deps.database.db
    .insertInto('enterprises')
    .values({
      credit_code: `91310116MA1${String(++enterprises).padStart(7, '0')}`,
      name: `共享测试企业${enterprises}`,
      industry_code: 'machinery',
      scale: 'small',
      region_code: '310116',
    })
    .execute();
}

describe('the shared dashboard', () => {
  it('is computed once per jurisdiction and period within the cache time, then afresh', async () => {
    const first = await dashboard('a');
    await addEnterprise();
    clock += 5_000;
    const again = await dashboard('a');
    const colleague = await dashboard('a2');
    expect(again.asOf).toBe(first.asOf);
    expect(colleague.asOf).toBe(first.asOf);
    expect(colleague.figures.enterprises).toBe(first.figures.enterprises);

    // another role, another period: computed now, with the new enterprise
    const inspector = await dashboard('aInspector');
    expect(inspector.asOf).not.toBe(first.asOf);
    expect(inspector.figures.enterprises).toBe(first.figures.enterprises + 1);
    const lastMonth = await dashboard('a', '?from=2026-05-01&to=2026-05-31');
    expect(lastMonth.figures.enterprises).toBe(first.figures.enterprises + 1);

    // another jurisdiction never gets these figures
    const other = await dashboard('b');
    expect(other.regionCode).toBe('150602');
    expect(other.asOf).not.toBe(first.asOf);

    // after the cache time the leaders see the change
    clock += 11_000;
    const later = await dashboard('a');
    expect(later.asOf).toBe(new Date(clock).toISOString());
    expect(later.figures.enterprises).toBe(first.figures.enterprises + 1);
  });

  it('answers 404 for a region outside the jurisdiction even when its figures are kept', async () => {
    await dashboard('a', '?regionCode=310116');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/dashboard?regionCode=310116',
      headers: { cookie: cookies.b },
    });
    expect(res.statusCode).toBe(404);
  });

  it('keys a cross-inspection grant, or anyone not a regulator, to the user alone', () => {
    const leader = { userId: 'u1', role: 'leader', regionCode: '310116' } as Actor;
    expect(audienceOf(leader)).toBe(audienceOf({ ...leader, userId: 'u2' }));
    const granted = { ...leader, crossGrants: { inspections: ['i1'] } } as unknown as Actor;
    expect(audienceOf(granted)).not.toBe(audienceOf({ ...granted, userId: 'u2' }));
    expect(audienceOf(granted)).not.toBe(audienceOf(leader));
    const manager = { userId: 'm1', role: 'enterprise_manager', regionCode: '310116' } as Actor;
    expect(audienceOf(manager)).not.toBe(audienceOf({ ...manager, userId: 'm2' }));
  });
});
