import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectSiteView } from '@redline/contracts';
import { createTestApp, login, DEFAULT_PASSWORD, type TestApp } from './helpers/harness.ts';
import { createWorld, creditCode, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, type Client } from './helpers/client.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { loadExcelJs } from '../src/lazy-packages.ts';

/**
 * Issue 17 part 3: survey (勘察) and design (设计) requests. The constructor or an officer asks the
 * project's survey or design party; that party answers; the asking side closes; every step audited
 * and in the project file. The survey party of another project sees none of it (404, like a
 * missing record). The project file also lists the stage steps with their audit records.
 */
let t: TestApp;
let a: World;
let inspector: Client;
let gc: Client;
let survey: Client;
let design: Client;
let otherSurvey: Client;
const missing = '00000000-0000-4000-8000-000000000000';

async function party(tag: string) {
  const db = t.deps.database.db;
  const e = await db
    .insertInto('enterprises')
    .values({
      credit_code: creditCode('310116'),
      name: `${tag}院`,
      industry_code: 'construction',
      scale: 'small',
      region_code: '310116',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const username = `req.${tag.toLowerCase()}.${Math.random().toString(36).slice(2, 8)}`;
  await db
    .insertInto('users')
    .values({
      username,
      display_name: `${tag} 负责人`,
      password_hash: await hashPassword(DEFAULT_PASSWORD),
      role: 'enterprise_manager',
      region_code: '310116',
      enterprise_id: e.id,
    })
    .execute();
  return { id: e.id, client: client(t.app, await login(t.app, username)) };
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.deps.database.db;
  a = await createWorld(db, t.deps.secrets, { county: '310116', tag: 'Jinshan' });
  inspector = client(t.app, await login(t.app, a.users.inspector));
  gc = client(t.app, await login(t.app, a.users.enterprise_manager));
  const s = await party('Survey');
  const d = await party('Design');
  const s2 = await party('OtherSurvey');
  survey = s.client;
  design = d.client;
  otherSurvey = s2.client;
  await db
    .insertInto('project_parties')
    .values([
      { project_id: a.ids.project, role: 'survey', enterprise_id: s.id, name: '勘察院' },
      { project_id: a.ids.project, role: 'design', enterprise_id: d.id, name: '设计院' },
    ])
    .execute();
  const q = await db
    .insertInto('projects')
    .values({ name: '别的项目', type: 'building', status: 'under_construction', region_code: '310116' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('project_parties')
    .values({ project_id: q.id, role: 'survey', enterprise_id: s2.id, name: '别的勘察院' })
    .execute();
}, 300_000);
afterAll(() => t?.close());

describe('survey and design requests', () => {
  let requestId = '';
  const base = () => `/api/projects/${a.ids.project}/requests`;

  it('the constructor asks the survey party; only that party answers; foreign survey parties get 404', async () => {
    const sent = await gc.post(base(), {
      toParty: 'survey',
      subject: '基坑北侧土层与勘察报告不符',
      question: '开挖至 -4.5 m 发现淤泥质土夹层，请复核勘察报告第 3.2 节并给出处理建议。',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    requestId = sent.json().id;
    expectShape(ProjectSiteView, sent.json().site);
    const mine = sent.json().site.requests.find((r: { id: string }) => r.id === requestId);
    expect(mine).toMatchObject({ status: 'open', toParty: 'survey', canAnswer: false, canClose: true });
    expect(sent.json().site.canAskParties).toBe(true);

    // the survey party sees it with the answer offered; design sees it and may not answer
    const sv = (await survey.get(`/api/projects/${a.ids.project}/site`)).json();
    expect(sv.requests[0]).toMatchObject({ id: requestId, canAnswer: true, canClose: false });
    expect(sv.canAskParties).toBe(false);
    const answer = (c: Client, id = requestId, body: object = { answer: '经复核，按补勘结果换填处理。' }) =>
      c.post(`${base()}/${id}/answer`, body);
    expectError(await answer(design), 403);
    expectError(await answer(gc), 403);

    // another project's survey party: the project and the request answer like missing ones
    for (const [url, send] of [
      [`/api/projects/${a.ids.project}/site`, () => otherSurvey.get(`/api/projects/${a.ids.project}/site`)],
      [`${base()}/${requestId}/answer`, () => answer(otherSurvey)],
    ] as const) {
      const foreign = await send();
      expect(foreign.statusCode, url).toBe(404);
    }
    const none = await otherSurvey.post(`/api/projects/${missing}/requests/${requestId}/answer`, {
      answer: 'x',
    });
    expect((await answer(otherSurvey)).body).toBe(none.body);
    // another project's request id on this project: 404
    expectError(await answer(survey, missing), 404);

    // bad input
    expectError(await answer(survey, requestId, { answer: '   ' }), 400, { field: 'answer' });
    expectError(await answer(survey, requestId, {}), 400);
    expectError(await survey.post(base(), { toParty: 'survey', subject: 'x', question: 'y' }), 403);
    expectError(await gc.post(base(), { toParty: 'owner', subject: 'x', question: 'y' }), 400);
    expectError(await gc.post(base(), { toParty: 'design', subject: ' ', question: 'y' }), 400, {
      field: 'subject',
    });

    const ok = await answer(survey);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().site.requests[0]).toMatchObject({ status: 'answered', canAnswer: false });
    expectError(await answer(survey), 409, { code: 'REQUEST_NOT_OPEN' });
  });

  it('the asking side closes it; an officer may ask design; a project without design is refused', async () => {
    expectError(await survey.post(`${base()}/${requestId}/close`), 403);
    const closed = await gc.post(`${base()}/${requestId}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().site.requests[0].status).toBe('closed');
    expectError(await gc.post(`${base()}/${requestId}/close`), 409, { code: 'REQUEST_NOT_OPEN' });

    const byOfficer = await inspector.post(base(), {
      toParty: 'design',
      subject: '转换层梁截面',
      question: '请说明 KL-12 截面调整的依据。',
    });
    expect(byOfficer.statusCode, byOfficer.body).toBe(201);
    const db = t.deps.database.db;
    const bare = await db
      .insertInto('projects')
      .values({ name: '无设计单位项目', type: 'building', status: 'approved', region_code: '310116' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expectError(
      await inspector.post(`/api/projects/${bare.id}/requests`, {
        toParty: 'design',
        subject: 'x',
        question: 'y',
      }),
      400,
      { field: 'toParty' },
    );
    const audits = await db
      .selectFrom('audit_entries')
      .select('action')
      .where('subject_id', '=', a.ids.project)
      .where('action', 'like', 'project.request_%')
      .execute();
    expect(audits.map((x) => x.action).sort()).toEqual([
      'project.request_answered',
      'project.request_closed',
      'project.request_sent',
      'project.request_sent',
    ]);
  });
});

describe('the project file lists stage steps and requests with their audit records', () => {
  it('the xlsx has a row per stage step and request step, traced to their own audit action', async () => {
    const step = await inspector.post(`/api/projects/${a.ids.project}/stage`, {
      type: 'suspend',
      reason: '基坑监测数据超限',
    });
    expect(step.statusCode, step.body).toBe(200);
    const x = await inspector.get(`/api/projects/${a.ids.project}/file.xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new (await loadExcelJs()).Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((c) => String(c ?? ''))),
    );
    const stage = rows.filter((r) => r[0] === '项目阶段');
    expect(stage).toHaveLength(1);
    expect(stage[0][2]).toContain('停工');
    expect(stage[0][3]).toContain('基坑监测数据超限');
    const requests = rows.filter((r) => r[0] === '勘察设计函件');
    expect(requests).toHaveLength(4); // sent, answered, closed; sent (to design)
    const db = t.deps.database.db;
    for (const [r, action] of [
      [stage[0], 'project.suspend'],
      [requests.find((q) => q[2].startsWith('勘察单位答复'))!, 'project.request_answered'],
    ] as const) {
      const e = await db
        .selectFrom('audit_entries')
        .select(['action', 'hash'])
        .where('chain', '=', r[6])
        .where('seq', '=', Number(r[7]))
        .executeTakeFirstOrThrow();
      expect(e.action).toBe(action);
      expect(e.hash).toBe(r[8]);
    }
    const pdf = await gc.get(`/api/projects/${a.ids.project}/file.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
