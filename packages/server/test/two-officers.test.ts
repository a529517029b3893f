import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { createHazard } from './helpers/enforcement-factories.ts';
import { png } from './helpers/images.ts';
import { client, expectError, type Client } from './helpers/client.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';

/**
 * Enforcement by at least two officers (Administrative Penalty Law of the PRC, 2021 revision,
 * art. 42): a law-enforcement inspection finishes, and an enforcement document is issued, only
 * with two distinct officers who carry a law-enforcement certificate number (执法证号) on their
 * account and each confirmed taking part. Enterprise self-inspections are exempt. The issued
 * document names each officer with their number (read back from the PDF with pdftotext).
 */
let t: TestApp;
let w: World; // Jinshan, the main world
let o: World; // a second authority in the same county, for "not of the issuing authority"
let dir: string;
const as: Record<string, Client> = {};
const cookies: Record<string, string> = {};
const put = (k: string, url: string, payload: object) =>
  t.app.inject({ method: 'PUT', url, headers: { cookie: cookies[k] }, payload });
const ids: Record<string, string> = {};
let itemId: string;

const SIGNATURE = `data:image/png;base64,${png(60, 20).toString('base64')}`;

async function idOf(username: string) {
  return (
    await t.deps.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
  ).id;
}

beforeAll(async () => {
  t = await createTestApp();
  await loadStarterChecklists(t.deps.database.db);
  w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '310116', tag: 'Zhangyan' });
  o = await createWorld(t.deps.database.db, t.deps.secrets, { county: '310116', tag: 'Other' });
  const db = t.deps.database.db;
  await db
    .updateTable('authorities')
    .set({ name: '上海市金山区应急管理局', short_name: '金' })
    .where('id', '=', w.authorityId)
    .execute();
  // Fiction: two officers with realistic-looking certificate numbers, and one colleague without.
  const people: Array<[string, string, string | null]> = [
    [w.users.inspector, '王建国', '31011620260017'],
    [w.coInspector, '陈思远', '31011620260023'],
    [w.users.leader, '周立明', '31011620250008'],
  ];
  for (const [username, name, licence] of people)
    await db
      .updateTable('users')
      .set({ display_name: name, licence_no: licence })
      .where('username', '=', username)
      .execute();
  for (const [k, u] of Object.entries({
    inspector: w.users.inspector,
    co: w.coInspector,
    leader: w.users.leader,
    admin: w.users.admin,
    manager: w.users.enterprise_manager,
    other: o.users.inspector,
  })) {
    cookies[k] = await login(t.app, u);
    as[k] = client(t.app, cookies[k]);
    ids[k] = await idOf(u);
  }
  const p = (
    await as.inspector.get(`/api/inspections/proposal?targetKind=site&targetId=${w.ids.site}`)
  ).json();
  const lib = p.libraries.find((l: { code: string }) => l.code === 'industry-general');
  itemId = lib.modules
    .flatMap((m: { items: Array<{ itemId: string; proposed: boolean }> }) => m.items)
    .find((i: { proposed: boolean }) => i.proposed).itemId;
  dir = mkdtempSync(path.join(tmpdir(), 'redline-two-officers-'));
  // Loading every shipped checklist and two worlds takes a while on a busy machine.
}, 240_000);
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An inspection of the site with one item failed, every member and the inspected party signed. */
async function signedInspection(who: string, memberIds: string[], kind = 'routine') {
  const by = as[who];
  const res = await by.post('/api/inspections', {
    kind,
    targetKind: 'site',
    targetId: w.ids.site,
    itemIds: [itemId],
    ...(memberIds.length ? { memberIds } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  const v = res.json();
  const rec = await put(who, `/api/inspections/${v.id}/findings/${v.findings[0].id}`, {
    result: 'fail',
    hazardDescription: '焊接作业区未配备灭火器材',
  });
  expect(rec.statusCode, rec.body).toBe(200);
  for (const m of v.members as Array<{ userId: string }>) {
    const s = await by.post(`/api/inspections/${v.id}/signatures`, {
      party: 'inspector',
      userId: m.userId,
      signerName: 'x',
      image: SIGNATURE,
    });
    expect(s.statusCode, s.body).toBe(201);
  }
  const s = await by.post(`/api/inspections/${v.id}/signatures`, {
    party: 'inspected',
    signerName: '车间主任',
    image: SIGNATURE,
  });
  expect(s.statusCode, s.body).toBe(201);
  expect(s.json().status).toBe('signed');
  return v.id as string;
}

function pdfText(pdf: Buffer): string {
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/\s+/g, '');
}

describe('an enforcement inspection needs two certified officers who confirmed (Administrative Penalty Law 2021 art. 42)', () => {
  it('one officer: finishing is refused with TWO_OFFICERS_REQUIRED naming the rule, even after confirming', async () => {
    const id = await signedInspection('inspector', [ids.inspector]);
    const view = (await as.inspector.get(`/api/inspections/${id}`)).json();
    expect(view.enforcement).toBe(true);
    expect(view.can.finish).toBe(false);
    expect(view.blockers.map((b: { code: string }) => b.code)).toEqual(
      expect.arrayContaining(['OFFICER_NOT_CONFIRMED', 'OFFICERS_TOO_FEW']),
    );
    const first = await as.inspector.post(`/api/inspections/${id}/finish`);
    expectError(first, 409, { code: 'TWO_OFFICERS_REQUIRED' });
    expect(first.json().error.message).toContain('行政处罚法');
    expect(first.json().error.message).toContain('第四十二条');
    expect(first.json().error.message).toContain('art. 42');
    const confirmed = await as.inspector.post(`/api/inspections/${id}/participants/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().members[0].confirmedAt).toBeTruthy();
    const again = await as.inspector.post(`/api/inspections/${id}/finish`);
    expectError(again, 409, { code: 'TWO_OFFICERS_REQUIRED' });
    expect(again.json().error.message).toMatch(/1 qualified officer\(s\), at least 2 required/);
    // nothing was finished: no hazard from it
    const hazards = await t.deps.database.db
      .selectFrom('hazards')
      .select('id')
      .where('inspection_id', '=', id)
      .execute();
    expect(hazards).toHaveLength(0);
  });

  it('two officers, one without a certificate number: that one cannot confirm and finishing is refused naming them', async () => {
    const db = t.deps.database.db;
    await db.updateTable('users').set({ licence_no: null }).where('id', '=', ids.co).execute();
    try {
      const id = await signedInspection('inspector', [ids.inspector, ids.co]);
      await as.inspector.post(`/api/inspections/${id}/participants/confirm`);
      const co = await as.co.post(`/api/inspections/${id}/participants/confirm`);
      expectError(co, 422, { code: 'CERTIFICATE_NUMBER_MISSING' });
      expect(co.json().error.message).toContain('执法证号');
      const res = await as.inspector.post(`/api/inspections/${id}/finish`);
      expectError(res, 409, { code: 'TWO_OFFICERS_REQUIRED' });
      expect(res.json().error.message).toContain('陈思远 has no law-enforcement certificate number');
      // a confirmation given while certified does not count once the number is gone
      await db.updateTable('users').set({ licence_no: '31011620260023' }).where('id', '=', ids.co).execute();
      expect((await as.co.post(`/api/inspections/${id}/participants/confirm`)).statusCode).toBe(200);
      await db.updateTable('users').set({ licence_no: null }).where('id', '=', ids.co).execute();
      expectError(await as.inspector.post(`/api/inspections/${id}/finish`), 409, {
        code: 'TWO_OFFICERS_REQUIRED',
      });
    } finally {
      await db.updateTable('users').set({ licence_no: '31011620260023' }).where('id', '=', ids.co).execute();
    }
  });

  it('two certified officers, one not yet confirmed: refused naming who has to confirm', async () => {
    const id = await signedInspection('inspector', [ids.inspector, ids.co]);
    await as.inspector.post(`/api/inspections/${id}/participants/confirm`);
    const res = await as.inspector.post(`/api/inspections/${id}/finish`);
    expectError(res, 409, { code: 'TWO_OFFICERS_REQUIRED' });
    expect(res.json().error.message).toContain('陈思远 has not confirmed taking part');
    // someone else cannot confirm for them: confirming is the logged-in officer's own
    const view = (await as.inspector.get(`/api/inspections/${id}`)).json();
    expect(view.members.find((m: { userId: string }) => m.userId === ids.co).confirmedAt).toBeNull();
  });

  it('the lead adds a co-officer; both confirm; it finishes and the record names both with their numbers', async () => {
    const created = await as.inspector.post('/api/inspections', {
      kind: 'routine',
      targetKind: 'site',
      targetId: w.ids.site,
      itemIds: [itemId],
    });
    const id = created.json().id as string;
    expect(created.json().can.manageParticipants).toBe(true);
    // only the leader adds; someone outside the authority's reach is no one
    expectError(
      await as.inspector.post(`/api/inspections/${id}/participants`, { userId: ids.manager }),
      400,
      {
        code: 'VALIDATION',
        field: 'userId',
      },
    );
    const added = await as.inspector.post(`/api/inspections/${id}/participants`, { userId: ids.co });
    expect(added.statusCode, added.body).toBe(200);
    expect(
      added
        .json()
        .members.map((m: { userId: string }) => m.userId)
        .sort(),
    ).toEqual([ids.inspector, ids.co].sort());
    expect(added.json().members.find((m: { userId: string }) => m.userId === ids.co).licenceNo).toBe(
      '31011620260023',
    );
    const notLeader = await as.co.post(`/api/inspections/${id}/participants`, { userId: ids.leader });
    expectError(notLeader, 403, { code: 'FORBIDDEN' });
    const v = (await as.inspector.get(`/api/inspections/${id}`)).json();
    await put('inspector', `/api/inspections/${id}/findings/${v.findings[0].id}`, {
      result: 'fail',
      hazardDescription: '焊接作业区未配备灭火器材',
    });
    for (const u of [ids.inspector, ids.co])
      await as.inspector.post(`/api/inspections/${id}/signatures`, {
        party: 'inspector',
        userId: u,
        signerName: 'x',
        image: SIGNATURE,
      });
    await as.inspector.post(`/api/inspections/${id}/signatures`, {
      party: 'inspected',
      signerName: '车间主任',
      image: SIGNATURE,
    });
    for (const c of [as.inspector, as.co])
      expect((await c.post(`/api/inspections/${id}/participants/confirm`)).statusCode).toBe(200);
    const ready = (await as.inspector.get(`/api/inspections/${id}`)).json();
    expect(ready.blockers).toEqual([]);
    expect(ready.can.finish).toBe(true);
    const fin = await as.inspector.post(`/api/inspections/${id}/finish`);
    expect(fin.statusCode, fin.body).toBe(200);
    expect(fin.json().status).toBe('finished');
    const record = (await as.inspector.get(`/api/inspections/${id}/record`)).json();
    expect(record.inspectors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: '王建国', licenceNo: '31011620260017' }),
        expect.objectContaining({ name: '陈思远', licenceNo: '31011620260023' }),
      ]),
    );
    ids.finished = id;
  });

  it('an enterprise self-inspection with one person finishes (not law enforcement)', async () => {
    const id = await signedInspection('manager', [], 'self');
    const view = (await as.manager.get(`/api/inspections/${id}`)).json();
    expect(view.enforcement).toBe(false);
    expect(view.can.confirm).toBe(false);
    const fin = await as.manager.post(`/api/inspections/${id}/finish`);
    expect(fin.statusCode, fin.body).toBe(200);
    expect(fin.json().status).toBe('finished');
  });
});

describe('an enforcement document is issued only with two certified officers who confirmed', () => {
  it('from a hazard (no inspection): refused with the drafter alone, and with a named colleague until they confirm; then issued naming both with numbers', async () => {
    const hazard = await createHazard(t.deps.database.db, w);
    const draft = await as.inspector.post('/api/documents', {
      kind: 'rectification_order',
      hazardIds: [hazard],
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const docId = draft.json().id as string;
    expect(draft.json().officers).toEqual([
      expect.objectContaining({ userId: ids.inspector, confirmed: true, licenceNo: '31011620260017' }),
    ]);
    expect(draft.json().officerRule.ok).toBe(false);
    expect(draft.json().canIssue).toBe(true); // the role may issue; the officers are not ready
    const alone = await as.inspector.post(`/api/documents/${docId}/issue`);
    expectError(alone, 409, { code: 'TWO_OFFICERS_REQUIRED' });
    expect(alone.json().error.message).toContain('第四十二条');

    // an officer of another authority cannot be named; the colleague can
    expectError(await as.inspector.post(`/api/documents/${docId}/officers`, { userId: ids.other }), 400, {
      code: 'VALIDATION',
      field: 'userId',
    });
    const named = await as.inspector.post(`/api/documents/${docId}/officers`, { userId: ids.co });
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json().officers.find((x: { userId: string }) => x.userId === ids.co).confirmed).toBe(false);
    const unconfirmed = await as.inspector.post(`/api/documents/${docId}/issue`);
    expectError(unconfirmed, 409, { code: 'TWO_OFFICERS_REQUIRED' });
    expect(unconfirmed.json().error.message).toContain('陈思远 has not confirmed taking part');
    // only the named officer confirms for themself
    expectError(await as.leader.post(`/api/documents/${docId}/officers/confirm`), 400, {
      code: 'VALIDATION',
    });
    const confirmed = await as.co.post(`/api/documents/${docId}/officers/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().officerRule.ok).toBe(true);
    expect(confirmed.json().canIssue).toBe(true);
    const issued = await as.inspector.post(`/api/documents/${docId}/issue`);
    expect(issued.statusCode, issued.body).toBe(200);
    const text = pdfText((await as.inspector.get(`/api/documents/${docId}/pdf`)).rawPayload);
    expect(text).toContain('王建国（执法证号31011620260017）');
    expect(text).toContain('陈思远（执法证号31011620260023）');
    const view = (await as.inspector.get(`/api/documents/${docId}`)).json();
    expect(view.facts.inspectorsText).toBe(
      '王建国（执法证号 31011620260017）、陈思远（执法证号 31011620260023）',
    );
    // the officers of an issued document are frozen with it
    expectError(await as.inspector.post(`/api/documents/${docId}/officers`, { userId: ids.leader }), 409, {
      code: 'ISSUED_IMMUTABLE',
    });
  });

  it('drafted from a finished inspection: its confirmed participants are the officers; the on-site record names both with numbers', async () => {
    for (const kind of ['inspection_record', 'rectification_order'] as const) {
      const draft = await as.inspector.post('/api/documents', { kind, inspectionId: ids.finished });
      expect(draft.statusCode, draft.body).toBe(201);
      expect(draft.json().officers.map((x: { source: string }) => x.source)).toEqual([
        'inspection',
        'inspection',
      ]);
      const issued = await as.inspector.post(`/api/documents/${draft.json().id}/issue`);
      expect(issued.statusCode, issued.body).toBe(200);
      const text = pdfText((await as.inspector.get(`/api/documents/${draft.json().id}/pdf`)).rawPayload);
      expect(text).toContain('王建国（执法证号31011620260017）');
      expect(text).toContain('陈思远（执法证号31011620260023）');
    }
  });

  it('a penalty decision names its officers with their numbers', async () => {
    const hazard = await createHazard(t.deps.database.db, w);
    const opened = await as.inspector.post('/api/cases', {
      title: '未按规定配备灭火器材案',
      source: 'hazard',
      enterpriseId: w.ids.enterprise,
      hazardIds: [hazard],
      summary: '经查，当事人焊接作业区未配备灭火器材。',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;
    const draft = await as.leader.post('/api/documents', {
      kind: 'penalty_decision',
      caseId,
      officerIds: [ids.inspector],
      facts: {
        evidenceText: '现场检查记录、照片',
        basisText: '《中华人民共和国安全生产法》第四十一条',
        penaltyText: '罚款人民币壹万元',
        paymentText: '自收到本决定书之日起十五日内缴至指定银行',
      },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const docId = draft.json().id as string;
    expect(
      draft.json().officers.map((x: { userId: string; confirmed: boolean }) => [x.userId, x.confirmed]),
    ).toEqual([
      [ids.leader, true],
      [ids.inspector, false],
    ]);
    expectError(await as.leader.post(`/api/documents/${docId}/issue`), 409, {
      code: 'TWO_OFFICERS_REQUIRED',
    });
    expect((await as.inspector.post(`/api/documents/${docId}/officers/confirm`)).statusCode).toBe(200);
    const issued = await as.leader.post(`/api/documents/${docId}/issue`);
    expect(issued.statusCode, issued.body).toBe(200);
    const text = pdfText((await as.leader.get(`/api/documents/${docId}/pdf`)).rawPayload);
    expect(text).toContain('执法人员（执法证号）');
    expect(text).toContain('周立明（执法证号31011620250008）');
    expect(text).toContain('王建国（执法证号31011620260017）');
  });
});

describe('the certificate number on the account', () => {
  it('the administrator sets it: checked for shape, normalised, one account per number', async () => {
    const bad = await as.admin.patch(`/api/users/${ids.leader}`, { licenceNo: '12 34' });
    expectError(bad, 400, { code: 'VALIDATION', field: 'licenceNo' });
    const few = await as.admin.patch(`/api/users/${ids.leader}`, { licenceNo: 'ABC-1' });
    expectError(few, 400, { code: 'VALIDATION', field: 'licenceNo' });
    const taken = await as.admin.patch(`/api/users/${ids.leader}`, { licenceNo: '31011620260017' });
    expectError(taken, 409, { code: 'CONFLICT', field: 'licenceNo' });
    const manager = await as.admin.patch(`/api/users/${ids.manager}`, { licenceNo: '31011620269999' });
    expectError(manager, 400, { code: 'VALIDATION', field: 'licenceNo' });
    const ok = await as.admin.patch(`/api/users/${ids.leader}`, { licenceNo: ' ｊｓ-31011620250008 ' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().licenceNo).toBe('JS-31011620250008');
  });
});
