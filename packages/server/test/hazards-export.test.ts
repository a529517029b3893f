import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HazardSummary } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, creditCode, type World } from './helpers/factories.ts';
import { createHazard } from './helpers/enforcement-factories.ts';
import { client, expectError, uniq, type Client } from './helpers/client.ts';
import { fromCsv, fromXlsx as fromSheet } from './helpers/sheets.ts';
import { hazardExportRows } from '../src/modules/hazards/export.ts';
import { dateInZone } from '@redline/domain';
import { toActor } from '../src/auth/actor.ts';

/**
 * GET /api/hazards/export: the rectification list's rows (same filters, sort, scope and overdue
 * definition) as CSV or Excel with Chinese headers; never a foreign or another enterprise's hazard.
 */
const TODAY = '2026-11-23';
const DAY = 86_400_000;
const HEADERS = [
  '隐患编号',
  '隐患名称',
  '隐患等级',
  '状态',
  '来源',
  '企业名称',
  '项目名称',
  '场所',
  '所属区域',
  '行政区划代码',
  '发现日期',
  '整改期限',
  '是否逾期',
  '逾期天数',
  '挂牌督办',
  '发现人',
  '销案日期',
];

let t: TestApp;
let home: World;
let away: World;
let tag: string;
const as: Record<string, Client> = {};
const ids = {
  general: '',
  major: '',
  confirmed: '',
  overdue: '',
  closed: '',
  project: '',
  formula: '',
  otherEnterprise: '',
  foreign: '',
};
let otherEnterpriseName: string;
let otherEnterpriseId: string;
let deadlineDay: string;
let closedAt: string;

const fromXlsx = (res: Parameters<typeof fromSheet>[0]) => fromSheet(res, '隐患清单');

/** The list (all pages of 200) and both exports for the same query, as one caller. */
async function all(qs: string, who = as.admin) {
  const items: HazardSummary[] = [];
  for (let cursor = ''; ;) {
    const list = await who.get(
      `/api/hazards/rectification?${qs}&pageSize=200${cursor && `&cursor=${cursor}`}`,
    );
    expect(list.statusCode, list.body).toBe(200);
    items.push(...list.json().items);
    if (!list.json().nextCursor) break;
    cursor = list.json().nextCursor;
  }
  const csvRes = await who.get(`/api/hazards/export?${qs}&format=csv`);
  const xlsxRes = await who.get(`/api/hazards/export?${qs}&format=xlsx`);
  expect(csvRes.headers['content-disposition']).toBe(
    `attachment; filename="hazards-${TODAY}.csv"; filename*=UTF-8''${encodeURIComponent(`隐患清单-${TODAY}.csv`)}`,
  );
  expect(xlsxRes.headers['content-disposition']).toMatch(
    new RegExp(`^attachment; filename="hazards-${TODAY}\\.xlsx"; filename\\*=UTF-8''`),
  );
  return { items, csv: fromCsv(csvRes), xlsx: await fromXlsx(xlsxRes) };
}

const tz = () => t.deps.config.TIME_ZONE;
const day = (iso: string | null) => (iso ? dateInZone(tz(), iso) : '');

beforeAll(async () => {
  t = await createTestApp({ today: TODAY });
  const db = t.deps.database.db;
  home = await createWorld(db, t.deps.secrets, { county: '340111', tag: 'Baohe' });
  away = await createWorld(db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  for (const role of ['admin', 'inspector', 'leader', 'duty_officer', 'enterprise_manager', 'worker'])
    as[role] = client(t.app, await login(t.app, home.users[role as keyof World['users']]));
  tag = uniq('HX');
  const title = (s: string) => `${tag} ${s}`;
  ids.general = await createHazard(db, home, { title: title('配电箱未上锁') });
  ids.major = await createHazard(db, home, { title: title('深基坑无支护'), grade: 'major', project: true });
  ids.confirmed = await createHazard(db, home, { title: title('消防通道堵塞') });
  ids.overdue = await createHazard(db, home, { title: title('动火作业无监护') });
  ids.closed = await createHazard(db, home, { title: title('临边防护缺失') });
  ids.project = ids.major;
  ids.formula = await createHazard(db, home, { title: `=cmd|' /C calc'!A0 ${tag}` });
  ids.foreign = await createHazard(db, away, { title: title('外地隐患') });

  // Another enterprise of the same county, with its own site and hazard.
  otherEnterpriseName = `${tag}另一家化工有限公司`;
  const other = await db
    .insertInto('enterprises')
    .values({
      credit_code: creditCode('340111'),
      name: otherEnterpriseName,
      industry_code: 'chemicals',
      scale: 'small',
      region_code: '340111',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  otherEnterpriseId = other.id;
  const site = await db
    .insertInto('sites')
    .values({ name: `${tag}储罐区`, kind: 'welding_shop', enterprise_id: other.id, region_code: '340111' })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.otherEnterprise = await createHazard(
    db,
    { ...home, ids: { ...home.ids, enterprise: other.id, site: site.id } },
    { title: title('储罐区静电接地失效') },
  );

  const act = async (id: string, body: Record<string, unknown>) => {
    const r = await as.inspector.post(`/api/hazards/${id}/actions`, body);
    expect(r.statusCode, r.body).toBe(200);
  };
  await act(ids.confirmed, { type: 'confirm' });
  await act(ids.overdue, { type: 'confirm' });
  deadlineDay = dateInZone(tz(), new Date(Date.now() + DAY));
  await act(ids.overdue, { type: 'order_rectification', deadline: deadlineDay });
  // Closed: written directly (the full closing path is the rectification-flow test's).
  closedAt = new Date(Date.now() - 60_000).toISOString();
  const row = await db
    .selectFrom('hazards')
    .select('state')
    .where('id', '=', ids.closed)
    .executeTakeFirstOrThrow();
  const state = typeof row.state === 'string' ? JSON.parse(row.state) : row.state;
  await db
    .updateTable('hazards')
    .set({
      status: 'closed',
      state: JSON.stringify({
        ...state,
        status: 'closed',
        closure: { at: closedAt, by: 'x', via: 'on_spot', authorityId: home.authorityId },
      }),
    })
    .where('id', '=', ids.closed)
    .execute();
});
afterAll(() => t?.close());

describe('GET /api/hazards/export', () => {
  it('exports the list’s rows in the list’s order, as CSV and as Excel, with Chinese headers and labels', async () => {
    const { items, csv, xlsx } = await all(`q=${tag}&sort=foundAt&order=asc`);
    expect(items.length).toBe(7); // not the foreign one; the formula title carries the tag too
    for (const table of [csv, xlsx]) {
      expect(table.header).toEqual(HEADERS);
      expect(table.rows.map((r) => r['隐患编号'])).toEqual(items.map((h) => h.id));
      const byId = new Map(table.rows.map((r) => [r['隐患编号'], r]));
      for (const h of items) {
        const r = byId.get(h.id)!;
        expect(r['隐患等级']).toBe(h.grade === 'major' ? '重大' : '一般');
        expect(r['是否逾期']).toBe(h.overdue ? '是' : '否');
        expect(r['发现日期']).toBe(day(h.foundAt));
        expect(r['整改期限']).toBe(day(h.deadline));
        expect(r['发现人']).toBe(h.foundByName ?? '');
        expect(r['行政区划代码']).toBe(h.regionCode);
      }
      const general = byId.get(ids.general)!;
      expect(general).toMatchObject({
        隐患名称: `${tag} 配电箱未上锁`,
        隐患等级: '一般',
        状态: '已上报',
        来源: '监督检查',
        企业名称: expect.stringContaining('Baohe测试机械有限公司'),
        项目名称: '',
        场所: expect.stringContaining('Baohe焊接车间'),
        是否逾期: '否',
        销案日期: '',
      });
      expect(byId.get(ids.major)).toMatchObject({ 隐患等级: '重大', 企业名称: '', 场所: '' });
      expect(byId.get(ids.major)!['项目名称']).toContain('Baohe测试花园项目');
      expect(byId.get(ids.confirmed)!['状态']).toBe('已确认');
      expect(byId.get(ids.overdue)!['状态']).toBe('已责令整改');
      expect(byId.get(ids.overdue)!['整改期限']).toBe(deadlineDay);
      expect(byId.get(ids.closed)).toMatchObject({ 状态: '已销案', 销案日期: day(closedAt) });
    }
    // The region's name comes from the reference table (when loaded), next to its code.
    const region = await t.deps.database.db
      .selectFrom('regions')
      .select('name_zh')
      .where('code', '=', '340111')
      .executeTakeFirst();
    expect(csv.rows[0]['所属区域']).toBe(region?.name_zh ?? '');
  });

  it('overdue is the list’s (the domain’s isOverdue), and the overdue filter exports only those', async () => {
    const realNow = t.deps.now;
    try {
      t.deps.now = () => new Date(realNow().getTime() + 3 * DAY);
      const { items, csv, xlsx } = await all(`q=${tag}&overdue=true`);
      expect(items.map((h) => h.id)).toEqual([ids.overdue]);
      for (const table of [csv, xlsx]) {
        expect(table.rows).toHaveLength(1);
        expect(table.rows[0]).toMatchObject({ 隐患编号: ids.overdue, 是否逾期: '是' });
        expect(Number(table.rows[0]['逾期天数'])).toBe(items[0].overdueDays);
        expect(items[0].overdueDays).toBeGreaterThanOrEqual(1);
      }
      const rest = await all(`q=${tag}&overdue=false`);
      expect(rest.csv.rows.map((r) => r['是否逾期'])).toEqual(rest.items.map(() => '否'));
      expect(rest.csv.rows.map((r) => r['隐患编号'])).not.toContain(ids.overdue);
    } finally {
      t.deps.now = realNow;
    }
  });

  it('a status filter exports only hazards of that status (one or several)', async () => {
    const one = await all(`q=${tag}&status=confirmed`);
    expect(one.csv.rows.map((r) => r['隐患编号'])).toEqual([ids.confirmed]);
    expect(one.xlsx.rows.map((r) => r['状态'])).toEqual(['已确认']);
    const two = await all(`q=${tag}&status=confirmed&status=closed&sort=updatedAt`);
    expect(new Set(two.csv.rows.map((r) => r['隐患编号']))).toEqual(new Set([ids.confirmed, ids.closed]));
    expect(two.csv.rows.map((r) => r['隐患编号'])).toEqual(two.items.map((h) => h.id));
    const major = await all(`q=${tag}&grade=major`);
    expect(major.csv.rows.map((r) => r['隐患编号'])).toEqual([ids.major]);
  });

  it('another jurisdiction’s hazards never appear, even when asked for by region or enterprise', async () => {
    for (const role of ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager']) {
      for (const qs of [
        `q=${tag}`,
        'open=true',
        `regionCode=150602`,
        `enterpriseId=${away.ids.enterprise}`,
      ]) {
        for (const format of ['csv', 'xlsx']) {
          const res = await as[role].get(`/api/hazards/export?${qs}&format=${format}`);
          expect(res.statusCode, `${role} ${qs}: ${res.body.slice(0, 200)}`).toBe(200);
          const table = format === 'csv' ? fromCsv(res) : await fromXlsx(res);
          const text = JSON.stringify(table.rows);
          expect(text, `${role} ${qs} ${format}`).not.toContain(ids.foreign);
          expect(text).not.toContain('外地隐患');
          expect(text).not.toContain(away.names.enterprise);
        }
      }
    }
    // The away regulator sees their own, and nothing of home.
    const awayAdmin = client(t.app, await login(t.app, away.users.admin));
    const { rows } = fromCsv(await awayAdmin.get(`/api/hazards/export?q=${tag}`));
    expect(rows.map((r) => r['隐患编号'])).toEqual([ids.foreign]);
  });

  it('an enterprise manager exports only their enterprise’s hazards (and its projects’)', async () => {
    const mine = await all(`q=${tag}`, as.enterprise_manager);
    const got = mine.csv.rows.map((r) => r['隐患编号']);
    expect(new Set(got)).toEqual(new Set(mine.items.map((h) => h.id)));
    expect(got).toContain(ids.general);
    expect(got).toContain(ids.project); // a project the enterprise is party to
    expect(got).not.toContain(ids.otherEnterprise);
    expect(got).not.toContain(ids.foreign);
    expect(JSON.stringify(mine.xlsx.rows)).not.toContain(otherEnterpriseName);
    // Naming the other enterprise does not widen the scope.
    const asked = fromCsv(
      await as.enterprise_manager.get(`/api/hazards/export?enterpriseId=${otherEnterpriseId}`),
    );
    expect(asked.rows).toEqual([]);
    // The regulator of the county sees both enterprises.
    const admin = await all(`q=${tag}`);
    expect(admin.csv.rows.map((r) => r['隐患编号'])).toContain(ids.otherEnterprise);
  });

  it('a worker may not export (403); without a session 401', async () => {
    expectError(await as.worker.get('/api/hazards/export?format=csv'), 403, { code: 'FORBIDDEN' });
    expectError(await t.app.inject({ method: 'GET', url: '/api/hazards/export' }), 401);
  });

  it('bad input is a 400 naming the field', async () => {
    expectError(await as.admin.get('/api/hazards/export?format=pdf'), 400, { field: 'format' });
    expectError(await as.admin.get('/api/hazards/export?status=done'), 400, { field: 'status' });
    expectError(await as.admin.get('/api/hazards/export?page=2'), 400, { field: 'page' });
    expectError(await as.admin.get('/api/hazards/export?enterpriseId=nope'), 400, { field: 'enterpriseId' });
  });

  it('defaults to CSV', async () => {
    const res = await as.admin.get(`/api/hazards/export?q=${tag}&status=confirmed`);
    expect(fromCsv(res).rows).toHaveLength(1);
  });

  it('a title that Excel would run as a formula is written as text', async () => {
    const csvRes = await as.admin.get(`/api/hazards/export?q=${tag}&format=csv`);
    const raw = csvRes.rawPayload.toString('utf8');
    expect(raw).not.toMatch(/(^|[\n,])"?=cmd/);
    const csv = fromCsv(csvRes);
    const row = csv.rows.find((r) => r['隐患编号'] === ids.formula)!;
    expect(row['隐患名称']).toBe(`'=cmd|' /C calc'!A0 ${tag}`);
    // In Excel the cell is a plain string (fromXlsx refuses formula cells).
    const xlsx = await fromXlsx(await as.admin.get(`/api/hazards/export?q=${tag}&format=xlsx`));
    const cell = xlsx.rows.find((r) => r['隐患编号'] === ids.formula)!;
    expect(cell['隐患名称']).toBe(`=cmd|' /C calc'!A0 ${tag}`);
  });

  it('an empty result exports just the header', async () => {
    const { csv, xlsx } = await all(`q=${uniq('NONE')}`);
    expect(csv.header).toEqual(HEADERS);
    expect(csv.rows).toEqual([]);
    expect(xlsx.rows).toEqual([]);
  });

  it('more rows than the limit: a 400 asking to narrow the filters, nothing half-exported', async () => {
    const db = t.deps.database.db;
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', home.users.admin)
      .executeTakeFirstOrThrow();
    const actor = toActor(user);
    const rows = await hazardExportRows(db, actor, { q: tag }, new Date(), 7);
    expect(rows).toHaveLength(7);
    await expect(hazardExportRows(db, actor, { q: tag }, new Date(), 6)).rejects.toMatchObject({
      code: 'EXPORT_TOO_LARGE',
      status: 400,
      details: { total: 7, limit: 6 },
      message: expect.stringMatching(/Narrow the filters/),
    });
  });
});
