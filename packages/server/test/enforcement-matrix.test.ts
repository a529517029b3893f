import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { secondOfficerOnDocument, userIdOf } from './helpers/officers.ts';
import { createHazard } from './helpers/enforcement-factories.ts';
import { runListMatrix, runRecordMatrix, type ListRoute, type RecordRoute } from './helpers/matrix.ts';

/**
 * The jurisdiction matrix for issue 4's routes: hazards (detail, actions, evidence), documents
 * (detail, PDF download, drafts, issue, correction), cases, the supervision file, audit and
 * notices. A record of another jurisdiction answers exactly like a missing one; lists never leak.
 * The public verification page is checked to show nothing private.
 */
let t: TestApp;
let a: World;
let b: World;

const REGULATORS = ['admin', 'leader', 'inspector', 'duty_officer'] as const;

async function seed(w: World) {
  const db = t.deps.database.db;
  const inspector = await login(t.app, w.users.inspector);
  const leader = await login(t.app, w.users.leader);
  const call = async (cookie: string, method: 'POST' | 'PATCH', url: string, payload: object) => {
    const r = await t.app.inject({ method, url, headers: { cookie }, payload });
    if (r.statusCode >= 300) throw new Error(`${method} ${url} → ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const hazard = await createHazard(db, w);
  const other = await createHazard(db, w);
  const order = await call(inspector, 'POST', '/api/documents', {
    kind: 'rectification_order',
    hazardIds: [hazard],
  });
  // The second certified officer confirms (Administrative Penalty Law 2021 art. 42).
  await secondOfficerOnDocument(t.app, w, order.id, w.users.inspector, await userIdOf(t.app, w.coInspector));
  await call(inspector, 'POST', `/api/documents/${order.id}/issue`, {});
  const draft = await call(inspector, 'POST', '/api/documents', {
    kind: 'treatment_decision',
    hazardIds: [other],
  });
  const kase = await call(inspector, 'POST', '/api/cases', {
    title: `${w.names.enterprise}案`,
    source: 'hazard',
    sourceId: other,
  });
  void leader;
  return {
    ...w,
    ids: { ...w.ids, hazard, document: order.id, draft: draft.id, case: kase.id },
  } as unknown as World;
}

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  a = await seed(a);
  b = await seed(b);
});
afterAll(() => t?.close());

const k = (kind: string) => kind as never;

const recordRoutes: RecordRoute[] = [
  {
    name: 'GET hazard',
    method: 'GET',
    kind: k('hazard'),
    url: (id) => `/api/hazards/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'POST hazard action',
    method: 'POST',
    kind: k('hazard'),
    url: (id) => `/api/hazards/${id}/actions`,
    body: { type: 'close_out' },
    okFor: [],
  },
  {
    name: 'POST hazard evidence',
    method: 'POST',
    kind: k('hazard'),
    url: (id) => `/api/hazards/${id}/evidence`,
    body: {},
    okFor: [],
  },
  {
    name: 'GET document',
    method: 'GET',
    kind: k('document'),
    url: (id) => `/api/documents/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET document PDF',
    method: 'GET',
    kind: k('document'),
    url: (id) => `/api/documents/${id}/pdf`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET draft',
    method: 'GET',
    kind: k('draft'),
    url: (id) => `/api/documents/${id}`,
    okFor: [...REGULATORS],
  },
  {
    name: 'GET draft PDF preview',
    method: 'GET',
    kind: k('draft'),
    url: (id) => `/api/documents/${id}/pdf`,
    okFor: [...REGULATORS],
  },
  {
    name: 'PATCH draft',
    method: 'PATCH',
    kind: k('draft'),
    url: (id) => `/api/documents/${id}`,
    body: { facts: { remarks: '请于期限内整改' } },
    okFor: [...REGULATORS],
  },
  {
    name: 'POST issue',
    method: 'POST',
    kind: k('draft'),
    url: (id) => `/api/documents/${id}/issue`,
    okFor: [],
  },
  {
    name: 'POST name an officer on a draft',
    method: 'POST',
    kind: k('draft'),
    url: (id) => `/api/documents/${id}/officers`,
    body: { userId: '00000000-0000-4000-8000-000000000000' },
    okFor: [],
  },
  {
    name: 'POST confirm as an officer of a draft',
    method: 'POST',
    kind: k('draft'),
    url: (id) => `/api/documents/${id}/officers/confirm`,
    okFor: [],
  },
  {
    name: 'DELETE draft',
    method: 'DELETE',
    kind: k('draft'),
    url: (id) => `/api/documents/${id}`,
    okFor: [],
  },
  {
    name: 'POST correct',
    method: 'POST',
    kind: k('document'),
    url: (id) => `/api/documents/${id}/correct`,
    body: { reason: '笔误' },
    okFor: [],
  },
  {
    name: 'GET case',
    method: 'GET',
    kind: k('case'),
    url: (id) => `/api/cases/${id}`,
    okFor: [...REGULATORS],
  },
  {
    name: 'POST case evidence',
    method: 'POST',
    kind: k('case'),
    url: (id) => `/api/cases/${id}/evidence`,
    body: { fileIds: ['00000000-0000-4000-8000-000000000000'] },
    okFor: [],
  },
  {
    name: 'POST case close',
    method: 'POST',
    kind: k('case'),
    url: (id) => `/api/cases/${id}/close`,
    body: { note: '结案' },
    okFor: [],
  },
  {
    name: 'GET supervision file (enterprise)',
    method: 'GET',
    kind: 'enterprise',
    url: (id) => `/api/supervision-file/enterprise/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET supervision file (project)',
    method: 'GET',
    kind: 'project',
    url: (id) => `/api/supervision-file/project/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'GET supervision file PDF',
    method: 'GET',
    kind: 'enterprise',
    url: (id) => `/api/supervision-file/enterprise/${id}/pdf`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
];

const listRoutes: ListRoute[] = [
  {
    name: 'rectification work list',
    url: '/api/hazards/rectification?pageSize=200',
    kind: 'json',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'overdue list',
    url: '/api/hazards/rectification?overdue=false&open=true&pageSize=200',
    kind: 'json',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  // CSV is text, so a leaked id or name would show; xlsx (zipped) is parsed in hazards-export.test.ts.
  {
    name: 'hazard export (CSV)',
    url: '/api/hazards/export?format=csv',
    kind: 'text',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  ...(['enterprise', 'project', 'region', 'module', 'inspector'] as const).map((g) => ({
    name: `stats by ${g}`,
    url: `/api/hazards/stats?groupBy=${g}`,
    kind: 'json' as const,
    okFor: [...REGULATORS, 'enterprise_manager' as const],
  })),
  {
    name: 'documents',
    url: '/api/documents?pageSize=200',
    kind: 'json',
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  { name: 'cases', url: '/api/cases?pageSize=200', kind: 'json', okFor: [...REGULATORS] },
  { name: 'audit entries', url: '/api/audit/entries?pageSize=200', kind: 'json', okFor: ['admin', 'leader'] },
  { name: 'audit verify', url: '/api/audit/verify', kind: 'json', okFor: ['admin', 'leader'] },
  { name: 'audit checkpoint', url: '/api/audit/checkpoint', kind: 'json', okFor: ['admin'] },
  {
    name: 'notifications',
    url: '/api/notifications',
    kind: 'json',
    okFor: [...REGULATORS, 'enterprise_manager', 'worker'],
  },
  {
    name: 'template',
    url: '/api/document-templates/rectification_order',
    kind: 'json',
    okFor: [...REGULATORS],
  },
];

describe('jurisdiction matrix (hazards, documents, cases, audit)', () => {
  it('answers a foreign record exactly like a missing one, for every route and role', async () => {
    const checks = await runRecordMatrix(t, a, b, recordRoutes);
    expect(checks).toBe(recordRoutes.length * 6);
  });

  it('never lists, counts or exports a foreign record', async () => {
    const checks = await runListMatrix(t, a, b, listRoutes);
    expect(checks).toBeGreaterThan(50);
  });

  it('the foreign records were left unchanged', async () => {
    const bd = b as unknown as { ids: { hazard: string; draft: string; case: string } };
    const db = t.deps.database.db;
    expect(
      (
        await db
          .selectFrom('hazards')
          .select('status')
          .where('id', '=', bd.ids.hazard)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('rectification_ordered');
    expect(
      await db
        .selectFrom('documents')
        .select(['status', 'edits'])
        .where('id', '=', bd.ids.draft)
        .executeTakeFirstOrThrow(),
    ).toMatchObject({ status: 'draft', edits: {} });
    expect(
      (await db.selectFrom('cases').select('status').where('id', '=', bd.ids.case).executeTakeFirstOrThrow())
        .status,
    ).toBe('open');
  });

  it('the public verification page of any document shows nothing private', async () => {
    const bd = b as unknown as { ids: { document: string; hazard: string; enterprise: string } };
    for (const url of [`/verify/${bd.ids.document}`, `/api/public/verify/${bd.ids.document}`]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(b.names.enterprise);
      expect(res.body).not.toContain(bd.ids.hazard);
      expect(res.body).not.toContain(bd.ids.enterprise);
      expect(res.body).not.toContain('焊接车间');
    }
    // Drafts are not public, even by id.
    const draft = (b as unknown as { ids: { draft: string } }).ids.draft;
    expect((await t.app.inject({ url: `/api/public/verify/${draft}` })).json().found).toBe(false);
  });
});
