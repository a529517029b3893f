import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalPage, ApprovalView, ExpertView, Me } from '@redline/contracts';
import { materialsHash } from '@redline/domain';
import { createTestApp, DEFAULT_PASSWORD, login, type TestApp } from './helpers/harness.ts';
import { createWorld, creditCode, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, type Client } from './helpers/client.ts';
import { hashPassword } from '../src/auth/passwords.ts';

/**
 * Experts log in and sign their own opinions (issue 17, expert review): a regulator gives an expert
 * of the register an account and puts them on an approval's panel; the expert sees only the
 * approvals of their panels (everything else answers 404 like a missing record), reads the
 * materials with their hashes and signs their own opinion — never as another expert, never the
 * panel's conclusion; the opinion is bound to the materials' hash and immutable; every step audited.
 */
const TODAY = '2026-11-23';
const EXPERT_PASSWORD = 'Lantern-orchard-quietly-47';
let t: TestApp;
let home: World;
let foreign: World;
let leader: Client;
let inspector: Client;
let constructor: Client;
let supervisor: Client;
let foreignLeader: Client;
let worker: Client;
const experts: string[] = [];
let expert: Client; // experts[0], on the panel of `assigned`
let other: Client; // experts[1], with an account but on no panel
let assigned: ApprovalView;
let unassigned: ApprovalView;
const plan = Buffer.from('%PDF-1.4\n% plan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function addSupervisor(world: World) {
  const db = t.deps.database.db;
  const e = await db
    .insertInto('enterprises')
    .values({
      credit_code: creditCode('320411'),
      name: '虚构监理有限公司',
      industry_code: 'construction',
      scale: 'small',
      region_code: '320411',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('project_parties')
    .values({
      project_id: world.ids.project,
      role: 'supervision',
      enterprise_id: e.id,
      name: '虚构监理有限公司',
    })
    .execute();
  await db
    .insertInto('users')
    .values({
      username: 'xj.supervision.mgr',
      display_name: '监理 总监',
      password_hash: await hashPassword(DEFAULT_PASSWORD),
      role: 'enterprise_manager',
      region_code: '320411',
      enterprise_id: e.id,
    })
    .execute();
  return 'xj.supervision.mgr';
}

/** A beyond-scale special plan with one material, moved to the expert review step. */
async function atExpertReview(title: string) {
  let r = await constructor.post('/api/approvals', {
    projectId: home.ids.project,
    kind: 'special_plan',
    title,
    beyondScale: true,
  });
  expect(r.statusCode, r.body).toBe(201);
  const id = (r.json() as ApprovalView).id;
  r = await constructor.upload(`/api/approvals/${id}/materials`, plan, '方案.pdf');
  expect(r.statusCode, r.body).toBe(201);
  r = await constructor.post(`/api/approvals/${id}/actions`, { action: 'submit', opinion: '报审' });
  expect(r.statusCode, r.body).toBe(200);
  r = await supervisor.post(`/api/approvals/${id}/actions`, {
    action: 'review',
    conclusion: 'pass',
    opinion: '同意报专家论证',
  });
  expect(r.statusCode, r.body).toBe(200);
  const v = r.json() as ApprovalView;
  expect(v.stepCode).toBe('expert_review');
  return v;
}

beforeAll(async () => {
  t = await createTestApp({ today: TODAY, env: { LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' } });
  home = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Xinbei' });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '340111', tag: 'Baohe' });
  leader = client(t.app, await login(t.app, home.users.leader));
  inspector = client(t.app, await login(t.app, home.users.inspector));
  constructor = client(t.app, await login(t.app, home.users.enterprise_manager));
  supervisor = client(t.app, await login(t.app, await addSupervisor(home)));
  foreignLeader = client(t.app, await login(t.app, foreign.users.leader));
  worker = client(t.app, await login(t.app, home.users.worker));
  for (let i = 1; i <= 3; i++) {
    const r = await leader.post('/api/experts', {
      name: `虚构专家${i}`,
      regionCode: '320411',
      registerNo: `XJ-2026-${i}`,
    });
    expect(r.statusCode, r.body).toBe(201);
    experts.push(r.json().id);
  }
  for (const [i, username] of ['xj.expert.one', 'xj.expert.two'].entries()) {
    const r = await leader.post(`/api/experts/${experts[i]}/account`, {
      username,
      password: EXPERT_PASSWORD,
    });
    expect(r.statusCode, r.body).toBe(201);
    expectShape(ExpertView, r.json());
    expect(r.json().hasAccount).toBe(true);
  }
  expert = client(t.app, await login(t.app, 'xj.expert.one', EXPERT_PASSWORD));
  other = client(t.app, await login(t.app, 'xj.expert.two', EXPERT_PASSWORD));
  assigned = await atExpertReview('深基坑支护专项施工方案');
  unassigned = await atExpertReview('高大模板专项方案');
}, 600_000);
afterAll(() => t?.close());

describe('expert accounts and panels', () => {
  it('gives an expert one account, by an administrator or leader of the register’s jurisdiction', async () => {
    const me = (await expert.get('/api/auth/me')).json() as Me;
    expect(me.expertId).toBe(experts[0]);
    expect(me.role).toBe('worker');
    expect(me.workerId).toBeNull();
    // the administrators' user list says whose login it is
    const admin = client(t.app, await login(t.app, home.users.admin));
    const listed = (await admin.get('/api/users?q=xj.expert.one')).json();
    expect(listed.items).toMatchObject([{ username: 'xj.expert.one', role: 'worker', expertId: experts[0] }]);
    const plain = (await admin.get('/api/users?role=inspector&pageSize=1')).json();
    expect(plain.items[0].expertId).toBeNull();
    expectError(
      await leader.post(`/api/experts/${experts[0]}/account`, {
        username: 'xj.again',
        password: EXPERT_PASSWORD,
      }),
      409,
      { code: 'CONFLICT' },
    );
    expectError(
      await leader.post(`/api/experts/${experts[2]}/account`, {
        username: 'xj.expert.one',
        password: EXPERT_PASSWORD,
      }),
      409,
      { field: 'username' },
    );
    expectError(
      await leader.post(`/api/experts/${experts[2]}/account`, {
        username: 'xj.weak',
        password: 'xj.weak12345',
      }),
      400,
    );
    // another jurisdiction's leader: like a missing expert; an inspector may not
    const missing = await foreignLeader.post(`/api/experts/${crypto.randomUUID()}/account`, {
      username: 'xj.far',
      password: EXPERT_PASSWORD,
    });
    const foreignOne = await foreignLeader.post(`/api/experts/${experts[2]}/account`, {
      username: 'xj.far',
      password: EXPERT_PASSWORD,
    });
    expectError(foreignOne, 404);
    expect(foreignOne.body).toBe(missing.body);
    expectError(
      await inspector.post(`/api/experts/${experts[2]}/account`, {
        username: 'xj.x',
        password: EXPERT_PASSWORD,
      }),
      403,
    );
  });

  it('lets the regulator put experts on the panel, audited; nobody else', async () => {
    expectError(
      await constructor.post(`/api/approvals/${assigned.id}/experts`, { expertId: experts[0] }),
      403,
    );
    expectError(await expert.post(`/api/approvals/${assigned.id}/experts`, { expertId: experts[0] }), 403);
    expectError(
      await foreignLeader.post(`/api/approvals/${assigned.id}/experts`, { expertId: experts[0] }),
      404,
    );
    expectError(
      await inspector.post(`/api/approvals/${assigned.id}/experts`, { expertId: crypto.randomUUID() }),
      404,
    );
    let r = await inspector.post(`/api/approvals/${assigned.id}/experts`, { expertId: experts[0] });
    expect(r.statusCode, r.body).toBe(201);
    r = await inspector.post(`/api/approvals/${assigned.id}/experts`, { expertId: experts[2] });
    const v = r.json() as ApprovalView;
    expectShape(ApprovalView, v);
    expect(v.panel.map((p) => [p.expertId, p.hasAccount])).toEqual([
      [experts[0], true],
      [experts[2], false],
    ]);
    expect(v.may.assignExperts).toBe(true);
    expectError(
      await inspector.post(`/api/approvals/${assigned.id}/experts`, { expertId: experts[0] }),
      409,
      {
        code: 'CONFLICT',
      },
    );
    // taken off before signing: their login loses the approval; put back, it sees it again
    const off = `/api/approvals/${assigned.id}/experts/${experts[0]}`;
    expectError(await constructor.delete(off), 403);
    expectError(await foreignLeader.delete(off), 404);
    expectError(await inspector.delete(`/api/approvals/${assigned.id}/experts/${experts[1]}`), 404);
    const taken = await inspector.delete(off);
    expect(taken.statusCode, taken.body).toBe(200);
    expect((taken.json() as ApprovalView).panel.map((p) => p.expertId)).toEqual([experts[2]]);
    expectError(await expert.get(`/api/approvals/${assigned.id}`), 404);
    r = await inspector.post(`/api/approvals/${assigned.id}/experts`, { expertId: experts[0] });
    expect(r.statusCode, r.body).toBe(201);
    expect((await expert.get(`/api/approvals/${assigned.id}`)).statusCode).toBe(200);
    const audit = await t.deps.database.db
      .selectFrom('audit_entries')
      .select(['action', 'subject_id'])
      .where('action', 'in', ['approval.assign_expert', 'approval.unassign_expert', 'expert.account'])
      .execute();
    expect(
      audit.filter((a) => a.action === 'approval.unassign_expert' && a.subject_id === assigned.id),
    ).toHaveLength(1);
    expect(
      audit.filter((a) => a.action === 'approval.assign_expert' && a.subject_id === assigned.id),
    ).toHaveLength(3);
    expect(
      audit
        .filter((a) => a.action === 'expert.account')
        .map((a) => a.subject_id)
        .sort(),
    ).toEqual(experts.slice(0, 2).sort());
  });
});

describe('an expert’s own login', () => {
  it('sees only the approvals of their panel; everything else answers 404 like a missing record', async () => {
    const page = (await expert.get('/api/approvals')).json() as { items: { id: string }[] };
    expectShape(ApprovalPage, page);
    expect(page.items.map((i) => i.id)).toEqual([assigned.id]);
    expect(((await other.get('/api/approvals')).json() as { items: { id: string }[] }).items).toEqual([]);

    const missing = await expert.get(`/api/approvals/${crypto.randomUUID()}`);
    expectError(missing, 404);
    const foreignOne = await expert.get(`/api/approvals/${unassigned.id}`);
    expect([foreignOne.statusCode, foreignOne.body]).toEqual([missing.statusCode, missing.body]);
    expectError(await other.get(`/api/approvals/${assigned.id}`), 404);
    expectError(
      await other.post(`/api/approvals/${assigned.id}/actions`, {
        action: 'expert_opinion',
        conclusion: 'pass',
        opinion: 'x',
      }),
      404,
    );
    // the project (a kind the account may not read at all: the same 403 for any id) and other records
    const project = await expert.get(`/api/projects/${home.ids.project}`);
    const noProject = await expert.get(`/api/projects/${crypto.randomUUID()}`);
    expectError(project, 403);
    expect(project.body).toBe(noProject.body);
    const workerRecord = await expert.get(`/api/workers/${home.ids.worker}`);
    const noWorker = await expert.get(`/api/workers/${crypto.randomUUID()}`);
    expectError(workerRecord, 404);
    expect(workerRecord.body).toBe(noWorker.body);
    // the files of an approval not on the panel
    const fileId = (await constructor.get(`/api/approvals/${unassigned.id}`)).json().materials[0].fileId;
    expectError(await expert.get(`/api/files/${fileId}`), 404);
    // a worker without an expert record is not let into approvals
    expectError(await worker.get('/api/approvals'), 403);
  });

  it('reads the materials with their hashes and signs only their own opinion, bound to them and immutable', async () => {
    let v = (await expert.get(`/api/approvals/${assigned.id}`)).json() as ApprovalView;
    expectShape(ApprovalView, v);
    expect(v.materials.map((m) => m.sha256)).toEqual([sha(plan)]);
    expect(v.materialsHash).toBe(materialsHash([sha(plan)]));
    expect(v.may).toEqual({ act: true, addMaterial: false, assignExperts: false });
    expect(v.signAsExpert).toBe(experts[0]);
    const file = await expert.get(`/api/files/${v.materials[0].fileId}`);
    expect(file.statusCode).toBe(200);
    expect(sha(file.rawPayload)).toBe(sha(plan));

    const act = (body: Record<string, unknown>) => expert.post(`/api/approvals/${assigned.id}/actions`, body);
    // never as another expert, never the conclusion, nothing else
    expectError(
      await act({ action: 'expert_opinion', expertId: experts[2], conclusion: 'pass', opinion: 'x' }),
      403,
      {
        field: 'expertId',
      },
    );
    expectError(await act({ action: 'expert_conclusion', conclusion: 'pass', opinion: 'x' }), 403);
    expectError(await expert.upload(`/api/approvals/${assigned.id}/materials`, plan, 'x.pdf'), 403);
    expectError(
      await expert.post('/api/approvals', { projectId: home.ids.project, kind: 'special_plan', title: 'x' }),
      403,
    );
    expectError(
      await act({
        action: 'expert_opinion',
        conclusion: 'pass',
        opinion: 'x',
        materialsHash: 'a'.repeat(64),
      }),
      409,
      {
        code: 'MATERIALS_CHANGED',
      },
    );

    const r = await act({
      action: 'expert_opinion',
      conclusion: 'revise_and_pass',
      opinion: '补充监测点布置',
      materialsHash: v.materialsHash,
    });
    expect(r.statusCode, r.body).toBe(200);
    v = r.json();
    const mine = v.opinions.filter((o) => o.kind === 'expert_opinion');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      expertId: experts[0],
      expertName: '虚构专家1',
      actingAs: 'expert',
      actorName: '虚构专家1',
      materialsHash: materialsHash([sha(plan)]),
      judgedCurrentSet: true,
    });
    expect(mine[0].materials.map((m) => m.sha256)).toEqual([sha(plan)]);
    expect(v.expertOpinionsOnCurrentSet).toBe(1);
    // having signed, she stays on the panel
    expectError(await inspector.delete(`/api/approvals/${assigned.id}/experts/${experts[0]}`), 409, {
      code: 'CONFLICT',
      field: 'expertId',
    });
    expectError(await act({ action: 'expert_opinion', conclusion: 'pass', opinion: 'again' }), 409, {
      code: 'CONFLICT',
    });
    // the organiser cannot record another opinion in the expert's name on the same set either
    expectError(
      await constructor.post(`/api/approvals/${assigned.id}/actions`, {
        action: 'expert_opinion',
        expertId: experts[0],
        conclusion: 'pass',
        opinion: 'x',
      }),
      409,
      { code: 'CONFLICT' },
    );

    const db = t.deps.database.db;
    await expect(
      sql`UPDATE approval_opinions SET opinion = 'changed' WHERE id = ${mine[0].id}`.execute(db),
    ).rejects.toThrow(/signed opinion cannot be changed/);
    const entry = await db
      .selectFrom('audit_entries')
      .innerJoin('users', 'users.id', 'audit_entries.actor_id')
      .select(['audit_entries.action', 'users.username'])
      .where('audit_entries.subject_id', '=', mine[0].id)
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ action: 'approval.expert_opinion', username: 'xj.expert.one' });
  });
});
