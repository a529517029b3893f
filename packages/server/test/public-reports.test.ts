import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportPage, ReportReceipt, ReportTracking, ReportView, SiteReportLink } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, type Client } from './helpers/client.ts';
import { JPEG_24x16, png } from './helpers/images.ts';
import { tick } from '../src/jobs/index.ts';

/**
 * Issue 18, reports: the poster, anonymous public reports with photos and their tracking page, routing
 * and handling (a hazard through create-hazard, a duplicate linked, not a hazard with a reason), the
 * abuse controls (rate limits per address and device, content checks, duplicate detection) and
 * reporter protection (enterprise and tracking page never reveal the reporter; reveal audited).
 */
let t: TestApp;
let home: World;
let foreign: World;
let inspector: Client;
let leader: Client;
let duty: Client;
let manager: Client;
let worker: Client;
let foreignLeader: Client;
let token: string;
let ipSeq = 0;
const freshIp = () => `198.51.100.${++ipSeq}`;

const b64 = (b: Buffer) => b.toString('base64');
/** A public (no login) report from an address and device. */
const report = (body: Record<string, unknown>, opts: { ip?: string; device?: string } = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/public/reports',
    remoteAddress: opts.ip ?? freshIp(),
    headers: opts.device ? { 'x-device-id': opts.device } : {},
    payload: { anonymous: true, photos: [], ...body },
  });
const track = (code: string) => t.app.inject({ method: 'GET', url: `/api/public/reports/${code}` });
const idByCode = async (code: string) =>
  (
    await t.deps.database.db
      .selectFrom('public_reports')
      .select('id')
      .where('tracking_code', '=', code)
      .executeTakeFirstOrThrow()
  ).id;

beforeAll(async () => {
  t = await createTestApp({ today: '2026-12-07' });
  home = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Xinbei' });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '340111', tag: 'Baohe' });
  inspector = client(t.app, await login(t.app, home.users.inspector));
  leader = client(t.app, await login(t.app, home.users.leader));
  duty = client(t.app, await login(t.app, home.users.duty_officer));
  manager = client(t.app, await login(t.app, home.users.enterprise_manager));
  worker = client(t.app, await login(t.app, home.users.worker));
  foreignLeader = client(t.app, await login(t.app, foreign.users.leader));
  const link = await manager.get(`/api/sites/${home.ids.site}/report-link`);
  expect(link.statusCode, link.body).toBe(200);
  token = link.json().token;
}, 600_000);
afterAll(() => t?.close());

describe('site poster', () => {
  it('gives a site an unguessable public address with a QR code, stable until rotated', async () => {
    const res = await inspector.get(`/api/sites/${home.ids.site}/report-link`);
    const v = res.json();
    expectShape(SiteReportLink, v);
    expect(v.token).toBe(token);
    expect(v.token).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
    expect(v.path).toBe(`/r/${token}`);
    expect(v.qrSvg).toMatch(/^<svg/);
    const site = await t.app.inject({ method: 'GET', url: `/api/public/report-sites/${token}` });
    expect(site.statusCode).toBe(200);
    expect(site.json().siteName).toMatch(/Xinbei焊接车间/);
    // a foreign regulator does not see the site; a worker makes no posters
    expectError(await foreignLeader.get(`/api/sites/${home.ids.site}/report-link`), 404);
    expectError(await worker.get(`/api/sites/${home.ids.site}/report-link`), 403);
    expectError(await t.app.inject({ method: 'GET', url: '/api/public/report-sites/ABCDEFGHJKMN' }), 404);
  });
});

describe('public report and tracking', () => {
  it('takes an anonymous report with a photo and answers a tracking code; the page shows no reporter', async () => {
    const res = await report({
      siteToken: token,
      description: '二楼脚手架连墙件缺失，有倒塌风险',
      photos: [{ name: 'a.jpg', data: b64(JPEG_24x16) }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json();
    expectShape(ReportReceipt, receipt);
    expect(receipt.trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
    expect(receipt.status).toBe('received');
    expect(receipt.mergedAsDuplicate).toBe(false);
    const page = await track(receipt.trackingCode.toLowerCase());
    expect(page.statusCode).toBe(200);
    expectShape(ReportTracking, page.json());
    expect(page.json()).toMatchObject({ status: 'received', statusName: '已受理，核查中', hazard: null });
    // the stored row: routed to the authority of the place, the enterprise of the site, photo stored
    const row = await t.deps.database.db
      .selectFrom('public_reports')
      .selectAll()
      .where('tracking_code', '=', receipt.trackingCode)
      .executeTakeFirstOrThrow();
    expect(row.authority_id).toBe(home.authorityId);
    expect(row.enterprise_id).toBe(home.ids.enterprise);
    expect(row.photo_file_ids).toHaveLength(1);
    expect(row.reporter_name).toBeNull();
    const file = await t.deps.database.db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', row.photo_file_ids[0]!)
      .executeTakeFirstOrThrow();
    expect(file.uploaded_by).toBeNull();
    expect(file.owner_kind).toBe('public_report');
  });

  it('takes a report by region and address without a site', async () => {
    const res = await report({
      regionCode: '320411',
      address: '新北区某路口',
      description: '路边配电箱门敞开，线路裸露',
    });
    expect(res.statusCode, res.body).toBe(201);
    const row = await t.deps.database.db
      .selectFrom('public_reports')
      .selectAll()
      .where('tracking_code', '=', res.json().trackingCode)
      .executeTakeFirstOrThrow();
    expect(row.site_id).toBeNull();
    expect(row.authority_id).toBe(home.authorityId);
    expect((await foreignLeader.get(`/api/public-reports/${row.id}`)).statusCode).toBe(404);
    expect((await leader.get(`/api/public-reports/${row.id}`)).statusCode).toBe(200);
  });

  it('refuses bad input with a 4xx naming the field', async () => {
    expectError(await report({ description: '没有地点的举报内容' }), 400, { field: 'regionCode' });
    expectError(await report({ regionCode: '32', address: '某处', description: '省级地点太宽泛了' }), 400, {
      field: 'regionCode',
    });
    expectError(await report({ regionCode: '320411', description: '缺少地址的举报' }), 400, {
      field: 'address',
    });
    expectError(
      await report({ siteToken: token, description: '匿名却留了电话', contact: '13800000000' }),
      400,
      { field: 'anonymous' },
    );
    expectError(
      await report({ siteToken: token, description: '实名但没有联系方式', anonymous: false, name: '某人' }),
      400,
      { field: 'contact' },
    );
    expectError(await report({ siteToken: token, description: '短' }), 400, { code: 'VALIDATION' });
    expectError(
      await report({
        siteToken: token,
        description: '照片是文本文件',
        photos: [{ name: 'x.jpg', data: b64(Buffer.from('hello, not an image at all')) }],
      }),
      415,
      { field: 'photos/0' },
    );
    expectError(await report({ siteToken: 'ABCDEFGHJKMN', description: '海报已经作废了' }), 404);
    expectError(await track('ABCDEFGHJKMN'), 404);
    expectError(await track('not-a-code!'), 400);
  });
});

describe('abuse controls', () => {
  it('limits reports per address (the first always pass) and per device', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 5; i++)
      expect(
        (
          await report(
            {
              siteToken: token,
              description: `限流测试举报内容 第${i}次 ${'甲乙丙丁戊己庚辛'[i]}`,
              photos: [{ name: 'p.png', data: b64(png(30 + i, 9)) }],
            },
            { ip },
          )
        ).statusCode,
      ).toBe(201);
    expectError(await report({ siteToken: token, description: '第六次举报应当被限流' }, { ip }), 429, {
      code: 'RATE_LIMITED',
      message: /12350/,
    });
    // another address is not affected
    expect((await report({ siteToken: token, description: '另一个地址的第一次举报' })).statusCode).toBe(201);
    // one device behind changing addresses
    const device = 'device-abcdef-0123';
    for (let i = 0; i < 3; i++)
      expect(
        (
          await report(
            { regionCode: '320411', address: `设备测试${i}`, description: `设备限流测试 ${i} 号内容` },
            { device },
          )
        ).statusCode,
      ).toBe(201);
    expectError(
      await report({ regionCode: '320411', address: '设备测试4', description: '同一设备第四次' }, { device }),
      429,
      { code: 'RATE_LIMITED' },
    );
  });

  it('merges the same photo at the same place and flags a similar text; neither counts twice', async () => {
    const photo = { name: 'same.png', data: b64(png(41, 17)) };
    const first = (
      await report({ siteToken: token, description: '塔吊附近有人未系安全带高处作业', photos: [photo] })
    ).json();
    const again = (
      await report({ siteToken: token, description: '又看到有人高空作业不系安全带', photos: [photo] })
    ).json();
    expect(again.mergedAsDuplicate).toBe(true);
    expect(again.status).toBe('duplicate');
    const firstId = await idByCode(first.trackingCode);
    const againId = await idByCode(again.trackingCode);
    const dupRow = await t.deps.database.db
      .selectFrom('public_reports')
      .selectAll()
      .where('id', '=', againId)
      .executeTakeFirstOrThrow();
    expect(dupRow.duplicate_of_report_id).toBe(firstId);
    const similar = (
      await report({ siteToken: token, description: '塔吊附近有人未系安全带高处作业！' })
    ).json();
    const similarView = (
      await inspector.get(`/api/public-reports/${await idByCode(similar.trackingCode)}`)
    ).json();
    expect(similarView.suspectedDuplicateOf).toBe(firstId);

    // the original becomes one hazard; the merged report follows it; the similar one is linked by hand
    const before = await hazardsFromReports();
    const v = await inspector.post(`/api/public-reports/${firstId}/verify`, {
      outcome: 'hazard',
      grade: 'general',
      title: '高处作业未系安全带',
    });
    expect(v.statusCode, v.body).toBe(200);
    const linked = await inspector.post(`/api/public-reports/${similarView.id}/verify`, {
      outcome: 'duplicate',
      duplicateOfReportId: firstId,
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({
      status: 'duplicate',
      duplicateOfReportId: firstId,
      hazardId: null,
    });
    expect(await hazardsFromReports()).toBe(before + 1);
    for (const code of [again.trackingCode, similar.trackingCode]) {
      const p = (await track(code)).json();
      expect(p.status).toBe('duplicate');
      expect(p.hazard).toMatchObject({ status: 'reported' });
    }
    // a duplicate of itself, or of nothing, is refused
    const other = (
      await report({ siteToken: token, description: '完全不同的一条：消防通道堆放材料' })
    ).json();
    const otherId = await idByCode(other.trackingCode);
    expectError(
      await inspector.post(`/api/public-reports/${otherId}/verify`, {
        outcome: 'duplicate',
        duplicateOfReportId: otherId,
      }),
      400,
      { field: 'duplicateOfReportId' },
    );
    expectError(
      await inspector.post(`/api/public-reports/${otherId}/verify`, { outcome: 'duplicate' }),
      400,
      { field: 'duplicateOfReportId' },
    );
    const foreignReport = (
      await report({ regionCode: '340111', address: '合肥某处', description: '外地的一条举报内容' })
    ).json();
    expectError(
      await inspector.post(`/api/public-reports/${otherId}/verify`, {
        outcome: 'duplicate',
        duplicateOfReportId: await idByCode(foreignReport.trackingCode),
      }),
      404,
    );
  });
});

async function hazardsFromReports() {
  const r = await t.deps.database.db
    .selectFrom('hazards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source', '=', 'report')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('handling', () => {
  it('verifies into a hazard with the photos as evidence; the tracking page shows the outcome', async () => {
    const r = (
      await report({
        siteToken: token,
        description: '基坑边缘无防护栏杆，夜间无警示灯',
        photos: [{ name: 'k.png', data: b64(png(55, 21)) }],
      })
    ).json();
    const id = await idByCode(r.trackingCode);
    expectError(
      await manager.post(`/api/public-reports/${id}/verify`, {
        outcome: 'hazard',
        grade: 'major',
        title: '基坑无防护',
      }),
      403,
    );
    expectError(
      await foreignLeader.post(`/api/public-reports/${id}/verify`, {
        outcome: 'hazard',
        grade: 'major',
        title: '基坑无防护',
      }),
      404,
    );
    expectError(
      await inspector.post(`/api/public-reports/${id}/verify`, { outcome: 'hazard', title: '基坑无防护' }),
      400,
      { field: 'grade' },
    );
    expectError(await inspector.post(`/api/public-reports/${id}/verify`, { outcome: 'adopted' }), 400, {
      field: 'outcome',
    });
    const res = await inspector.post(`/api/public-reports/${id}/verify`, {
      outcome: 'hazard',
      grade: 'major',
      title: '基坑无防护',
    });
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expectShape(ReportView, v);
    const h = await t.deps.database.db
      .selectFrom('hazards')
      .selectAll()
      .where('id', '=', v.hazardId)
      .executeTakeFirstOrThrow();
    expect(h).toMatchObject({
      source: 'report',
      grade: 'major',
      site_id: home.ids.site,
      enterprise_id: home.ids.enterprise,
      status: 'reported',
    });
    expect(h.evidence_file_ids).toEqual(v.photoFileIds);
    expectError(
      await inspector.post(`/api/public-reports/${id}/verify`, { outcome: 'not_hazard', reason: '再次处理' }),
      409,
    );
    const p = (await track(r.trackingCode)).json();
    expect(p).toMatchObject({
      status: 'hazard',
      statusName: '核实为隐患，已转入整改',
      hazard: { status: 'reported', closed: false },
    });
    // the audit entry of the hazard names the report, never the reporter
    const audit = await t.deps.database.db
      .selectFrom('audit_entries')
      .select(['details'])
      .where('subject_id', '=', v.hazardId)
      .where('action', '=', 'hazard.report')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.details)).toContain(r.trackingCode);
  });

  it('closes a non-hazard with a reason the reporter reads', async () => {
    const r = (await report({ siteToken: token, description: '工地晚上很吵，影响休息' })).json();
    const id = await idByCode(r.trackingCode);
    expectError(await inspector.post(`/api/public-reports/${id}/verify`, { outcome: 'not_hazard' }), 400, {
      field: 'reason',
    });
    expect(
      (
        await inspector.post(`/api/public-reports/${id}/verify`, {
          outcome: 'not_hazard',
          reason: '夜间施工噪声属生态环境部门管辖，已转告。',
        })
      ).statusCode,
    ).toBe(200);
    expect((await track(r.trackingCode)).json()).toMatchObject({
      status: 'not_hazard',
      outcomeReason: '夜间施工噪声属生态环境部门管辖，已转告。',
    });
  });

  it('escalates unanswered reports after the deadline to the leaders, once', async () => {
    const r = (await report({ siteToken: token, description: '配电箱无门，无漏电保护器' })).json();
    const id = await idByCode(r.trackingCode);
    const realNow = t.deps.now;
    t.deps.now = () => new Date(realNow().getTime() + 8 * 86400_000);
    try {
      await tick(t.deps, ['public-report-escalation']);
      await tick(t.deps, ['public-report-escalation']);
    } finally {
      t.deps.now = realNow;
    }
    const v = (await leader.get(`/api/public-reports/${id}`)).json();
    expect(v).toMatchObject({ escalated: true, overdue: false });
    const notes = await t.deps.database.db
      .selectFrom('notifications')
      .select('user_id')
      .where('subject_id', '=', id)
      .where('kind', '=', 'public_report.overdue')
      .execute();
    expect(notes.length).toBe(1);
    const list = (await leader.get('/api/public-reports?status=received&pageSize=200')).json();
    expectShape(ReportPage, list);
    expect(list.items.find((i: { id: string }) => i.id === id)?.escalated).toBe(true);
  });
});

describe('reporter protection', () => {
  it('hides a named reporter from the enterprise and the tracking page; a leader reads it, audited', async () => {
    const name = '举报人甲某';
    const contact = '13900001111';
    const r = await report({
      siteToken: token,
      anonymous: false,
      name,
      contact,
      description: '配料间氧气乙炔瓶混放',
    });
    expect(r.statusCode, r.body).toBe(201);
    const code = r.json().trackingCode;
    const id = await idByCode(code);
    const leaks = (body: string) => body.includes(name) || body.includes(contact);
    expect(leaks((await track(code)).body)).toBe(false);
    const managerView = await manager.get(`/api/public-reports/${id}`);
    expect(managerView.statusCode).toBe(200);
    expect(leaks(managerView.body)).toBe(false);
    expect(managerView.json()).toMatchObject({ reporterKnown: false, channel: null, pointsAwarded: null });
    expect(leaks((await manager.get('/api/public-reports?pageSize=200')).body)).toBe(false);
    expectError(await manager.post(`/api/public-reports/${id}/reporter`, { purpose: '想知道是谁' }), 403);
    expectError(await duty.post(`/api/public-reports/${id}/reporter`, { purpose: '值班查看' }), 403);
    expectError(await foreignLeader.post(`/api/public-reports/${id}/reporter`, { purpose: '外地查看' }), 404);
    expect((await leader.get(`/api/public-reports/${id}`)).json().reporterKnown).toBe(true);
    const who = await leader.post(`/api/public-reports/${id}/reporter`, {
      purpose: '核实现场位置需联系举报人',
    });
    expect(who.statusCode, who.body).toBe(200);
    expect(who.json()).toEqual({ anonymous: false, name, contact, workerName: null });
    const audit = await t.deps.database.db
      .selectFrom('audit_entries')
      .select(['details', 'actor_role'])
      .where('subject_id', '=', id)
      .where('action', '=', 'public_report.reveal_reporter')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).toContain('核实现场位置');
    // no audit entry about the report carries the reporter
    const all = await t.deps.database.db
      .selectFrom('audit_entries')
      .select('details')
      .where('subject_id', '=', id)
      .execute();
    expect(all.some((a) => leaks(JSON.stringify(a.details)))).toBe(false);
  });
});

describe('worker reports and points', () => {
  it('a worker reports from their site; a verified report earns points the enterprise cannot trace', async () => {
    const sites = (await worker.get('/api/report-sites')).json();
    expect(sites.map((s: { id: string }) => s.id)).toContain(home.ids.site);
    expectError(
      await worker.post('/api/public-reports', {
        siteId: foreign.ids.site,
        kind: 'hazard',
        description: '别人家的工地',
        photos: [],
      }),
      404,
    );
    const r = await worker.post('/api/public-reports', {
      siteId: home.ids.site,
      kind: 'hazard',
      description: '电焊机接地线断开未修复',
      photos: [{ name: 'w.png', data: b64(png(61, 23)) }],
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id;
    const v = await inspector.post(`/api/public-reports/${id}/verify`, {
      outcome: 'hazard',
      grade: 'general',
      title: '电焊机接地线断开',
    });
    expect(v.json().pointsAwarded).toBe(10);
    const bal = (await worker.get('/api/points/balance')).json();
    expect(bal.balance).toBe(10);
    // the enterprise's view of the ledger does not name the report
    const entries = await manager.get(`/api/points/entries?workerId=${home.ids.worker}`);
    expect(entries.statusCode).toBe(200);
    expect(entries.body).not.toContain(id);
    expect(entries.json().items[0]).toMatchObject({ sourceId: '', event: 'report' });
    // the worker's own list shows their report; a suggestion is answered by the enterprise
    const mine = (await worker.get('/api/public-reports')).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const s = (
      await worker.post('/api/public-reports', {
        siteId: home.ids.site,
        kind: 'suggestion',
        description: '建议在焊接车间加装排烟风机',
        photos: [],
      })
    ).json();
    const adopted = await manager.post(`/api/public-reports/${s.id}/verify`, { outcome: 'adopted' });
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect((await worker.get('/api/points/balance')).json().balance).toBe(15);
    // participation figures of the site
    expectError(await manager.get(`/api/sites/${home.ids.site}/participation?month=0809-01`), 400, {
      field: 'month',
    });
    const f = (await manager.get(`/api/sites/${home.ids.site}/participation?month=2026-12`)).json();
    expect(f.pointsIssued).toBeGreaterThanOrEqual(15);
    expect(f.verified).toBeLessThanOrEqual(f.handled);
    expectError(await foreignLeader.get(`/api/sites/${home.ids.site}/participation`), 404);
  });
});
