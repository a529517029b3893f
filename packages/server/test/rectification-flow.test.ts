import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { createHazard, jpegWithExif, png } from './helpers/enforcement-factories.ts';
import { verifyAll } from '../src/audit/verify.ts';
import { tick } from '../src/jobs/index.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';

/**
 * Rectification to closure through the API, with the documents it produces: order, evidence with
 * EXIF checks, rejection, acceptance, review opinion, public verification, corrections — and the
 * major-hazard path (plan, listing, close-out by the listing authority only), extensions, overdue
 * escalation. PDFs are written to test-results/documents and rendered to PNG for a person to look at.
 */
let t: TestApp;
let a: World;
let b: World;
const cookies: Record<string, string> = {};
// Rendered documents for people to look at (PDF + PNG per page); not committed.
const ARTIFACTS = path.resolve(import.meta.dirname, 'artifacts/documents');
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  for (const role of ['inspector', 'leader', 'enterprise_manager', 'admin', 'duty_officer'] as const)
    cookies[role] = await login(t.app, a.users[role]);
  cookies.foreignLeader = await login(t.app, b.users.leader);
  // Licence numbers and real names make the PDFs read like the real thing.
  await t.deps.database.db
    .updateTable('users')
    .set({ licence_no: '31011620260017', display_name: '王建国' })
    .where('username', '=', a.users.inspector)
    .execute();
  await t.deps.database.db
    .updateTable('users')
    .set({ display_name: '李文华' })
    .where('username', '=', a.users.leader)
    .execute();
  await t.deps.database.db
    .updateTable('authorities')
    .set({ name: '上海市金山区应急管理局', short_name: '金' })
    .where('id', '=', a.authorityId)
    .execute();
  await t.deps.database.db
    .updateTable('enterprises')
    .set({
      name: '上海金鑫精密机械有限公司',
      address: '上海市金山区亭林镇林盛路 88 号',
      legal_representative: '陈国强',
      safety_principal: '周明',
    })
    .where('id', '=', a.ids.enterprise)
    .execute();
  cookies.inspector = await login(t.app, a.users.inspector);
  cookies.leader = await login(t.app, a.users.leader);
  // The inspector's certified colleague: enforcement takes two officers (Administrative Penalty Law 2021 art. 42).
  await t.deps.database.db
    .updateTable('users')
    .set({ licence_no: '31011620260023', display_name: '陈思远' })
    .where('username', '=', a.coInspector)
    .execute();
  cookies.coInspector = await login(t.app, a.coInspector);
  coInspectorId = (await api('coInspector', 'GET', '/api/auth/me')).body.id;
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(() => t?.close());

let coInspectorId: string;

/**
 * Before a document is issued, the world's certified co-inspector is named on it (by the caller)
 * and confirms — unless its officers already satisfy the two-officer rule (Administrative Penalty
 * Law 2021 art. 42), e.g. a document from an inspection both officers confirmed.
 */
async function ensureSecondOfficer(who: string, id: string) {
  const d = await call(who, 'GET', `/api/documents/${id}`);
  if (d.status !== 200 || d.body.status !== 'draft' || d.body.officerRule.ok) return;
  if (!d.body.officers.some((o: { userId: string }) => o.userId === coInspectorId))
    await call(who, 'POST', `/api/documents/${id}/officers`, { userId: coInspectorId });
  await call('coInspector', 'POST', `/api/documents/${id}/officers/confirm`);
}

const api = async (
  who: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  url: string,
  payload?: unknown,
) => {
  const issuing = method === 'POST' && /^\/api\/documents\/([0-9a-f-]{36})\/issue$/.exec(url);
  if (issuing) await ensureSecondOfficer(who, issuing[1]);
  return call(who, method, url, payload);
};
const call = async (
  who: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  url: string,
  payload?: unknown,
) => {
  const res = await t.app.inject({
    method,
    url,
    headers: { cookie: cookies[who] },
    ...(payload !== undefined && { payload: payload as object }),
  });
  return {
    status: res.statusCode,
    body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.body,
    raw: res.rawPayload,
    headers: res.headers,
  };
};
const act = (who: string, id: string, body: Record<string, unknown>) =>
  api(who, 'POST', `/api/hazards/${id}/actions`, body);

async function upload(who: string, hazardId: string, file: Buffer, name: string) {
  const boundary = '----redline' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/hazards/${hazardId}/evidence`,
    headers: { cookie: cookies[who], 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
  return { status: res.statusCode, body: res.json() };
}

/** pdftoppm (Debian poppler-utils) renders the PDFs for people to look at; CI installs it, a
 * fresh developer machine may not have it, and `npm test` must pass there too. */
const hasPdftoppm = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('CI needs pdftoppm (poppler-utils) to render the PDFs');
    return false;
  }
})();

function savePdf(name: string, pdf: Buffer) {
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(file, pdf);
  if (hasPdftoppm) execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(ARTIFACTS, name)]);
  return file;
}

const localDate = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

describe('a general hazard from order to closure', () => {
  let h1: string;
  let h2: string;
  let orderId: string;
  let orderNumber: string;

  it('the inspector drafts the order from the hazards and cannot edit what comes from the records', async () => {
    h1 = await createHazard(t.deps.database.db, a, { title: '焊接车间动火作业未办理动火审批手续' });
    h2 = await createHazard(t.deps.database.db, a, { title: '配电箱未设置漏电保护器，电缆拖地敷设' });
    const draft = await api('inspector', 'POST', '/api/documents', {
      kind: 'rectification_order',
      hazardIds: [h1, h2],
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    orderId = draft.body.id;
    expect(draft.body).toMatchObject({
      status: 'draft',
      number: null,
      enterpriseId: a.ids.enterprise,
      hazardIds: [h1, h2],
      missing: [],
      canIssue: true,
    });
    expect(draft.body.facts.hazards).toHaveLength(2);
    expect(draft.body.facts.hazards[0].legalBasisText).toBe('《中华人民共和国安全生产法》第四十一条');
    expect(draft.body.facts.inspectorsText).toBe('王建国（执法证号 31011620260017）');

    const bad = await api('inspector', 'PATCH', `/api/documents/${orderId}`, { facts: { hazards: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('facts.hazards');
    const past = await api('inspector', 'PATCH', `/api/documents/${orderId}`, {
      facts: { deadline: '2020-01-01' },
    });
    expect(past.status).toBe(400);
    expect(past.body.error.field).toBe('facts.deadline');
    const deadline = localDate(Date.now() + 10 * DAY);
    const ok = await api('inspector', 'PATCH', `/api/documents/${orderId}`, {
      facts: { deadline, remarks: '整改完成后请将整改前后对比照片一并报送。' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.facts.deadline).toBe(deadline);

    const preview = await api('inspector', 'GET', `/api/documents/${orderId}/pdf`);
    expect(preview.status).toBe(200);
    expect(preview.headers['content-type']).toBe('application/pdf');
    savePdf('rectification-order-draft', preview.raw);
  });

  it('the enterprise does not see the draft', async () => {
    expect((await api('enterprise_manager', 'GET', `/api/documents/${orderId}`)).status).toBe(404);
  });

  it('issuing numbers it, stores the PDF, orders the hazards — in one go', async () => {
    const issued = await api('inspector', 'POST', `/api/documents/${orderId}/issue`);
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    orderNumber = issued.body.number;
    const year = new Date().getFullYear();
    expect(orderNumber).toBe(`（金）应急责改〔${year}〕1号`);
    expect(issued.body.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    for (const h of [h1, h2]) {
      const d = await api('inspector', 'GET', `/api/hazards/${h}`);
      expect(d.body.status).toBe('rectification_ordered');
      expect(d.body.events.map((e: { type: string }) => e.type)).toEqual(['confirm', 'order_rectification']);
      expect(d.body.documents[0]).toMatchObject({ id: orderId, number: orderNumber });
    }
    const pdf = await api('enterprise_manager', 'GET', `/api/documents/${orderId}/pdf`);
    expect(pdf.status).toBe(200);
    savePdf('rectification-order', pdf.raw);
    expect(
      await api('inspector', 'POST', `/api/documents/${orderId}/issue`).then((r) => r.body.error.code),
    ).toBe('ALREADY_ISSUED');
    // The managers were told.
    const notes = await api('enterprise_manager', 'GET', '/api/notifications');
    expect(notes.body.items.some((n: { kind: string }) => n.kind === 'hazard.ordered')).toBe(true);
  });

  it('an issued document cannot be changed, not even in the database', async () => {
    const patch = await api('inspector', 'PATCH', `/api/documents/${orderId}`, { facts: { remarks: 'x' } });
    expect(patch.status).toBe(409);
    await expect(
      sql`UPDATE documents SET title = 'forged' WHERE id = ${orderId}`.execute(t.deps.database.db),
    ).rejects.toThrow(/cannot be changed/);
    await expect(
      sql`DELETE FROM document_pdfs WHERE document_id = ${orderId}`.execute(t.deps.database.db),
    ).rejects.toThrow(/cannot be changed or deleted/);
  });

  it('the manager uploads evidence — a photo taken before the hazard was found is flagged — and submits', async () => {
    const old = await upload(
      'enterprise_manager',
      h1,
      jpegWithExif({ taken: '2020:01:01 10:00:00' }),
      'before.jpg',
    );
    expect(old.status, JSON.stringify(old.body)).toBe(201);
    expect(old.body.files[0]).toMatchObject({
      takenBeforeFound: true,
      exifTakenAt: '2020-01-01T02:00:00.000Z',
    });
    const fresh = await upload('enterprise_manager', h1, png(40, 30), 'after.png');
    expect(fresh.body.files[0].takenBeforeFound).toBeNull();
    const spoof = await upload(
      'enterprise_manager',
      h1,
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      'x.jpg',
    );
    expect(spoof.status).toBe(415);

    expect(
      (
        await act('enterprise_manager', h1, {
          type: 'submit_evidence',
          evidenceFileIds: [fresh.body.files[0].id],
        })
      ).body.error.code,
    ).toBe('ILLEGAL_TRANSITION');
    expect((await act('enterprise_manager', h1, { type: 'start_rectification' })).status).toBe(200);
    const foreignFile = await act('enterprise_manager', h1, {
      type: 'submit_evidence',
      evidenceFileIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(foreignFile.status).toBe(400);
    expect(foreignFile.body.error.field).toBe('evidenceFileIds');
    const sub = await act('enterprise_manager', h1, {
      type: 'submit_evidence',
      evidenceFileIds: [old.body.files[0].id, fresh.body.files[0].id],
      note: '已补办动火审批，配备灭火器 2 具',
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    expect(sub.body.status).toBe('submitted');
    expect(sub.body.evidence.map((f: { takenBeforeFound: boolean | null }) => f.takenBeforeFound)).toEqual([
      true,
      null,
    ]);
    // The manager cannot review their own work.
    expect((await act('enterprise_manager', h1, { type: 'review', accepted: true })).status).toBe(403);
  });

  it('the inspector rejects once with a new deadline, then accepts; the rate moves', async () => {
    const before = (await api('inspector', 'GET', '/api/hazards/stats')).body.total;
    const noDeadline = await act('inspector', h1, {
      type: 'review',
      accepted: false,
      comment: '照片拍摄时间早于隐患发现时间',
    });
    expect(noDeadline.status).toBe(400);
    expect(noDeadline.body.error.field).toBe('deadline');
    const wrongField = await act('inspector', h1, {
      type: 'review',
      accepted: false,
      deadline: localDate(Date.now() + 5 * DAY),
      reason: 'x',
    });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.field).toBe('reason');
    const rejected = await act('inspector', h1, {
      type: 'review',
      accepted: false,
      deadline: localDate(Date.now() + 5 * DAY),
      comment: '整改照片拍摄时间早于隐患发现时间，不能证明已整改',
    });
    expect(rejected.body).toMatchObject({ status: 'rectifying', state: { returnedCount: 1 } });

    const photo = await upload(
      'enterprise_manager',
      h1,
      jpegWithExif({ taken: localExif(Date.now()), lat: 30.74, lng: 121.34 }),
      'after2.jpg',
    );
    expect(photo.body.files[0].takenBeforeFound).toBe(false);
    await act('enterprise_manager', h1, {
      type: 'submit_evidence',
      evidenceFileIds: [photo.body.files[0].id],
    });
    const accepted = await act('inspector', h1, { type: 'review', accepted: true, comment: '复查合格' });
    expect(accepted.body.status).toBe('closed');

    const after = (await api('inspector', 'GET', '/api/hazards/stats')).body.total;
    expect(after.closed).toBe(before.closed + 1);
    expect(after.rate).toBeGreaterThan(before.rate ?? 0);
    const byEnterprise = await api('inspector', 'GET', '/api/hazards/stats?groupBy=enterprise');
    expect(byEnterprise.body.groups[0]).toMatchObject({ key: a.ids.enterprise, closed: after.closed });
    for (const g of ['region', 'project', 'module', 'inspector'])
      expect((await api('inspector', 'GET', `/api/hazards/stats?groupBy=${g}`)).status).toBe(200);
  });

  it('the review opinion follows the order and is verifiable by the public', async () => {
    const draft = await api('inspector', 'POST', '/api/documents', {
      kind: 'review_opinion',
      followsId: orderId,
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.facts.hazards.map((h: { resultText: string }) => h.resultText)).toEqual([
      '整改合格',
      '尚未整改',
    ]);
    expect(draft.body.facts.conclusion).toContain('第 2 项');
    const issued = await api('inspector', 'POST', `/api/documents/${draft.body.id}/issue`);
    expect(issued.body.number).toMatch(/^（金）应急复查〔\d{4}〕1号$/);
    savePdf('review-opinion', (await api('inspector', 'GET', `/api/documents/${draft.body.id}/pdf`)).raw);

    const page = await t.app.inject({ url: `/verify/${draft.body.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-status="genuine"');
    expect(page.body).toContain(issued.body.number);
    expect(page.body).toContain('上海市金山区应急管理局');
    expect(page.body).not.toContain('上海金鑫精密机械有限公司');
    const byNumber = await t.app.inject({
      url: `/api/public/verify/${encodeURIComponent(issued.body.number)}`,
    });
    expect(byNumber.json()).toMatchObject({
      found: true,
      document: { number: issued.body.number, pdfMatchesRecord: true, recordMatchesAudit: true },
    });
    const typed = await t.app.inject({
      url: `/verify?q=${encodeURIComponent(issued.body.number.replace('（', '(').replace('）', ')'))}`,
    });
    expect(typed.statusCode).toBe(200);
    const forged = await t.app.inject({ url: `/verify/${encodeURIComponent('（金）应急复查〔2026〕99号')}` });
    expect(forged.statusCode).toBe(404);
    expect(forged.body).toContain('data-status="forged"');
    expect(forged.body).toContain('伪造');
  });

  it('a correction supersedes the old document and says so', async () => {
    const c = await api('inspector', 'POST', `/api/documents/${orderId}/correct`, {
      reason: '整改期限笔误',
      facts: { deadline: localDate(Date.now() + 12 * DAY) },
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({
      supersedesId: orderId,
      correctionReason: '整改期限笔误',
      status: 'draft',
    });
    const issued = await api('inspector', 'POST', `/api/documents/${c.body.id}/issue`);
    expect(issued.body.number).toMatch(/〔\d{4}〕2号$/);
    savePdf(
      'rectification-order-correction',
      (await api('inspector', 'GET', `/api/documents/${c.body.id}/pdf`)).raw,
    );
    const old = await t.app.inject({ url: `/api/public/verify/${orderId}` });
    expect(old.json().document.supersededBy).toBe(issued.body.number);
    const again = await api('inspector', 'POST', `/api/documents/${orderId}/correct`, { reason: '再次更正' });
    expect(again.status).toBe(409);
  });

  it('a PDF replaced behind the system’s back no longer verifies', async () => {
    // Someone with database owner rights disables the guard and swaps the file.
    await sql`ALTER TABLE document_pdfs DISABLE TRIGGER document_pdfs_immutable`.execute(t.deps.database.db);
    await sql`UPDATE document_pdfs SET content = ${Buffer.from('%PDF-1.7 forged')} WHERE document_id = ${orderId}`.execute(
      t.deps.database.db,
    );
    await sql`ALTER TABLE document_pdfs ENABLE TRIGGER document_pdfs_immutable`.execute(t.deps.database.db);
    const v = await t.app.inject({ url: `/api/public/verify/${orderId}` });
    expect(v.json().document).toMatchObject({ pdfMatchesRecord: false, recordMatchesAudit: true });
    const page = await t.app.inject({ url: `/verify/${orderId}` });
    expect(page.body).toContain('data-status="mismatch"');
  });

  it('left every audit chain intact', async () => {
    const reports = await verifyAll(t.deps.database.db);
    expect(reports.filter((r) => !r.ok)).toEqual([]);
    const actions = await t.deps.database.db
      .selectFrom('audit_entries')
      .select('action')
      .where('subject_id', '=', h1)
      .orderBy('seq')
      .execute();
    expect(actions.map((x) => x.action)).toEqual([
      'hazard.confirm',
      'hazard.order_rectification',
      'hazard.evidence_uploaded',
      'hazard.evidence_uploaded',
      'hazard.start_rectification',
      'hazard.submit_evidence',
      'hazard.review',
      'hazard.evidence_uploaded',
      'hazard.submit_evidence',
      'hazard.review',
    ]);
  });
});

describe('a major hazard: plan, listing, close-out by the listing authority only', () => {
  it('goes through every step', async () => {
    const h = await createHazard(t.deps.database.db, a, {
      grade: 'major',
      title: '深基坑未按方案进行第三方监测',
    });
    expect((await act('enterprise_manager', h, { type: 'confirm' })).status).toBe(403);
    expect(
      (
        await act('inspector', h, {
          type: 'rectify_on_spot',
          evidenceFileIds: ['00000000-0000-4000-8000-000000000001'],
        })
      ).status,
    ).toBe(400);
    expect((await act('leader', h, { type: 'confirm' })).body.status).toBe('confirmed');
    const spot = await act('inspector', h, {
      type: 'rectify_on_spot',
      evidenceFileIds: [(await upload('inspector', h, png(), 'p.png')).body.files[0].id],
    });
    expect(spot.body.error.code).toBe('MAJOR_NOT_ON_SPOT');
    const incomplete = await act('enterprise_manager', h, {
      type: 'submit_plan',
      plan: {
        responsibility: '项目经理',
        measures: '',
        funds: '20 万元',
        timeLimit: '15 日',
        contingencyPlan: '应急预案',
      },
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.field).toBe('plan.measures');
    const plan = {
      responsibility: '项目经理张伟负责，安全员赵磊监督',
      measures: '委托第三方监测单位按方案监测，日报预警值',
      funds: '20 万元，已列入项目安全措施费',
      timeLimit: '15 日内',
      contingencyPlan: '基坑坍塌专项应急预案，备足砂袋和抽水设备',
    };
    expect((await act('enterprise_manager', h, { type: 'submit_plan', plan })).status).toBe(200);
    const wrongLevel = await act('leader', h, { type: 'list_for_supervision', level: 'province' });
    expect(wrongLevel.status).toBe(400);
    expect(wrongLevel.body.error.field).toBe('level');
    const listed = await act('leader', h, { type: 'list_for_supervision' });
    expect(listed.body.state.listing).toMatchObject({ authorityId: a.authorityId, level: 'county' });
    await act('inspector', h, { type: 'order_rectification', deadline: localDate(Date.now() + 15 * DAY) });
    await act('enterprise_manager', h, { type: 'start_rectification' });
    const file = (await upload('enterprise_manager', h, png(20, 20), 'monitoring.png')).body.files[0].id;
    await act('enterprise_manager', h, { type: 'submit_evidence', evidenceFileIds: [file] });
    const accepted = await act('inspector', h, { type: 'review', accepted: true });
    expect(accepted.body.status).toBe('accepted');

    // Another authority's leader: cannot see it (foreign jurisdiction) — 404 like a missing hazard.
    expect((await act('foreignLeader', h, { type: 'close_out' })).status).toBe(404);
    // A leader of the same county but another authority (the housing bureau) sees it, and is refused.
    const housing = await t.deps.database.db
      .insertInto('authorities')
      .values({ name: '金山区建设管理委员会', short_name: '金', kind: 'housing', region_code: '310116' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.deps.database.db
      .updateTable('users')
      .set({ authority_id: housing.id })
      .where('username', '=', a.users.duty_officer)
      .execute();
    const other = await login(t.app, a.users.duty_officer);
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/hazards/${h}/actions`,
      headers: { cookie: other },
      payload: { type: 'close_out' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('NOT_LISTING_AUTHORITY');
    await t.deps.database.db
      .updateTable('users')
      .set({ authority_id: a.authorityId })
      .where('username', '=', a.users.duty_officer)
      .execute();

    const closed = await act('leader', h, { type: 'close_out', comment: '经验收合格，予以销号' });
    expect(closed.body.status).toBe('closed');
    expect(closed.body.state.closure).toMatchObject({ via: 'close_out', authorityId: a.authorityId });
  });
});

describe('extensions and overdue escalation', () => {
  it('the enterprise asks for more time; the regulator decides', async () => {
    const h = await createHazard(t.deps.database.db, a);
    await act('inspector', h, { type: 'confirm' });
    await act('inspector', h, { type: 'order_rectification', deadline: localDate(Date.now() + 3 * DAY) });
    const noReason = await act('enterprise_manager', h, {
      type: 'request_extension',
      requestedDeadline: localDate(Date.now() + 10 * DAY),
      reason: '',
    });
    expect(noReason.status).toBe(400);
    const asked = await act('enterprise_manager', h, {
      type: 'request_extension',
      requestedDeadline: localDate(Date.now() + 10 * DAY),
      reason: '漏电保护器需从厂家订货，到货需 7 天',
    });
    expect(asked.body).toMatchObject({ pendingExtension: true });
    expect(
      (
        await act('enterprise_manager', h, {
          type: 'request_extension',
          requestedDeadline: localDate(Date.now() + 11 * DAY),
          reason: '再延',
        })
      ).body.error.code,
    ).toBe('EXTENSION_PENDING');
    const decided = await act('inspector', h, {
      type: 'decide_extension',
      approved: true,
      comment: '同意延期',
    });
    expect(decided.body.pendingExtension).toBe(false);
    expect(decided.body.deadline.slice(0, 10)).toBe(localDate(Date.now() + 10 * DAY));
  });

  it('tells the enterprise when overdue, then the inspector’s leader — once per deadline', async () => {
    const h = await createHazard(t.deps.database.db, a);
    await act('inspector', h, { type: 'confirm' });
    await act('inspector', h, { type: 'order_rectification', deadline: localDate(Date.now() + 1 * DAY) });
    const realNow = t.deps.now;
    try {
      t.deps.now = () => new Date(realNow().getTime() + 2 * DAY);
      const overdue = await api('inspector', 'GET', `/api/hazards/rectification?overdue=true&pageSize=200`);
      expect(overdue.body.items.map((x: { id: string }) => x.id)).toContain(h);
      await tick(t.deps, ['overdue-escalation']);
      const mgr = await api('enterprise_manager', 'GET', '/api/notifications');
      expect(
        mgr.body.items.filter(
          (n: { kind: string; link: string }) => n.kind === 'hazard.overdue.1' && n.link === `/hazards/${h}`,
        ),
      ).toHaveLength(1);
      let lead = await api('leader', 'GET', '/api/notifications');
      expect(
        lead.body.items.some(
          (n: { link: string; kind: string }) => n.kind === 'hazard.overdue.2' && n.link === `/hazards/${h}`,
        ),
      ).toBe(false);

      t.deps.now = () => new Date(realNow().getTime() + 5 * DAY);
      await tick(t.deps, ['overdue-escalation']);
      await tick(t.deps, ['overdue-escalation']);
      lead = await api('leader', 'GET', '/api/notifications');
      expect(
        lead.body.items.filter(
          (n: { link: string; kind: string }) => n.kind === 'hazard.overdue.2' && n.link === `/hazards/${h}`,
        ),
      ).toHaveLength(1);
      const m2 = await api('enterprise_manager', 'GET', '/api/notifications?limit=100');
      expect(
        m2.body.items.filter(
          (n: { kind: string; link: string }) => n.kind === 'hazard.overdue.1' && n.link === `/hazards/${h}`,
        ),
      ).toHaveLength(1);
      const stats = await api('inspector', 'GET', '/api/hazards/stats');
      expect(stats.body.total.overdue).toBeGreaterThanOrEqual(1);
      const escalations = await t.deps.database.db
        .selectFrom('audit_entries')
        .select('details')
        .where('subject_id', '=', h)
        .where('action', '=', 'hazard.escalate')
        .execute();
      expect(escalations.map((e) => (e.details as { stage: number }).stage)).toEqual([1, 2]);
    } finally {
      t.deps.now = realNow;
    }
  });
});

describe('numbering under concurrent issuing', () => {
  it('gives consecutive serials without gaps or duplicates; a failed issue uses none', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const h = await createHazard(t.deps.database.db, a);
      const d = await api('inspector', 'POST', '/api/documents', {
        kind: 'treatment_decision',
        hazardIds: [h],
        officerIds: [coInspectorId],
      });
      expect(d.status, JSON.stringify(d.body)).toBe(201);
      // the named colleague confirms before the concurrent issuing below
      expect((await api('coInspector', 'POST', `/api/documents/${d.body.id}/officers/confirm`)).status).toBe(
        200,
      );
      ids.push(d.body.id);
    }
    // A draft that cannot be issued (its measures emptied) must not take a number.
    const broken = ids[3];
    await sql`UPDATE documents SET edits = '{"findingsText": ""}'::jsonb WHERE id = ${broken}`.execute(
      t.deps.database.db,
    );
    const results = await Promise.all(
      ids.map((id) => api('inspector', 'POST', `/api/documents/${id}/issue`)),
    );
    const failed = results.filter((r) => r.status !== 200);
    expect(failed).toHaveLength(1);
    expect(failed[0].body.error.field).toBe('facts.findingsText');
    const serials = results
      .filter((r) => r.status === 200)
      .map((r) => Number(/〕(\d+)号$/.exec(r.body.number)![1]));
    expect(serials.sort((x, y) => x - y)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    savePdf('treatment-decision', (await api('inspector', 'GET', `/api/documents/${ids[0]}/pdf`)).raw);
  });
});

describe('cases, the other document kinds, and the supervision file', () => {
  it('opens a case, files it, decides it, closes it', async () => {
    const h = await createHazard(t.deps.database.db, a, { title: '特种作业人员未持证上岗（电焊作业）' });
    const opened = await api('inspector', 'POST', '/api/cases', {
      title: '上海金鑫精密机械有限公司未持证特种作业案',
      source: 'hazard',
      sourceId: h,
      summary: '2026年11月现场检查发现该公司焊工未取得特种作业操作证从事电焊作业。',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.number).toMatch(/^（金）应急案〔\d{4}〕1号$/);
    const caseId = opened.body.id;
    const filing = await api('inspector', 'POST', '/api/documents', { kind: 'case_filing', caseId });
    expect(filing.status, JSON.stringify(filing.body)).toBe(201);
    expect((await api('inspector', 'POST', `/api/documents/${filing.body.id}/issue`)).status).toBe(403);
    expect(
      (
        await api('leader', 'PATCH', `/api/documents/${filing.body.id}`, {
          facts: { approverOpinion: '同意立案。' },
        })
      ).status,
    ).toBe(200);
    const filed = await api('leader', 'POST', `/api/documents/${filing.body.id}/issue`);
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    savePdf('case-filing', (await api('leader', 'GET', `/api/documents/${filing.body.id}/pdf`)).raw);

    const penalty = await api('inspector', 'POST', '/api/documents', { kind: 'penalty_decision', caseId });
    expect(penalty.body.missing).toEqual(['evidenceText', 'basisText', 'penaltyText', 'paymentText']);
    const early = await api('leader', 'POST', `/api/documents/${penalty.body.id}/issue`);
    expect(early.status).toBe(400);
    expect(early.body.error.field).toBe('facts.evidenceText');
    await api('inspector', 'PATCH', `/api/documents/${penalty.body.id}`, {
      facts: {
        evidenceText: '1. 现场检查记录；2. 现场照片 3 张；3. 询问笔录。',
        basisText: '《中华人民共和国安全生产法》第三十条第一款，依据第九十七条第（七）项',
        penaltyText: '责令限期改正，处人民币贰万元整罚款',
        paymentText: '自收到本决定书之日起十五日内缴至指定银行。',
      },
    });
    const decided = await api('leader', 'POST', `/api/documents/${penalty.body.id}/issue`);
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    savePdf('penalty-decision', (await api('leader', 'GET', `/api/documents/${penalty.body.id}/pdf`)).raw);

    const closed = await api('leader', 'POST', `/api/cases/${caseId}/close`, {
      note: '罚款已缴纳，隐患已整改，结案。',
    });
    expect(closed.body).toMatchObject({ status: 'closed', documentCount: 2 });
    expect(closed.body.timeline.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['case.open', 'document.issue', 'case.filed', 'case.decided', 'case.close']),
    );
    expect((await api('enterprise_manager', 'GET', `/api/cases/${caseId}`)).status).toBe(403);
  });

  it('shows the supervision file and exports it as one PDF', async () => {
    const file = await api('inspector', 'GET', `/api/supervision-file/enterprise/${a.ids.enterprise}`);
    expect(file.status).toBe(200);
    const kinds = new Set(file.body.entries.map((e: { kind: string }) => e.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['hazard', 'document', 'case']));
    const mine = await api(
      'enterprise_manager',
      'GET',
      `/api/supervision-file/enterprise/${a.ids.enterprise}`,
    );
    expect(mine.body.entries.some((e: { kind: string }) => e.kind === 'case')).toBe(false);
    const pdf = await api('inspector', 'GET', `/api/supervision-file/enterprise/${a.ids.enterprise}/pdf`);
    expect(pdf.status).toBe(200);
    savePdf('supervision-file', pdf.raw);
    expect(
      (await api('inspector', 'GET', `/api/supervision-file/enterprise/${b.ids.enterprise}`)).status,
    ).toBe(404);
  });

  it('lets an authority keep its own template, validated', async () => {
    const current = await api('leader', 'GET', '/api/document-templates/rectification_order');
    expect(current.body.source).toBe('default');
    const bad = await api('leader', 'PUT', '/api/document-templates/rectification_order', {
      ...current.body.template,
      blocks: [],
    });
    expect(bad.status).toBe(400);
    const mine = {
      ...current.body.template,
      title: '责令限期整改指令书',
      blocks: [{ paragraph: '{{subjectName}}：' }, ...current.body.template.blocks.slice(1)],
    };
    const saved = await api('leader', 'PUT', '/api/document-templates/rectification_order', mine);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ source: 'authority', version: 1001 });
    expect((await api('inspector', 'PUT', '/api/document-templates/rectification_order', mine)).status).toBe(
      403,
    );
  });
});

describe('documents from an inspection', () => {
  it('drafts the on-site inspection record and the order from a finished inspection, with the legal basis of its checklist items', async () => {
    await loadStarterChecklists(t.deps.database.db);
    type Lib = {
      scored: boolean;
      applicable: boolean;
      modules: Array<{ items: Array<{ itemId: string; proposed: boolean }> }>;
    };
    const proposal = await api(
      'inspector',
      'GET',
      `/api/inspections/proposal?targetKind=enterprise&targetId=${a.ids.enterprise}`,
    );
    expect(proposal.status, JSON.stringify(proposal.body)).toBe(200);
    const itemIds = (proposal.body.libraries as Lib[])
      .filter((l) => l.applicable && !l.scored)
      .flatMap((l) => l.modules.flatMap((m) => m.items.filter((i) => i.proposed).map((i) => i.itemId)))
      .slice(0, 5);
    expect(itemIds.length).toBeGreaterThan(2);
    const created = await api('inspector', 'POST', '/api/inspections', {
      kind: 'routine',
      targetKind: 'enterprise',
      targetId: a.ids.enterprise,
      itemIds,
      place: '焊接车间',
      principalName: '周明',
      memberIds: [(await api('inspector', 'GET', '/api/auth/me')).body.id, coInspectorId],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    const view = (await api('inspector', 'GET', `/api/inspections/${id}`)).body;
    const [f1] = view.findings;
    expect(
      (
        await api('inspector', 'PUT', `/api/inspections/${id}/findings/${f1.id}`, {
          result: 'fail',
          hazardDescription: '动火作业无监护人',
          hazardGrade: 'general',
          rectifyDays: 5,
        })
      ).status,
    ).toBe(200);
    expect(
      (await api('inspector', 'POST', `/api/inspections/${id}/findings/bulk`, { result: 'pass' })).status,
    ).toBe(200);
    const image = `data:image/png;base64,${png(60, 20).toString('base64')}`;
    for (const m of view.members)
      expect(
        (
          await api('inspector', 'POST', `/api/inspections/${id}/signatures`, {
            party: 'inspector',
            userId: m.userId,
            signerName: m.displayName,
            image,
          })
        ).status,
      ).toBeLessThan(300);
    expect(
      (
        await api('inspector', 'POST', `/api/inspections/${id}/signatures`, {
          party: 'inspected',
          signerName: '周明',
          image,
        })
      ).status,
    ).toBeLessThan(300);
    for (const who of ['inspector', 'coInspector'])
      expect((await api(who, 'POST', `/api/inspections/${id}/participants/confirm`)).status).toBe(200);
    expect((await api('inspector', 'POST', `/api/inspections/${id}/finish`, {})).status).toBeLessThan(300);

    const record = await api('inspector', 'POST', '/api/documents', {
      kind: 'inspection_record',
      inspectionId: id,
    });
    expect(record.status, JSON.stringify(record.body)).toBe(201);
    expect(record.body.facts).toMatchObject({ principal: '周明', place: '焊接车间' });
    expect(record.body.facts.findingsText).toMatch(/共检查 \d+ 项，不符合 1 项，发现事故隐患 1 项/);
    expect(record.body.facts.hazards[0].legalBasisText).not.toBe('');
    const issued = await api('inspector', 'POST', `/api/documents/${record.body.id}/issue`);
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.number).toMatch(/^（金）应急检记〔\d{4}〕1号$/);
    savePdf('inspection-record', (await api('inspector', 'GET', `/api/documents/${record.body.id}/pdf`)).raw);

    // The order from the inspection takes its open hazards and the item's suggested days.
    const order = await api('inspector', 'POST', '/api/documents', {
      kind: 'rectification_order',
      inspectionId: id,
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body.hazardIds).toHaveLength(1);
    expect(order.body.facts.inspectionText).toContain('进行了现场检查');
    expect(order.body.facts.deadline).toBe(localDate(Date.now() + 5 * DAY));
  });
});

/** EXIF local time (China) for an instant. */
function localExif(ms: number) {
  const d = new Date(ms + 8 * 3600_000).toISOString();
  return `${d.slice(0, 4)}:${d.slice(5, 7)}:${d.slice(8, 10)} ${d.slice(11, 19)}`;
}
