import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalProjectsPage, ProjectSiteView } from '@redline/contracts';
import { createTestApp, login, DEFAULT_PASSWORD, type TestApp } from './helpers/harness.ts';
import { createWorld, creditCode, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, type Client } from './helpers/client.ts';
import { createHazard } from './helpers/enforcement-factories.ts';
import { png } from './helpers/images.ts';
import { runRecordMatrix, type RecordRoute } from './helpers/matrix.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { projectMembership } from '../src/modules/projects/membership.ts';

/**
 * Issue 17 part 1, the party dimension: project P (world A) has a general contractor, a supervision
 * party and an owner, each with an account; project Q in the same county has another contractor.
 * The contractor's evidence waits for supervision's confirmation before the regulator reviews; a
 * party of Q sees nothing of P (hazard, project page, files, portal), exactly like a missing record;
 * a foreign jurisdiction neither. Stage steps and key personnel go through the same API.
 */
let t: TestApp;
let a: World;
let b: World;
let inspector: Client;
let gc: Client;
let sup: Client;
let owner: Client;
let otherGc: Client;
let foreignLeader: Client;
let supUserId = '';
let gcUserId = '';
let projectQ = '';

async function enterpriseWithManager(tag: string, county: string) {
  const db = t.deps.database.db;
  const e = await db
    .insertInto('enterprises')
    .values({
      credit_code: creditCode(county),
      name: `${tag}有限公司`,
      industry_code: 'construction',
      scale: 'small',
      region_code: county,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const username = `party.${tag.toLowerCase()}.${Math.random().toString(36).slice(2, 8)}`;
  const u = await db
    .insertInto('users')
    .values({
      username,
      display_name: `${tag} manager`,
      password_hash: await hashPassword(DEFAULT_PASSWORD),
      role: 'enterprise_manager',
      region_code: county,
      enterprise_id: e.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { enterpriseId: e.id, userId: u.id, cookie: await login(t.app, username) };
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.deps.database.db;
  a = await createWorld(db, t.deps.secrets, { county: '310116', tag: 'Jinshan' });
  b = await createWorld(db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  inspector = client(t.app, await login(t.app, a.users.inspector));
  gc = client(t.app, await login(t.app, a.users.enterprise_manager));
  foreignLeader = client(t.app, await login(t.app, b.users.leader));
  gcUserId = (
    await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', a.users.enterprise_manager)
      .executeTakeFirstOrThrow()
  ).id;
  const s = await enterpriseWithManager('Supervision', '310116');
  const o = await enterpriseWithManager('Owner', '310116');
  const x = await enterpriseWithManager('OtherBuilder', '310116');
  supUserId = s.userId;
  sup = client(t.app, s.cookie);
  owner = client(t.app, o.cookie);
  otherGc = client(t.app, x.cookie);
  await db
    .insertInto('project_parties')
    .values([
      { project_id: a.ids.project, role: 'supervision', enterprise_id: s.enterpriseId, name: '监理' },
      { project_id: a.ids.project, role: 'owner', enterprise_id: o.enterpriseId, name: '建设' },
    ])
    .execute();
  const q = await db
    .insertInto('projects')
    .values({ name: '另一个项目', type: 'building', status: 'under_construction', region_code: '310116' })
    .returning(['id', 'stage'])
    .executeTakeFirstOrThrow();
  projectQ = q.id;
  // the registry's status gives the stage (trigger of migration 0700)
  expect(q.stage).toBe('under_construction');
  await db
    .insertInto('project_parties')
    .values({ project_id: q.id, role: 'general_contractor', enterprise_id: x.enterpriseId, name: '施工' })
    .execute();
}, 300_000);
afterAll(() => t?.close());

describe('supervision confirms before the regulator reviews', () => {
  let hazardId = '';
  let fileId = '';

  it('constructor submits, supervision confirms, the regulator closes; the other project sees none of it', async () => {
    hazardId = await createHazard(t.deps.database.db, a, { project: true });
    const act = (c: Client, body: object) => c.post(`/api/hazards/${hazardId}/actions`, body);
    const first = await act(inspector, { type: 'confirm' });
    expect(first.statusCode, first.body).toBe(200);
    expect((await act(inspector, { type: 'order_rectification', deadline: '2099-12-31' })).statusCode).toBe(
      200,
    );
    expect((await act(gc, { type: 'start_rectification' })).statusCode).toBe(200);
    const res = await gc.upload(`/api/hazards/${hazardId}/evidence`, png(40, 30), 'after.png', 'image/png');
    expect(res.statusCode, res.body).toBe(201);
    fileId = res.json().files[0].id;
    // supervision may not hand in the constructor's evidence
    expectError(await act(sup, { type: 'submit_evidence', evidenceFileIds: [fileId] }), 403, {
      code: 'SUPERVISION_CANNOT_SUBMIT',
    });
    const sub = await act(gc, { type: 'submit_evidence', evidenceFileIds: [fileId] });
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json().state.supervision).toEqual({ required: true, confirmedAt: null, confirmedBy: null });
    // the regulator waits; the owner is not supervision; the supervisor is offered the step
    expectError(await act(inspector, { type: 'review', accepted: true }), 409, {
      code: 'SUPERVISION_CONFIRMATION_REQUIRED',
    });
    expectError(await act(owner, { type: 'confirm_evidence', accepted: true }), 403, {
      code: 'NOT_SUPERVISION',
    });
    expect((await sup.get(`/api/hazards/${hazardId}`)).json().allowedActions).toEqual(['confirm_evidence']);
    expect((await inspector.get(`/api/hazards/${hazardId}`)).json().allowedActions).not.toContain('review');
    expectError(await act(sup, { type: 'confirm_evidence' }), 400, { field: 'accepted' });
    expectError(await act(sup, { type: 'confirm_evidence', accepted: true, deadline: '2099-01-01' }), 400, {
      field: 'deadline',
    });
    const conf = await act(sup, { type: 'confirm_evidence', accepted: true, comment: '已现场核实' });
    expect(conf.statusCode, conf.body).toBe(200);
    expect(conf.json().state.supervision.confirmedBy).toBe(supUserId);
    const note = await t.deps.database.db
      .selectFrom('notifications')
      .select('title')
      .where('subject_id', '=', hazardId)
      .where('title', 'like', '监理单位已确认%')
      .executeTakeFirst();
    expect(note).toBeDefined();
    const rev = await act(inspector, { type: 'review', accepted: true });
    expect(rev.statusCode, rev.body).toBe(200);
    expect(rev.json().status).toBe('closed');

    // the constructor of project Q: nothing of P, answered like a missing record
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const url of [
      `/api/hazards/${hazardId}`,
      `/api/projects/${a.ids.project}/site`,
      `/api/files/${fileId}`,
    ]) {
      const foreign = await otherGc.get(url);
      const none = await otherGc.get(url.replace(/[0-9a-f-]{36}/, missing));
      expect(foreign.statusCode, url).toBe(404);
      expect(foreign.body.replace(/[0-9a-f-]{36}/g, ''), url).toBe(none.body.replace(/[0-9a-f-]{36}/g, ''));
    }
    const list = await otherGc.get(`/api/hazards/rectification?pageSize=200`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((h: { id: string }) => h.id)).not.toContain(hazardId);
    expect((await foreignLeader.get(`/api/projects/${a.ids.project}/site`)).statusCode).toBe(404);
  });

  it("each party's portal lists its projects only, with what waits for it", async () => {
    const mine = await otherGc.get('/api/portal/projects');
    expect(mine.statusCode, mine.body).toBe(200);
    expectShape(PortalProjectsPage, mine.json());
    expect(mine.json().items.map((p: { id: string }) => p.id)).toEqual([projectQ]);
    const s = (await sup.get('/api/portal/projects')).json();
    expect(s.items).toHaveLength(1);
    expect(s.items[0]).toMatchObject({ id: a.ids.project, myParty: 'supervision', awaitingMe: 0 });
    expectError(await inspector.get('/api/portal/projects'), 403);
    expectError(await gc.get('/api/portal/projects?stage=flying'), 400, { field: 'stage' });
  });

  it('projectMembership says how a user is bound to a project', async () => {
    const db = t.deps.database.db;
    expect(await projectMembership(db, supUserId, a.ids.project)).toMatchObject({
      partyRole: 'supervision',
      named: false,
    });
    expect(await projectMembership(db, supUserId, projectQ)).toBeNull();
    expect(await projectMembership(db, gcUserId, a.ids.project)).toMatchObject({
      partyRole: 'general_contractor',
    });
  });
});

describe('stage steps and key personnel', () => {
  it('a project walks its stages with materials; refusals are 4xx with the reason', async () => {
    const db = t.deps.database.db;
    const p = await db
      .insertInto('projects')
      .values({ name: '阶段测试项目', type: 'building', status: 'approved', region_code: '310116' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('project_parties')
      .values({ project_id: p.id, role: 'owner', enterprise_id: a.ids.enterprise, name: '建设' })
      .execute();
    const mres = await inspector.upload(
      `/api/projects/${p.id}/materials`,
      png(20, 20),
      'permit.png',
      'image/png',
    );
    expect(mres.statusCode, mres.body).toBe(201);
    const mat = mres.json().files[0] as { id: string; sha256: string };
    const step = (c: Client, body: object) => c.post(`/api/projects/${p.id}/stage`, body);
    expectError(await step(inspector, { type: 'file_supervision' }), 400, {
      code: 'MATERIALS_REQUIRED',
      field: 'materials',
    });
    expectError(await step(inspector, { type: 'file_supervision', materialFileIds: [a.ids.project] }), 400, {
      field: 'materialFileIds',
    });
    expectError(
      await step(inspector, { type: 'grant_permit', materialFileIds: [mat.id], permitNo: 'X-123456' }),
      409,
      {
        code: 'ILLEGAL_TRANSITION',
      },
    );
    expectError(await step(gc, { type: 'file_supervision', materialFileIds: [mat.id] }), 403, {
      code: 'ROLE_NOT_ALLOWED',
    });
    expect((await step(inspector, { type: 'file_supervision', materialFileIds: [mat.id] })).statusCode).toBe(
      200,
    );
    expectError(
      await step(inspector, { type: 'grant_permit', materialFileIds: [mat.id], permitNo: '许可证' }),
      400,
      {
        field: 'permitNo',
      },
    );
    expect(
      (
        await step(inspector, {
          type: 'grant_permit',
          materialFileIds: [mat.id],
          permitNo: '310116202612010101',
        })
      ).statusCode,
    ).toBe(200);
    // the owner reports the start of construction (the contractor of P is the owner here)
    const started = await step(gc, { type: 'start_construction' });
    expect(started.statusCode, started.body).toBe(200);
    expectError(await step(inspector, { type: 'suspend' }), 400, { field: 'reason' });
    const susp = await step(inspector, { type: 'suspend', reason: '深基坑监测数据超限' });
    expect(susp.statusCode).toBe(200);
    const view = susp.json();
    expectShape(ProjectSiteView, view);
    expect(view.project.stage).toBe('suspended');
    expect(view.project.permitNo).toBe('310116202612010101');
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual([
      'file_supervision',
      'grant_permit',
      'start_construction',
      'suspend',
    ]);
    expect(view.timeline[0].materials[0]).toMatchObject({
      fileId: mat.id,
      sha256: mat.sha256,
      name: 'permit.png',
    });
    expect(view.timeline[2].actorParty).toBe('owner');
    expect(view.allowedStageActions).toEqual(['resume']);
    const row = await db
      .selectFrom('projects')
      .select(['stage', 'status'])
      .where('id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ stage: 'suspended', status: 'suspended' });
    const audits = await db
      .selectFrom('audit_entries')
      .select('action')
      .where('subject_id', '=', p.id)
      .where('action', 'like', 'project.%')
      .execute();
    expect(audits.map((x) => x.action)).toEqual(
      expect.arrayContaining([
        'project.file_supervision',
        'project.grant_permit',
        'project.start_construction',
        'project.suspend',
      ]),
    );
  });

  it('key personnel: certificates checked against the registry, positions fit the party', async () => {
    const db = t.deps.database.db;
    await db
      .insertInto('certificates')
      .values({
        worker_id: a.ids.worker,
        category_code: 'KP-02',
        number: '沪建安C(2024)0012345',
        issued_on: '2024-02-01',
        expires_on: '2028-01-31',
        region_code: '310116',
      })
      .execute();
    const add = (c: Client, body: object) => c.post(`/api/projects/${a.ids.project}/members`, body);
    const ok = await add(gc, {
      partyRole: 'general_contractor',
      position: 'safety_officer',
      name: '安全员甲',
      userId: gcUserId,
      workerId: a.ids.worker,
      certificateNo: '沪建安c(2024)0012345',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const m = ok.json().site.members.find((x: { id: string }) => x.id === ok.json().id);
    expect(m).toMatchObject({
      certificateCheck: 'valid',
      certificateExpiresOn: '2028-01-31',
      position: 'safety_officer',
    });
    const missingCert = await add(inspector, {
      partyRole: 'general_contractor',
      position: 'project_manager',
      name: '项目经理乙',
      certificateNo: '沪1312020202000001',
    });
    expect(missingCert.statusCode).toBe(201);
    expect(
      missingCert.json().site.members.find((x: { id: string }) => x.id === missingCert.json().id)
        .certificateCheck,
    ).toBe('not_found');
    expectError(
      await add(gc, {
        partyRole: 'supervision',
        position: 'chief_supervising_engineer',
        name: '总监',
        certificateNo: 'X',
      }),
      403,
    );
    expectError(
      await add(inspector, {
        partyRole: 'general_contractor',
        position: 'chief_supervising_engineer',
        name: '错岗',
      }),
      400,
      {
        field: 'position',
      },
    );
    expectError(
      await add(inspector, { partyRole: 'general_contractor', position: 'project_manager', name: '无证' }),
      400,
      {
        field: 'certificateNo',
      },
    );
    expectError(
      await add(inspector, {
        partyRole: 'general_contractor',
        position: 'technical_lead',
        name: '外人',
        userId: supUserId,
      }),
      400,
      {
        field: 'userId',
      },
    );
    expect(await projectMembership(db, gcUserId, a.ids.project)).toMatchObject({
      partyRole: 'general_contractor',
      positions: ['safety_officer'],
      named: true,
    });
  });
});

describe('per-member scoping: a project account sees the projects it is named on', () => {
  it('member of project A sees A, not B of the same enterprise; removal ends it; all audited', async () => {
    const db = t.deps.database.db;
    const e = await enterpriseWithManager('TwoSites', '310116');
    const manager = client(t.app, e.cookie);
    const mk = async (name: string) => {
      const p = await db
        .insertInto('projects')
        .values({ name, type: 'building', status: 'under_construction', region_code: '310116' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('project_parties')
        .values({ project_id: p.id, role: 'general_contractor', enterprise_id: e.enterpriseId, name: '施工' })
        .execute();
      return p.id;
    };
    const pA = await mk('成员项目A');
    const pB = await mk('成员项目B');
    // the administrator opens the project account
    const username = `member.${Math.random().toString(36).slice(2, 8)}`;
    const admin = client(t.app, await login(t.app, a.users.admin));
    const created = await admin.post('/api/users', {
      username,
      displayName: '项目安全员',
      password: 'first-password-1',
      role: 'enterprise_manager',
      enterpriseId: e.enterpriseId,
      projectScoped: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const u = created.json() as { id: string; projectScoped: boolean };
    expect(u.projectScoped).toBe(true);
    const listed = (await admin.get(`/api/users?q=${username}`)).json();
    expect(listed.items).toMatchObject([{ username, projectScoped: true }]);
    expectError(
      await admin.post('/api/users', {
        username: `${username}x`,
        displayName: '检查员',
        password: 'first-password-1',
        role: 'inspector',
        authorityId: a.authorityId,
        projectScoped: true,
      }),
      400,
      { code: 'VALIDATION', field: 'projectScoped' },
    );
    // the member dialog offers the party enterprise's accounts, project accounts first
    const accountsUrl = (party: string) => `/api/projects/${pA}/member-accounts?partyRole=${party}`;
    const accounts = await manager.get(accountsUrl('general_contractor'));
    expect(accounts.statusCode, accounts.body).toBe(200);
    expect(accounts.json().items[0]).toMatchObject({ id: u.id, username, projectScoped: true });
    expect(accounts.json().items.map((x: { id: string }) => x.id)).toContain(e.userId);
    expect((await inspector.get(accountsUrl('general_contractor'))).json().items).toHaveLength(2);
    expectError(await manager.get(accountsUrl('supervision')), 403, { field: 'partyRole' });
    expectError(await inspector.get(accountsUrl('supervision')), 400, { field: 'partyRole' });
    expect((await foreignLeader.get(accountsUrl('general_contractor'))).statusCode).toBe(404);
    const member = client(t.app, await login(t.app, username, 'first-password-1'));
    expectError(await member.get(accountsUrl('general_contractor')), 403);
    expect((await member.get('/api/auth/me')).json()).toMatchObject({ projectScoped: true });
    expect((await manager.get('/api/auth/me')).json()).toMatchObject({ projectScoped: false });
    // a hazard of B that names the enterprise: still B's, so hidden from A's account
    const hB = await createHazard(db, { ...a, ids: { ...a.ids, project: pB } }, { project: true });
    await db.updateTable('hazards').set({ enterprise_id: e.enterpriseId }).where('id', '=', hB).execute();

    // not yet a member: sees neither project
    expect((await member.get(`/api/projects/${pA}/site`)).statusCode).toBe(404);
    const added = await manager.post(`/api/projects/${pA}/members`, {
      partyRole: 'general_contractor',
      position: 'technical_lead',
      name: '项目安全员',
      userId: u.id,
    });
    expect(added.statusCode, added.body).toBe(201);
    expect((await member.get(`/api/projects/${pA}/site`)).statusCode).toBe(200);
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const url of [`/api/projects/${pB}/site`, `/api/hazards/${hB}`, `/api/projects/${pB}/file.pdf`]) {
      const foreign = await member.get(url);
      const none = await member.get(url.replace(/[0-9a-f-]{36}/, missing));
      expect(foreign.statusCode, url).toBe(404);
      expect(foreign.body.replace(/[0-9a-f-]{36}/g, ''), url).toBe(none.body.replace(/[0-9a-f-]{36}/g, ''));
    }
    const portal = (await member.get('/api/portal/projects')).json();
    expect(portal.items.map((p: { id: string }) => p.id)).toEqual([pA]);
    const hz = (await member.get('/api/hazards/rectification?pageSize=200')).json();
    expect(hz.items.map((h: { id: string }) => h.id)).not.toContain(hB);
    // the enterprise's equipment: A's and the unassigned are the account's, B's is not
    const crane = async (projectId: string | null) =>
      (
        await db
          .insertInto('equipment')
          .values({
            category_code: '4000',
            registration_code: `4310116${Math.random().toString().slice(2, 10)}`,
            user_enterprise_id: e.enterpriseId,
            project_id: projectId,
            region_code: '310116',
            next_inspection_on: '2027-03-01',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const [qA, qB, qNone] = [await crane(pA), await crane(pB), await crane(null)];
    const eq = (await member.get('/api/equipment?pageSize=100')).json();
    const eqIds = eq.items.map((x: { id: string }) => x.id);
    expect(eqIds).toEqual(expect.arrayContaining([qA, qNone]));
    expect(eqIds).not.toContain(qB);
    expect((await member.get(`/api/equipment/${qB}`)).statusCode).toBe(404);
    expect((await manager.get(`/api/equipment/${qB}`)).statusCode).toBe(200);
    // the enterprise's manager keeps both; the project account names no one
    const mine = (await manager.get('/api/portal/projects')).json();
    expect(mine.items.map((p: { id: string }) => p.id).sort()).toEqual([pA, pB].sort());
    expect((await manager.get(`/api/hazards/${hB}`)).statusCode).toBe(200);
    expectError(
      await member.post(`/api/projects/${pA}/members`, {
        partyRole: 'general_contractor',
        position: 'technical_lead',
        name: '自己',
      }),
      403,
    );
    expect(await projectMembership(db, u.id, pB)).toBeNull();
    expect(await projectMembership(db, u.id, pA)).toMatchObject({ named: true });

    // another party's manager may not end it; a foreign member id is 404; the manager ends it
    const memberId = added.json().id as string;
    expectError(await otherGc.delete(`/api/projects/${pA}/members/${memberId}`), 404);
    expectError(await manager.delete(`/api/projects/${pA}/members/${missing}`), 404);
    const removed = await manager.delete(`/api/projects/${pA}/members/${memberId}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await member.get(`/api/projects/${pA}/site`)).statusCode).toBe(404);
    const audits = await db
      .selectFrom('audit_entries')
      .select('action')
      .where('subject_id', '=', pA)
      .where('action', 'like', 'project.member_%')
      .execute();
    expect(audits.map((x) => x.action).sort()).toEqual(['project.member_added', 'project.member_removed']);
  });
});

describe('the party dimension in the jurisdiction matrix', () => {
  const REGULATORS = ['admin', 'leader', 'inspector', 'duty_officer'] as const;
  const routes: RecordRoute[] = [
    {
      name: 'GET project page',
      method: 'GET',
      kind: 'project',
      url: (id) => `/api/projects/${id}/site`,
      okFor: [...REGULATORS, 'enterprise_manager'],
    },
    {
      name: 'POST project stage',
      method: 'POST',
      kind: 'project',
      url: (id) => `/api/projects/${id}/stage`,
      body: { type: 'archive' },
      okFor: [],
    },
    {
      name: 'POST project member',
      method: 'POST',
      kind: 'project',
      url: (id) => `/api/projects/${id}/members`,
      body: { partyRole: 'design', position: 'design_lead', name: '设计负责人' },
      okFor: [],
    },
  ];
  it('a project of another jurisdiction answers like a missing one, for every role', async () => {
    expect(await runRecordMatrix(t, a, b, routes)).toBe(routes.length * 6);
  });
});
