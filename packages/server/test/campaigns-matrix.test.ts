import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { createHazard } from './helpers/enforcement-factories.ts';
import { runListMatrix, runRecordMatrix, type ListRoute, type RecordRoute } from './helpers/matrix.ts';

/**
 * The jurisdiction matrix for campaigns, their groups and accountability actions (issue 14): every
 * route × role of jurisdiction A against records of A and of B; a foreign record answers exactly
 * like a missing one, lists never contain B's records.
 */
let t: TestApp;
let a: World;
let b: World;

const REGULATORS = ['admin', 'leader', 'inspector', 'duty_officer'] as const;

async function extend(w: World): Promise<World> {
  const db = t.deps.database.db;
  const leader = await login(t.app, w.users.leader);
  const post = async (url: string, payload: unknown) => {
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: leader },
      payload: payload as object,
    });
    expect(res.statusCode, `${url} → ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  const leaderId = (
    await db.selectFrom('users').select('id').where('username', '=', w.users.leader).executeTakeFirstOrThrow()
  ).id;
  const campaign = await post('/api/campaigns', {
    name: '冬季督导检查',
    kind: 'routine',
    startsOn: '2026-11-01',
    endsOn: '2026-12-31',
  });
  const group = await post(`/api/campaigns/${campaign.id}/groups`, {
    name: '第一督导组',
    kind: 'supervision',
    leaderId,
    memberIds: [],
    targets: [{ kind: 'enterprise', id: w.ids.enterprise }],
  });
  const hazard = await createHazard(db, w);
  const action = await post('/api/accountability-actions', {
    kind: 'notification',
    targetKind: 'enterprise',
    enterpriseId: w.ids.enterprise,
    hazardIds: [hazard],
    title: '关于隐患整改不力的通报',
    reason: '隐患整改不力',
    deadline: '2026-12-31',
  });
  return {
    ...w,
    ids: { ...w.ids, campaign: campaign.id, campaignGroup: group.id, accountability: action.id },
  } as unknown as World;
}

beforeAll(async () => {
  t = await createTestApp();
  a = await extend(
    await createWorld(t.deps.database.db, t.deps.secrets, {
      county: '310116',
      town: '310116501',
      tag: 'Jinshan',
    }),
  );
  b = await extend(
    await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' }),
  );
});
afterAll(() => t?.close());

const k = (kind: string) => kind as RecordRoute['kind'];
const recordRoutes: RecordRoute[] = [
  {
    name: 'GET campaign',
    method: 'GET',
    kind: k('campaign'),
    url: (id) => `/api/campaigns/${id}`,
    okFor: [...REGULATORS],
  },
  {
    name: 'POST campaign group',
    method: 'POST',
    kind: k('campaign'),
    url: (id) => `/api/campaigns/${id}/groups`,
    // A body naming no one: 404 for a foreign campaign, 400 (leader) for one's own — checked in campaigns.test.ts.
    body: {
      name: '第二组',
      kind: 'inspection',
      leaderId: '00000000-0000-4000-8000-000000000000',
      memberIds: [],
    },
    okFor: [],
  },
  {
    name: 'POST campaign close',
    method: 'POST',
    kind: k('campaign'),
    url: (id) => `/api/campaigns/${id}/close`,
    body: {},
    okFor: [],
  },
  {
    name: 'GET campaign group',
    method: 'GET',
    kind: k('campaignGroup'),
    url: (id) => `/api/campaign-groups/${id}`,
    okFor: [...REGULATORS],
  },
  {
    name: 'PATCH campaign group',
    method: 'PATCH',
    kind: k('campaignGroup'),
    url: (id) => `/api/campaign-groups/${id}`,
    body: { tasks: '督导重点：有限空间' },
    okFor: ['admin', 'leader'],
  },
  {
    name: 'POST campaign group close',
    method: 'POST',
    kind: k('campaignGroup'),
    url: (id) => `/api/campaign-groups/${id}/close`,
    body: {},
    okFor: [],
  },
  {
    name: 'POST campaign group link',
    method: 'POST',
    kind: k('campaignGroup'),
    url: (id) => `/api/campaign-groups/${id}/link-inspections`,
    okFor: ['admin', 'leader'],
  },
  {
    name: 'POST campaign group task book (no body)',
    method: 'POST',
    kind: k('campaignGroup'),
    url: (id) => `/api/campaign-groups/${id}/task-book`,
    okFor: [],
  },
  {
    name: 'GET campaign group inspections',
    method: 'GET',
    kind: k('campaignGroup'),
    url: (id) => `/api/campaign-groups/${id}/inspections`,
    okFor: [...REGULATORS],
  },
  {
    name: 'GET campaign group problems',
    method: 'GET',
    kind: k('campaignGroup'),
    url: (id) => `/api/campaign-groups/${id}/problems`,
    okFor: [...REGULATORS],
  },
  {
    name: 'GET accountability action',
    method: 'GET',
    kind: k('accountability'),
    url: (id) => `/api/accountability-actions/${id}`,
    okFor: [...REGULATORS, 'enterprise_manager'],
  },
  {
    name: 'POST accountability follow-up',
    method: 'POST',
    kind: k('accountability'),
    url: (id) => `/api/accountability-actions/${id}/follow-ups`,
    body: { note: '已跟进核实' },
    okFor: ['admin', 'leader', 'inspector'],
  },
];

const listRoutes: ListRoute[] = [
  { name: 'GET campaigns', url: '/api/campaigns', okFor: [...REGULATORS], kind: 'json' },
  {
    name: 'GET accountability actions',
    url: '/api/accountability-actions',
    okFor: [...REGULATORS, 'enterprise_manager'],
    kind: 'json',
  },
];

describe('campaigns and accountability jurisdiction matrix', () => {
  it('a foreign campaign, group or action answers exactly like a missing one', async () => {
    expect(await runRecordMatrix(t, a, b, recordRoutes)).toBeGreaterThan(60);
  });
  it('lists never contain the other jurisdiction', async () => {
    expect(await runListMatrix(t, a, b, listRoutes)).toBeGreaterThan(5);
  });
});
