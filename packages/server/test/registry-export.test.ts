import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, creditCode, residentId, type World } from './helpers/factories.ts';
import { client, expectError, uniq, type Client } from './helpers/client.ts';
import { fromCsv, fromXlsx } from './helpers/sheets.ts';

/** Exports (CSV and Excel) carry exactly the rows of the filtered, sorted list — and never a full ID number. */
const TODAY = '2026-11-23';
let t: TestApp;
let home: World;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp({ today: TODAY });
  home = await createWorld(t.deps.database.db, t.deps.secrets, { county: '340111', tag: 'Baohe' });
  admin = client(t.app, await login(t.app, home.users.admin));
});
afterAll(() => t?.close());

/** The list and both exports for the same query. */
async function all(kind: string, qs: string, api = admin) {
  const list = await api.get(`/api/${kind}?${qs}&pageSize=200`);
  expect(list.statusCode, list.body).toBe(200);
  const csvRes = await api.get(`/api/${kind}/export?${qs}&format=csv`);
  const xlsxRes = await api.get(`/api/${kind}/export?${qs}&format=xlsx`);
  expect(csvRes.headers['content-disposition']).toBe(`attachment; filename="${kind}-${TODAY}.csv"`);
  expect(xlsxRes.headers['content-disposition']).toBe(`attachment; filename="${kind}-${TODAY}.xlsx"`);
  return {
    items: list.json().items as Array<Record<string, any>>,
    csv: fromCsv(csvRes),
    xlsx: await fromXlsx(xlsxRes),
  };
}

describe('enterprises', () => {
  it('export the filtered, sorted list: same rows, same order, in CSV and Excel', async () => {
    const tag = uniq('EX');
    const mk = async (over: Record<string, unknown>) => {
      const res = await admin.post('/api/enterprises', {
        creditCode: creditCode('340111'),
        industryCode: 'chemicals',
        scale: 'large',
        regionCode: '340111',
        ...over,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    await mk({ name: `${tag} 甲`, address: '包河区 "滨湖", 1 号\n二楼' });
    await mk({ name: `${tag} 乙`, scale: 'small' });
    await mk({ name: `${tag} 丙`, safetyPrincipal: '孙七', contactPhone: '0551-1234' });
    const { items, csv, xlsx } = await all('enterprises', `q=${tag}&scale=large&sort=name&order=desc`);
    expect(items).toHaveLength(2);
    for (const table of [csv, xlsx]) {
      expect(table.header).toEqual([
        '统一社会信用代码',
        '企业名称',
        '行业',
        '规模',
        '行政区划代码',
        '地址',
        '法定代表人',
        '安全负责人',
        '联系电话',
      ]);
      expect(
        table.rows.map((r) => [
          r['统一社会信用代码'],
          r['企业名称'],
          r['规模'],
          r['行政区划代码'],
          r['地址'],
          r['安全负责人'],
          r['联系电话'],
        ]),
      ).toEqual(
        items.map((e) => [
          e.creditCode,
          e.name,
          e.scale,
          e.regionCode,
          e.address,
          e.safetyPrincipal,
          e.contactPhone,
        ]),
      );
    }
  });

  it('an empty result exports just the header', async () => {
    const { csv, xlsx } = await all('enterprises', `q=${uniq('NONE')}`);
    expect(csv.rows).toEqual([]);
    expect(xlsx.rows).toEqual([]);
    expect(csv.header).toHaveLength(9);
  });

  it('a cell that looks like a formula is exported as text, and survives a re-import', async () => {
    const tag = uniq('FX');
    const formula = '=HYPERLINK("http://x.cn",A1)';
    const res0 = await admin.post('/api/enterprises', {
      creditCode: creditCode('340111'),
      name: `${tag} 公司`,
      industryCode: 'trade',
      scale: 'small',
      regionCode: '340111',
      safetyPrincipal: formula,
      contactPhone: '+86 551 1234',
      legalRepresentative: '@SUM(1+1)',
    });
    expect(res0.statusCode, res0.body).toBe(201);
    const created = res0.json();
    const res = await admin.get(`/api/enterprises/export?q=${tag}&format=csv`);
    const { rows } = fromCsv(res);
    for (const v of [rows[0]['安全负责人'], rows[0]['联系电话'], rows[0]['法定代表人']])
      expect(v[0], v).toBe("'");
    const x = await fromXlsx(await admin.get(`/api/enterprises/export?q=${tag}&format=xlsx`));
    expect(x.rows[0]['安全负责人']).toBe(formula); // a text cell in Excel: no escaping needed, and no formula
    // Re-importing the CSV export reads the original values back (here: as duplicates of the registered record).
    const back = await admin.upload(
      '/api/enterprises/import?mode=validate',
      res.rawPayload,
      'export.csv',
      'text/csv',
    );
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().errors).toEqual([expect.objectContaining({ row: 2, code: 'CONFLICT' })]);
    const edited = res.rawPayload
      .toString('utf8')
      .replace(created.creditCode, creditCode('340111'))
      .replace(`${tag} 公司`, `${tag} 二号`);
    expect(
      (
        await admin.upload(
          '/api/enterprises/import?mode=commit',
          Buffer.from(edited),
          'export.csv',
          'text/csv',
        )
      ).json().imported,
    ).toBe(1);
    const copy = (await admin.get(`/api/enterprises?q=${encodeURIComponent(`${tag} 二号`)}`)).json().items[0];
    expect(copy).toMatchObject({
      safetyPrincipal: formula,
      contactPhone: '+86 551 1234',
      legalRepresentative: '@SUM(1+1)',
    });
  });
});

describe('workers', () => {
  it('export masked ID numbers only, in the list’s order', async () => {
    const tag = uniq('WX');
    const full: string[] = [];
    for (const name of ['甲', '乙', '丙']) {
      const idNumber = residentId('340111', '19860606');
      full.push(idNumber);
      expect(
        (
          await admin.post('/api/workers', {
            name: `${tag}${name}`,
            idNumber,
            employerId: home.ids.enterprise,
            trade: 'welder',
          })
        ).statusCode,
      ).toBe(201);
    }
    const { items, csv, xlsx } = await all('workers', `q=${encodeURIComponent(tag)}&order=desc`);
    expect(items).toHaveLength(3);
    for (const table of [csv, xlsx]) {
      expect(table.rows.map((r) => [r['姓名'], r['身份证号'], r['用工单位'], r['工种']])).toEqual(
        items.map((w) => [w.name, w.idNumberMasked, w.employerName, w.trade]),
      );
      for (const r of table.rows) expect(r['身份证号']).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      const text = JSON.stringify(table);
      for (const id of full) expect(text.includes(id)).toBe(false);
    }
  });

  it('is refused to the duty officer and the worker', async () => {
    for (const role of ['duty_officer', 'worker'] as const) {
      expectError(
        await client(t.app, await login(t.app, home.users[role])).get('/api/workers/export?format=csv'),
        403,
        { code: 'FORBIDDEN' },
      );
    }
  });
});

describe('computed statuses', () => {
  it('certificates: the status filter exports exactly the certificates in that status', async () => {
    const worker = (
      await admin.post('/api/workers', {
        name: uniq('证'),
        idNumber: residentId('340111', '19900101'),
        employerId: home.ids.enterprise,
        trade: 'electrician',
      })
    ).json().id;
    for (const [categoryCode, issuedOn] of [
      ['EM-01', '2025-06-01'],
      ['EM-01', '2024-01-10'],
      ['HS-01', '2020-01-01'],
      ['HS-01', '2023-01-01'],
    ]) {
      expect(
        (
          await admin.post('/api/certificates', {
            workerId: worker,
            categoryCode,
            number: uniq('N'),
            issuedOn,
          })
        ).statusCode,
      ).toBe(201);
    }
    for (const status of ['valid', 'review_due', 'expired']) {
      const { items, csv, xlsx } = await all('certificates', `workerId=${worker}&status=${status}`);
      expect(items.length, status).toBeGreaterThan(0);
      for (const table of [csv, xlsx]) {
        expect(table.header).toContain('持证人');
        expect(table.header).not.toContain('持证人身份证号');
        expect(
          table.rows.map((r) => [r['证书编号'], r['作业类别'], r['有效期至'], r['状态'], r['持证人']]),
        ).toEqual(items.map((c) => [c.number, c.categoryCode, c.expiresOn, status, c.workerName]));
      }
    }
  });

  it('equipment: the status filter exports exactly the equipment in that status', async () => {
    const w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '340111', tag: 'Baohe2' });
    for (const next of ['2027-06-01', '2026-12-01', '2026-01-01', null]) {
      expect(
        (
          await admin.post('/api/equipment', {
            categoryCode: '3000',
            registrationCode: uniq('EQ'),
            userEnterpriseId: w.ids.enterprise,
            nextInspectionOn: next,
          })
        ).statusCode,
      ).toBe(201);
    }
    const seen = new Set<string>();
    for (const status of ['in_date', 'due_soon', 'overdue', 'unknown']) {
      const { items, csv, xlsx } = await all(
        'equipment',
        `userEnterpriseId=${w.ids.enterprise}&status=${status}`,
      );
      expect(items.length, status).toBeGreaterThan(0);
      for (const table of [csv, xlsx]) {
        expect(table.rows.map((r) => [r['使用登记证编号'], r['下次检验日期'], r['检验状态']])).toEqual(
          items.map((e) => [e.registrationCode, e.nextInspectionOn ?? '', status]),
        );
      }
      items.forEach((e) => seen.add(e.id));
    }
    expect(seen.size).toBe(5); // the four, plus the factory's (in date)
  });
});

describe('projects and sites', () => {
  it('projects export one column per responsible party', async () => {
    const tag = uniq('PX');
    await admin.post('/api/projects', {
      name: `${tag} 一标段`,
      type: 'rail_transit',
      status: 'under_construction',
      regionCode: '340111',
      parties: [
        { role: 'owner', name: '合肥轨道交通集团' },
        { role: 'supervision', name: '安徽监理公司' },
      ],
    });
    const { items, csv, xlsx } = await all('projects', `q=${tag}`);
    for (const table of [csv, xlsx]) {
      expect(table.rows).toHaveLength(1);
      expect(table.rows[0]).toMatchObject({
        项目名称: items[0].name,
        工程类型: 'rail_transit',
        状态: 'under_construction',
        建设单位: '合肥轨道交通集团',
        监理单位: '安徽监理公司',
        施工总承包单位: '',
      });
    }
  });

  it('sites export the key-risk flag as 是/否, with the same filter as the list', async () => {
    const tag = uniq('SX');
    for (const keyRiskSource of [true, false]) {
      await admin.post('/api/sites', {
        name: `${tag} ${keyRiskSource ? '重点' : '一般'}`,
        kind: 'dust_area',
        keyRiskSource,
        enterpriseId: home.ids.enterprise,
        regionCode: '340111',
      });
    }
    const { items, csv, xlsx } = await all('sites', `q=${encodeURIComponent(tag)}&keyRiskSource=true`);
    expect(items).toHaveLength(1);
    for (const table of [csv, xlsx])
      expect(table.rows.map((r) => [r['场所名称'], r['重点风险源']])).toEqual([[items[0].name, '是']]);
  });
});

describe('bad requests', () => {
  it('an unknown format or filter is a 400 naming it; no session is a 401', async () => {
    expectError(await admin.get('/api/enterprises/export?format=pdf'), 400, {
      code: 'VALIDATION',
      field: 'format',
    });
    expectError(await admin.get('/api/enterprises/export?colour=red'), 400, {
      code: 'VALIDATION',
      field: 'colour',
    });
    expectError(await t.app.inject({ url: '/api/enterprises/export' }), 401, { code: 'UNAUTHENTICATED' });
  });
});
