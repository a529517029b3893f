import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { runListMatrix, runRecordMatrix, type ListRoute, type RecordRoute } from './helpers/matrix.ts';

/** Every registry route × role: a record of another jurisdiction answers exactly like a missing one. */
let t: TestApp;
let a: World;
let b: World;

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
});
afterAll(() => t?.close());

const REGULATORS = ['admin', 'leader', 'inspector', 'duty_officer'] as const;
const WRITERS = ['admin', 'leader', 'inspector'] as const;

const recordRoutes: RecordRoute[] = [
  // grading and credit (issue 14)
  {
    name: 'GET enterprise grade',
    method: 'GET',
    kind: 'enterprise',
    url: (id) => `/api/grades/enterprise/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET project grade',
    method: 'GET',
    kind: 'project',
    url: (id) => `/api/grades/project/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'POST grade recompute',
    method: 'POST',
    kind: 'enterprise',
    url: (id) => `/api/grades/enterprise/${id}/recompute`,
    okFor: [...WRITERS],
  },
  {
    name: 'POST grade override',
    method: 'POST',
    kind: 'project',
    url: (id) => `/api/grades/project/${id}/override`,
    body: { grade: 'B', reason: '矩阵测试覆盖', expiresOn: '2027-01-15' },
    okFor: ['admin', 'leader'],
  },
  {
    name: 'DELETE grade override',
    method: 'DELETE',
    kind: 'project',
    url: (id) => `/api/grades/project/${id}/override`,
    okFor: ['admin', 'leader'],
  },
  {
    name: 'POST model award',
    method: 'POST',
    kind: 'project',
    url: (id) => `/api/grades/project/${id}/awards`,
    body: { title: '示范工地', awardedOn: '2026-10-01' },
    okFor: ['admin', 'leader'],
  },
  {
    name: 'GET enterprise credit',
    method: 'GET',
    kind: 'enterprise',
    url: (id) => `/api/enterprises/${id}/credit`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET enterprise',
    method: 'GET',
    kind: 'enterprise',
    url: (id) => `/api/enterprises/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'PATCH enterprise',
    method: 'PATCH',
    kind: 'enterprise',
    url: (id) => `/api/enterprises/${id}`,
    body: { contactPhone: '021-5700 0000' },
    okFor: [...WRITERS, 'enterprise_manager'],
  },
  {
    name: 'GET project',
    method: 'GET',
    kind: 'project',
    url: (id) => `/api/projects/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'PATCH project',
    method: 'PATCH',
    kind: 'project',
    url: (id) => `/api/projects/${id}`,
    body: { address: '朱泾镇测试路1号' },
    okFor: [...WRITERS],
  },
  {
    name: 'GET site',
    method: 'GET',
    kind: 'site',
    url: (id) => `/api/sites/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'PATCH site',
    method: 'PATCH',
    kind: 'site',
    url: (id) => `/api/sites/${id}`,
    body: { address: '测试路2号' },
    okFor: [...WRITERS, 'enterprise_manager'],
  },
  {
    name: 'GET worker',
    method: 'GET',
    kind: 'worker',
    url: (id) => `/api/workers/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager', 'worker'],
  },
  {
    name: 'PATCH worker',
    method: 'PATCH',
    kind: 'worker',
    url: (id) => `/api/workers/${id}`,
    body: { phone: '13900000000' },
    okFor: [...WRITERS, 'enterprise_manager'],
  },
  {
    name: 'GET worker id-number',
    method: 'GET',
    kind: 'worker',
    url: (id) => `/api/workers/${id}/id-number`,
    okFor: [...WRITERS],
  },
  {
    name: 'GET certificate',
    method: 'GET',
    kind: 'certificate',
    url: (id) => `/api/certificates/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager', 'worker'],
  },
  {
    name: 'PATCH certificate',
    method: 'PATCH',
    kind: 'certificate',
    url: (id) => `/api/certificates/${id}`,
    body: { issuer: '上海市应急管理局' },
    okFor: [...WRITERS, 'enterprise_manager'],
  },
  {
    name: 'GET equipment',
    method: 'GET',
    kind: 'equipment',
    url: (id) => `/api/equipment/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'PATCH equipment',
    method: 'PATCH',
    kind: 'equipment',
    url: (id) => `/api/equipment/${id}`,
    body: { location: '1号车间' },
    okFor: [...WRITERS, 'enterprise_manager'],
  },
  // issue 18: public reports (site posters, participation) and the points exchange
  {
    name: 'GET site report link',
    method: 'GET',
    kind: 'site',
    url: (id) => `/api/sites/${id}/report-link`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET site participation',
    method: 'GET',
    kind: 'site',
    url: (id) => `/api/sites/${id}/participation`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET project participation',
    method: 'GET',
    kind: 'project',
    url: (id) => `/api/projects/${id}/participation`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET points leaderboard',
    method: 'GET',
    kind: 'site',
    url: (id) => `/api/points/leaderboard?siteId=${id}&month=2026-12`,
    okFor: [...REGULATORS, 'enterprise_manager', 'worker'],
  },
  {
    name: 'GET points items of a site',
    method: 'GET',
    kind: 'site',
    url: (id) => `/api/points/items?siteId=${id}`,
    okFor: [...REGULATORS, 'enterprise_manager', 'worker'],
  },
  {
    name: 'GET points balance',
    method: 'GET',
    kind: 'worker',
    url: (id) => `/api/points/balance?workerId=${id}`,
    okFor: [...REGULATORS, 'enterprise_manager', 'worker'],
  },
  {
    name: 'GET points entries',
    method: 'GET',
    kind: 'worker',
    url: (id) => `/api/points/entries?workerId=${id}`,
    okFor: [...REGULATORS, 'enterprise_manager', 'worker'],
  },
  // issue 15: accidents and special-equipment inspections
  {
    name: 'GET accident',
    method: 'GET',
    kind: 'accident',
    url: (id) => `/api/accidents/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'POST accident version',
    method: 'POST',
    kind: 'accident',
    url: (id) => `/api/accidents/${id}/versions`,
    body: {
      deaths: 0,
      seriousInjuries: 1,
      minorInjuries: 1,
      missing: 0,
      directLossYuan: 12000,
      note: '补报',
    },
    okFor: [...REGULATORS],
  },
  {
    // A level is recorded once (a second call is 409), so only foreign = missing is checked here;
    // recording one's own is tested in accidents.test.ts.
    name: 'POST accident reported',
    method: 'POST',
    kind: 'accident',
    url: (id) => `/api/accidents/${id}/reported`,
    body: { level: 'county', at: '2026-11-20T02:30:00Z' },
    okFor: [],
  },
  {
    name: 'GET equipment inspections',
    method: 'GET',
    kind: 'equipment',
    url: (id) => `/api/equipment/${id}/inspections`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'POST equipment inspection',
    method: 'POST',
    kind: 'equipment',
    url: (id) => `/api/equipment/${id}/inspections`,
    body: { inspectedOn: '2026-11-20', result: 'pass' },
    okFor: [...WRITERS, 'enterprise_manager'],
  },
  // issue 17 part 2: the project's supervision file
  {
    name: 'GET project file PDF',
    method: 'GET',
    kind: 'project',
    url: (id) => `/api/projects/${id}/file.pdf`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET project file Excel',
    method: 'GET',
    kind: 'project',
    url: (id) => `/api/projects/${id}/file.xlsx`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
];

const listRoutes: ListRoute[] = [
  ...(['approvals', 'model-projects'] as const).map((k) => ({
    name: `list ${k}`,
    url: `/api/${k}?pageSize=200`,
    kind: 'json' as const,
    okFor: [...REGULATORS, 'enterprise_manager' as const],
  })),
  // issue 18: reports and the points exchange (every role has its own view of each)
  ...['/api/public-reports', '/api/points/items', '/api/points/redemptions'].map((u) => ({
    name: `list ${u}`,
    url: `${u}?pageSize=200`,
    kind: 'json' as const,
    okFor: [...REGULATORS, 'enterprise_manager' as const, 'worker' as const],
  })),
  ...(['enterprises', 'projects', 'sites', 'equipment'] as const).map((k) => ({
    name: `list ${k}`,
    url: `/api/${k}?pageSize=200`,
    kind: 'json' as const,
    okFor: [...REGULATORS, 'enterprise_manager' as const],
  })),
  ...(['workers', 'certificates'] as const).map((k) => ({
    name: `list ${k}`,
    url: `/api/${k}?pageSize=200`,
    kind: 'json' as const,
    okFor: [...REGULATORS, 'enterprise_manager' as const, 'worker' as const],
  })),
  {
    name: 'export enterprises',
    url: '/api/enterprises/export?format=csv',
    kind: 'text',
    okFor: [...REGULATORS],
  },
  {
    name: 'export projects',
    url: '/api/projects/export?format=csv',
    kind: 'text',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'export sites',
    url: '/api/sites/export?format=csv',
    kind: 'text',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'export workers',
    url: '/api/workers/export?format=csv',
    kind: 'text',
    okFor: [...WRITERS, 'enterprise_manager'],
  },
  {
    name: 'export certificates',
    url: '/api/certificates/export?format=csv',
    kind: 'text',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'export equipment',
    url: '/api/equipment/export?format=csv',
    kind: 'text',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  { name: 'list users', url: '/api/users?pageSize=200', kind: 'json', okFor: ['admin'] },
  {
    name: 'list grades',
    url: '/api/grades?pageSize=200',
    kind: 'json',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'grading model',
    url: '/api/grading/model',
    kind: 'json',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  // issue 15
  ...[
    '/api/accidents?pageSize=200',
    '/api/accidents/stats?from=2026-01-01&to=2026-12-31&groupBy=region',
    '/api/accidents/stats?from=2026-01-01&to=2026-12-31&groupBy=type',
    '/api/accident-types',
    '/api/equipment-inspections/due?list=due&pageSize=200',
    '/api/equipment-inspections/due?list=overdue&pageSize=200',
    '/api/equipment-inspections/due?list=unregistered&pageSize=200',
    '/api/equipment-inspections/flags',
  ].map((url) => ({
    name: url,
    url,
    kind: 'json' as const,
    okFor: [...REGULATORS, 'enterprise_manager' as const],
  })),
  {
    name: 'dashboard',
    url: '/api/dashboard?from=2020-01-01&to=2030-12-31',
    kind: 'json',
    okFor: [...REGULATORS],
  },
  {
    name: 'dashboard of a town',
    url: '/api/dashboard?regionCode=310116501',
    kind: 'json',
    okFor: [...REGULATORS],
  },
  { name: 'dashboard workbook', url: '/api/dashboard.xlsx', kind: 'text', okFor: [...REGULATORS] },
  // issue 15: periodic reports, leaders' and administrators' only (records: reports.test.ts)
  { name: 'periodic reports', url: '/api/reports?pageSize=200', kind: 'json', okFor: ['admin', 'leader'] },
];

describe('jurisdiction matrix (registry)', () => {
  it('answers a foreign record exactly like a missing one, for every record route and role', async () => {
    const checks = await runRecordMatrix(t, a, b, recordRoutes);
    expect(checks).toBe(recordRoutes.length * 6);
  });

  it('never lists or exports a foreign record', async () => {
    const checks = await runListMatrix(t, a, b, listRoutes);
    expect(checks).toBeGreaterThan(40);
  });

  it('left the foreign records unchanged', async () => {
    const e = await t.deps.database.db
      .selectFrom('enterprises')
      .select('contact_phone')
      .where('id', '=', b.ids.enterprise)
      .executeTakeFirstOrThrow();
    expect(e.contact_phone).toBe('');
  });

  it('a worker sees only themselves', async () => {
    const { login } = await import('./helpers/harness.ts');
    const cookie = await login(t.app, a.users.worker);
    const res = await t.app.inject({ url: '/api/workers', headers: { cookie } });
    expect(res.json().items.map((w: { id: string }) => w.id)).toEqual([a.ids.worker]);
  });
});
