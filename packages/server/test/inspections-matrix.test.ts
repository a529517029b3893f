import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { runListMatrix, runRecordMatrix, type ListRoute, type RecordRoute } from './helpers/matrix.ts';
import { JPEG_24x16 } from './helpers/images.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';

/**
 * The jurisdiction matrix for checklists, inspections, groups and files: every route × role of
 * jurisdiction A against records of A and of B; a foreign record answers exactly like a missing one.
 */
let t: TestApp;
let a: World;
let b: World;
const finding: Record<string, string> = {};

const REGULATORS = ['admin', 'leader', 'inspector', 'duty_officer'] as const;

async function extend(w: World, county: string): Promise<World> {
  const db = t.deps.database.db;
  const leader = await login(t.app, w.users.leader);
  const inspector = await login(t.app, w.users.inspector);
  const uid = async (u: string) =>
    (await db.selectFrom('users').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id;
  const lib = (
    await t.app.inject({
      method: 'POST',
      url: '/api/checklists',
      headers: { cookie: leader },
      payload: {
        code: `local-${county}`,
        name: { zh: `${county}地方清单`, en: `Local ${county}` },
        scope: 'industry',
      },
    })
  ).json();
  const item = (
    await db
      .selectFrom('checklist_items as i')
      .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
      .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
      .select('i.id')
      .where('l.code', '=', 'major-hazards-housing-2024')
      .executeTakeFirstOrThrow()
  ).id;
  const ins = (
    await t.app.inject({
      method: 'POST',
      url: '/api/inspections',
      headers: { cookie: inspector },
      payload: { kind: 'routine', targetKind: 'project', targetId: w.ids.project, itemIds: [item] },
    })
  ).json();
  finding[ins.id] = ins.findings[0].id;
  const boundary = '----m' + county;
  const photo = await t.app.inject({
    method: 'POST',
    url: `/api/inspections/${ins.id}/findings/${ins.findings[0].id}/photos`,
    headers: { cookie: inspector, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      JPEG_24x16,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  const group = (
    await t.app.inject({
      method: 'POST',
      url: '/api/inspection-groups',
      headers: { cookie: leader },
      payload: {
        name: `${county}督导组`,
        kind: 'supervision',
        leaderId: await uid(w.users.leader),
        memberIds: [],
      },
    })
  ).json();
  expect(ins.id && photo.json().id && group.id && lib.id).toBeTruthy();
  return {
    ...w,
    ids: {
      ...w.ids,
      inspection: ins.id,
      file: photo.json().id,
      group: group.id,
      library: lib.id,
      version: lib.draft.id,
    },
  } as unknown as World;
}

beforeAll(async () => {
  t = await createTestApp();
  await loadStarterChecklists(t.deps.database.db);
  a = await extend(
    await createWorld(t.deps.database.db, t.deps.secrets, {
      county: '310116',
      town: '310116501',
      tag: 'Jinshan',
    }),
    '310116',
  );
  b = await extend(
    await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' }),
    '150602',
  );
});
afterAll(() => t?.close());

const k = (kind: string) => kind as RecordRoute['kind'];
const recordRoutes: RecordRoute[] = [
  {
    name: 'GET inspection',
    method: 'GET',
    kind: k('inspection'),
    url: (id) => `/api/inspections/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET inspection score',
    method: 'GET',
    kind: k('inspection'),
    url: (id) => `/api/inspections/${id}/score`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET inspection record',
    method: 'GET',
    kind: k('inspection'),
    url: (id) => `/api/inspections/${id}/record`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET inspection hazards',
    method: 'GET',
    kind: k('inspection'),
    url: (id) => `/api/inspections/${id}/hazards`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'PATCH inspection',
    method: 'PATCH',
    kind: k('inspection'),
    url: (id) => `/api/inspections/${id}`,
    body: { place: '工地东门' },
    okFor: ['inspector'],
  },
  {
    name: 'PUT finding',
    method: 'PUT',
    kind: k('inspection'),
    url: (id) => `/api/inspections/${id}/findings/${finding[id] ?? randomUUID()}`,
    body: { result: 'pass', note: 'ok' },
    okFor: ['inspector'],
  },
  {
    name: 'POST bulk findings',
    method: 'POST',
    kind: k('inspection'),
    url: (id) => `/api/inspections/${id}/findings/bulk`,
    body: { result: 'pass' },
    okFor: ['inspector'],
  },
  {
    name: 'POST confirm participation',
    method: 'POST',
    kind: k('inspection'),
    url: (id) => `/api/inspections/${id}/participants/confirm`,
    okFor: ['inspector'],
  },
  {
    name: 'POST add a co-officer',
    method: 'POST',
    kind: k('inspection'),
    url: (id) => `/api/inspections/${id}/participants`,
    body: { userId: '00000000-0000-4000-8000-000000000000' },
    okFor: [],
  },
  {
    name: 'POST finish',
    method: 'POST',
    kind: k('inspection'),
    url: (id) => `/api/inspections/${id}/finish`,
    okFor: [],
  },
  {
    name: 'POST cancel',
    method: 'POST',
    kind: k('inspection'),
    url: (id) => `/api/inspections/${id}/cancel`,
    body: { reason: '测试' },
    okFor: [],
  },
  {
    name: 'GET file',
    method: 'GET',
    kind: k('file'),
    url: (id) => `/api/files/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET file meta',
    method: 'GET',
    kind: k('file'),
    url: (id) => `/api/files/${id}/meta`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET group',
    method: 'GET',
    kind: k('group'),
    url: (id) => `/api/inspection-groups/${id}`,
    okFor: [...REGULATORS],
  },
  {
    name: 'GET local library',
    method: 'GET',
    kind: k('library'),
    url: (id) => `/api/checklists/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager', 'worker'],
  },
  {
    name: 'POST library draft',
    method: 'POST',
    kind: k('library'),
    url: (id) => `/api/checklists/${id}/drafts`,
    okFor: [],
  },
  {
    name: 'GET checklist version',
    method: 'GET',
    kind: k('version'),
    url: (id) => `/api/checklist-versions/${id}`,
    okFor: ['admin', 'leader'],
  },
  {
    name: 'GET version export',
    method: 'GET',
    kind: k('version'),
    url: (id) => `/api/checklist-versions/${id}/export?format=json`,
    okFor: ['admin', 'leader'],
  },
  {
    name: 'POST version module',
    method: 'POST',
    kind: k('version'),
    url: (id) => `/api/checklist-versions/${id}/modules`,
    body: { code: `M${Math.floor(Math.random() * 1e6)}`, name: { zh: '模块', en: 'Module' } },
    okFor: [],
  },
];

const listRoutes: ListRoute[] = [
  {
    name: 'list inspections',
    url: '/api/inspections?pageSize=200',
    kind: 'json',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'list inspections (finished)',
    url: '/api/inspections?status=finished',
    kind: 'json',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  { name: 'list groups', url: '/api/inspection-groups', kind: 'json', okFor: [...REGULATORS] },
  {
    name: 'group candidates',
    url: '/api/inspection-groups/candidates',
    kind: 'json',
    okFor: [...REGULATORS],
  },
  {
    name: 'list checklists',
    url: '/api/checklists',
    kind: 'json',
    okFor: [...REGULATORS, 'enterprise_manager', 'worker'],
  },
  {
    name: 'search checklist items',
    url: `/api/checklists/items?q=${encodeURIComponent('地方')}&pageSize=200`,
    kind: 'json',
    okFor: [...REGULATORS, 'enterprise_manager', 'worker'],
  },
];

describe('jurisdiction matrix (checklists, inspections, files)', () => {
  it('answers a foreign record exactly like a missing one, for every route and role', async () => {
    const checks = await runRecordMatrix(t, a, b, recordRoutes);
    expect(checks).toBe(recordRoutes.length * 6);
  });

  it('never lists a foreign record', async () => {
    const checks = await runListMatrix(t, a, b, listRoutes);
    expect(checks).toBeGreaterThan(15);
  });

  it('a proposal for a foreign target is not found; a foreign target cannot be inspected', async () => {
    const inspector = await login(t.app, a.users.inspector);
    for (const [kind, id] of Object.entries({
      enterprise: b.ids.enterprise,
      project: b.ids.project,
      site: b.ids.site,
      equipment: b.ids.equipment,
    })) {
      const res = await t.app.inject({
        url: `/api/inspections/proposal?targetKind=${kind}&targetId=${id}`,
        headers: { cookie: inspector },
      });
      expect(res.statusCode, kind).toBe(404);
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/inspections',
      headers: { cookie: inspector },
      payload: { kind: 'routine', targetKind: 'project', targetId: b.ids.project, itemIds: [randomUUID()] },
    });
    expect(res.statusCode).toBe(404);
  });
});
