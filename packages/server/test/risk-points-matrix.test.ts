import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client } from './helpers/client.ts';
import { png } from './helpers/images.ts';
import { ROLES, runListMatrix, runRecordMatrix, type ListRoute, type RecordRoute } from './helpers/matrix.ts';

/**
 * The jurisdiction matrix for the risk-point routes (issue 14): every route × role of jurisdiction A
 * against A's records and B's; a foreign risk point, site or band set answers exactly like a missing
 * one and never appears in a list.
 */
let t: TestApp;
let a: World;
let b: World;

const REGULATORS = ['admin', 'leader', 'inspector', 'duty_officer'] as const;
const OFFICERS = ['admin', 'leader', 'inspector'] as const;

async function withRiskRecords(w: World, region: string): Promise<World> {
  const manager = client(t.app, await login(t.app, w.users.enterprise_manager));
  const p = await manager.post('/api/risk-points', {
    siteId: w.ids.site,
    name: `${w.names.enterprise}风险点`,
    kind: 'place',
  });
  expect(p.statusCode, p.body).toBe(201);
  const plan = await manager.upload(
    `/api/sites/${w.ids.site}/risk-map/plan`,
    png(20, 10),
    'plan.png',
    'image/png',
  );
  expect(plan.statusCode, plan.body).toBe(201);
  const leader = client(t.app, await login(t.app, w.users.leader));
  const bands = await leader.post('/api/risk-band-sets', {
    method: 'LS',
    regionPrefix: region,
    factors: { L: [1, 2, 3, 4, 5], S: [1, 2, 3, 4, 5] },
    bands: [
      { colour: 'red', from: 15, includeFrom: true },
      { colour: 'blue', from: 0, includeFrom: true },
    ],
    effectiveFrom: '2026-01-01',
    source: '测试（虚构）',
    confirmation: '测试',
  });
  expect(bands.statusCode, bands.body).toBe(201);
  return {
    ...w,
    ids: { ...w.ids, riskPoint: p.json().id, bandSet: bands.json().id, planFile: plan.json().plan.fileId },
  } as World;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.deps.database.db;
  a = await withRiskRecords(
    await createWorld(db, t.deps.secrets, { county: '310116', town: '310116501', tag: 'Jinshan' }),
    '310116',
  );
  b = await withRiskRecords(
    await createWorld(db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' }),
    '150602',
  );
}, 120_000);
afterAll(() => t?.close());

const riskPoint = 'riskPoint' as keyof World['ids'];
const recordRoutes: RecordRoute[] = [
  {
    name: 'GET risk point',
    method: 'GET',
    kind: riskPoint,
    url: (id) => `/api/risk-points/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'PATCH risk point',
    method: 'PATCH',
    kind: riskPoint,
    url: (id) => `/api/risk-points/${id}`,
    body: { location: '东侧' },
    okFor: ['admin', 'enterprise_manager'],
  },
  {
    name: 'POST risk point assessment',
    method: 'POST',
    kind: riskPoint,
    url: (id) => `/api/risk-points/${id}/assessments`,
    body: { method: 'LS', factors: { L: 2, S: 2 } },
    okFor: [...OFFICERS, 'enterprise_manager'],
  },
  {
    name: 'GET risk map',
    method: 'GET',
    kind: 'site',
    url: (id) => `/api/sites/${id}/risk-map`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'PUT risk zones',
    method: 'PUT',
    kind: 'site',
    url: (id) => `/api/sites/${id}/risk-map/zones`,
    body: { zones: [] },
    okFor: ['admin', 'enterprise_manager'],
  },
  {
    name: 'GET risk map poster',
    method: 'GET',
    kind: 'site',
    url: (id) => `/api/sites/${id}/risk-map/pdf`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET plan file',
    method: 'GET',
    kind: 'planFile' as keyof World['ids'],
    url: (id) => `/api/files/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
];

const listRoutes: ListRoute[] = [
  {
    name: 'list risk points',
    url: '/api/risk-points?pageSize=200&includeRetired=true',
    kind: 'json',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'list band sets',
    url: '/api/risk-band-sets',
    kind: 'json',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
];

describe('jurisdiction matrix (risk points)', () => {
  it('answers a foreign record exactly like a missing one, for every record route and role', async () => {
    const checks = await runRecordMatrix(t, a, b, recordRoutes);
    expect(checks).toBe(recordRoutes.length * 6);
  }, 300_000);

  it('never lists a foreign risk point or band set', async () => {
    const checks = await runListMatrix(t, a, b, listRoutes);
    expect(checks).toBe(2 * 5);
  }, 120_000);

  it('bodies and multipart naming a foreign record answer like a random id: create, retire, plan, band set query', async () => {
    for (const role of ROLES) {
      const c = client(t.app, await login(t.app, a.users[role]));
      const pairs: Array<
        [
          string,
          () => Promise<{ statusCode: number; body: string }>,
          () => Promise<{ statusCode: number; body: string }>,
        ]
      > = [
        [
          'create on a site',
          () => c.post('/api/risk-points', { siteId: b.ids.site, name: '越权风险点', kind: 'place' }),
          () => c.post('/api/risk-points', { siteId: randomUUID(), name: '越权风险点', kind: 'place' }),
        ],
        [
          'retire',
          () =>
            c.post(`/api/risk-points/${(b.ids as Record<string, string>).riskPoint}/retire`, {
              reason: '越权退役',
            }),
          () => c.post(`/api/risk-points/${randomUUID()}/retire`, { reason: '越权退役' }),
        ],
        [
          'upload a plan',
          () => c.upload(`/api/sites/${b.ids.site}/risk-map/plan`, png(4, 4), 'p.png', 'image/png'),
          () => c.upload(`/api/sites/${randomUUID()}/risk-map/plan`, png(4, 4), 'p.png', 'image/png'),
        ],
        [
          'band sets for a site',
          () => c.get(`/api/risk-band-sets?siteId=${b.ids.site}`),
          () => c.get(`/api/risk-band-sets?siteId=${randomUUID()}`),
        ],
      ];
      for (const [name, foreign, missing] of pairs) {
        const f = await foreign();
        const m = await missing();
        expect(f.statusCode, `${name} as ${role}`).toBe(m.statusCode);
        expect(f.body, `${name} as ${role}`).toBe(m.body);
        expect([403, 404]).toContain(f.statusCode);
      }
    }
    // B's point is untouched.
    const p = await t.deps.database.db
      .selectFrom('risk_points')
      .select(['retired_at', 'location'])
      .where('id', '=', (b.ids as Record<string, string>).riskPoint)
      .executeTakeFirstOrThrow();
    expect(p).toEqual({ retired_at: null, location: '' });
  }, 120_000);
});
