import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ImportReport } from '@redline/contracts';
import { creditCodeCheckChar } from '@redline/domain';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, creditCode, residentId, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, uniq, type Client } from './helpers/client.ts';

/**
 * CSV (UTF-8 with BOM, GB18030) and Excel import with a row-by-row report:
 * validate changes nothing; commit imports all rows or none; commit_valid imports the valid ones.
 */
let t: TestApp;
let home: World;
let foreign: World;
let admin: Client;
let homeEnterpriseName: string;

beforeAll(async () => {
  t = await createTestApp();
  home = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116101',
    tag: 'Zhujing',
  });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  admin = client(t.app, await login(t.app, home.users.admin));
  homeEnterpriseName = (await admin.get(`/api/enterprises/${home.ids.enterprise}`)).json().name;
});
afterAll(() => t?.close());

// ---- building files

const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvText = (rows: string[][]) => rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
const utf8Bom = (rows: string[][]) => Buffer.from('\uFEFF' + csvText(rows), 'utf8');

/** GB18030 (what Chinese Excel saves as "CSV"), built from the decoder's own table. */
let gbTable: Map<string, number[]> | undefined;
function gb18030(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map();
    const dec = new TextDecoder('gb18030');
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(Uint8Array.of(a, b));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbTable.has(ch)) gbTable.set(ch, [a, b]);
      }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else {
      const code = gbTable.get(ch);
      if (!code) throw new Error(`no GB18030 two-byte code for ${ch}`);
      bytes.push(...code);
    }
  }
  return Buffer.from(bytes);
}

async function xlsx(rows: unknown[][], sheetName = '导入'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Report = {
  mode: string;
  totalRows: number;
  validRows: number;
  imported: number;
  errors: Array<{ row: number; column: string | null; code: string; message: string }>;
  columns: string[];
};

async function upload(api: Client, kind: string, file: Buffer, filename: string, mode?: string) {
  const res = await api.upload(
    `/api/${kind}/import${mode ? `?mode=${mode}` : ''}`,
    file,
    filename,
    filename.endsWith('.xlsx')
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv',
  );
  return res;
}
async function report(
  api: Client,
  kind: string,
  file: Buffer,
  filename: string,
  mode?: string,
): Promise<Report> {
  const res = await upload(api, kind, file, filename, mode);
  expect(res.statusCode, res.body).toBe(200);
  expectShape(ImportReport, res.json());
  return res.json();
}
const count = async (kind: string, q: string) =>
  (await admin.get(`/api/${kind}?q=${encodeURIComponent(q)}&pageSize=200`)).json().total as number;

function badCreditCode() {
  const good = creditCode('310116');
  const expected = creditCodeCheckChar(good.slice(0, 17))!;
  return { code: good.slice(0, 17) + (expected === 'A' ? 'B' : 'A'), expected };
}

const ENTERPRISE_HEADER = [
  '统一社会信用代码',
  '企业名称',
  '行业',
  '规模',
  '行政区划代码',
  '地址',
  '安全负责人',
];

describe('a CSV (UTF-8 with BOM) with one bad row', () => {
  const build = () => {
    const tag = uniq('IMP');
    const bad = badCreditCode();
    const rows = [
      ENTERPRISE_HEADER,
      [creditCode('310116'), `${tag} 甲公司`, '化工', '大型', '朱泾镇', '朱泾镇一号', '王一'],
      [bad.code, `${tag} 乙公司`, 'chemicals', 'large', '310116101', '', ''],
      [creditCode('310116'), `${tag} 丙公司`, 'Metallurgy', '小型', '310116', '"引号" 路, 2 号', ''],
    ];
    return { tag, bad, file: utf8Bom(rows) };
  };

  it('validate: reports the row number and column, and changes nothing', async () => {
    const { tag, bad, file } = build();
    const r = await report(admin, 'enterprises', file, 'enterprises.csv', 'validate');
    expect(r).toMatchObject({
      mode: 'validate',
      totalRows: 3,
      validRows: 2,
      imported: 0,
      columns: ENTERPRISE_HEADER,
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 3, column: '统一社会信用代码', code: 'VALIDATION' });
    expect(r.errors[0].message).toContain(`should be ${bad.expected}`);
    expect(await count('enterprises', tag)).toBe(0);
    // validate is the default mode
    expect((await report(admin, 'enterprises', file, 'enterprises.csv')).mode).toBe('validate');
    expect(await count('enterprises', tag)).toBe(0);
  });

  it('commit: any error means nothing is imported', async () => {
    const { tag, file } = build();
    const r = await report(admin, 'enterprises', file, 'enterprises.csv', 'commit');
    expect(r).toMatchObject({ mode: 'commit', totalRows: 3, validRows: 2, imported: 0 });
    expect(r.errors.map((e) => e.row)).toEqual([3]);
    expect(await count('enterprises', tag)).toBe(0);
  });

  it('commit_valid: imports the valid rows, reading Chinese and English names of codes', async () => {
    const { tag, file } = build();
    const r = await report(admin, 'enterprises', file, 'enterprises.csv', 'commit_valid');
    expect(r).toMatchObject({ mode: 'commit_valid', totalRows: 3, validRows: 2, imported: 2 });
    expect(r.errors.map((e) => e.row)).toEqual([3]);
    const items = (await admin.get(`/api/enterprises?q=${tag}&pageSize=200`)).json().items;
    expect(items.map((e: { name: string }) => e.name)).toEqual([`${tag} 丙公司`, `${tag} 甲公司`].sort());
    const jia = items.find((e: { name: string }) => e.name.endsWith('甲公司'));
    const bing = items.find((e: { name: string }) => e.name.endsWith('丙公司'));
    expect(jia).toMatchObject({
      industryCode: 'chemicals',
      scale: 'large',
      regionCode: '310116101',
      address: '朱泾镇一号',
      safetyPrincipal: '王一',
    });
    expect(bing).toMatchObject({
      industryCode: 'metallurgy',
      scale: 'small',
      regionCode: '310116',
      address: '"引号" 路, 2 号',
    });
    // Importing the same file again: the two are now duplicates of registered enterprises.
    const again = await report(admin, 'enterprises', file, 'enterprises.csv', 'commit_valid');
    expect(again.imported).toBe(0);
    expect(again.errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'CONFLICT'],
      [3, 'VALIDATION'],
      [4, 'CONFLICT'],
    ]);
    expect(await count('enterprises', tag)).toBe(2);
  });

  it('a good file commits every row', async () => {
    const tag = uniq('OK');
    const file = utf8Bom([
      ENTERPRISE_HEADER,
      [creditCode(), `${tag} 一`, '机械', '中型', '310116101', '', ''],
      [creditCode(), `${tag} 二`, '机械', '微型', '310116101', '', ''],
    ]);
    const r = await report(admin, 'enterprises', file, 'e.csv', 'commit');
    expect(r).toMatchObject({ totalRows: 2, validRows: 2, imported: 2, errors: [] });
    expect(await count('enterprises', tag)).toBe(2);
  });
});

describe('encodings and formats', () => {
  it('reads a GB18030-encoded CSV (as saved by Chinese Excel)', async () => {
    const tag = uniq('GB');
    const text = csvText([
      ['姓名', '身份证号', '性别', '用工单位', '工种'],
      [`${tag}张伟`, residentId('310116', '19800808'), '男', homeEnterpriseName, '电工'],
      [`${tag}李娜`, residentId('310116', '19910909'), '女', homeEnterpriseName, '焊工'],
    ]);
    const file = gb18030(text);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(file)).toThrow(); // really not UTF-8
    const r = await report(admin, 'workers', file, '工人.csv', 'commit');
    expect(r, JSON.stringify(r.errors)).toMatchObject({ imported: 2, errors: [] });
    const items = (await admin.get(`/api/workers?q=${encodeURIComponent(tag)}`)).json().items;
    expect(
      items.map((w: { name: string; trade: string; gender: string }) => [w.name, w.trade, w.gender]),
    ).toEqual(
      [
        [`${tag}张伟`, 'electrician', 'male'],
        [`${tag}李娜`, 'welder', 'female'],
      ].sort(),
    );
  });

  it('reads a UTF-8 CSV without BOM, with English headers', async () => {
    const tag = uniq('EN');
    const file = Buffer.from(
      csvText([
        ['Credit code', 'Name', 'Industry', 'Scale', 'Region code'],
        [creditCode(), `${tag} Ltd`, 'trade', 'medium', '310116'],
      ]),
    );
    expect((await report(admin, 'enterprises', file, 'e.csv', 'commit')).imported).toBe(1);
    expect(await count('enterprises', tag)).toBe(1);
  });

  it('reads an Excel file with English headers, Chinese enum cells (大型, 在建), numbers and dates', async () => {
    const tag = uniq('XL');
    const file = await xlsx([
      [
        'Name',
        'Permit number',
        'Type',
        'Scale',
        'Status',
        'Region code',
        'Latitude',
        'Longitude',
        'Start date',
        'Planned completion',
        'owner',
        'general contractor',
      ],
      [
        `${tag} 一期`,
        'SG-001',
        '房屋建筑工程',
        '大型',
        '在建',
        310116,
        30.74,
        121.34,
        new Date(Date.UTC(2025, 2, 1)),
        '2026-12-31',
        '金山城投',
        homeEnterpriseName,
      ],
      [
        `${tag} 二期`,
        'SG-002',
        'municipal',
        'small',
        '已竣工',
        '310116101',
        '',
        '',
        '2024/5/6',
        '2025年6月30日',
        '',
        '',
      ],
      [`${tag} 三期`, 'SG-003', 'castle', 'medium', '在建', '310116', '', '', '', '', '', ''],
    ]);
    const v = await report(admin, 'projects', file, 'projects.xlsx', 'validate');
    expect(v).toMatchObject({ totalRows: 3, validRows: 2, imported: 0 });
    expect(v.errors).toEqual([expect.objectContaining({ row: 4, column: '工程类型', code: 'VALIDATION' })]);
    expect(v.errors[0].message).toMatch(/castle/);
    const r = await report(admin, 'projects', file, 'projects.xlsx', 'commit_valid');
    expect(r.imported).toBe(2);
    const items = (await admin.get(`/api/projects?q=${tag}&pageSize=200`)).json().items;
    expect(items).toHaveLength(2);
    const [one, two] = items;
    expect(one).toMatchObject({
      name: `${tag} 一期`,
      type: 'building',
      scale: 'large',
      status: 'under_construction',
      regionCode: '310116',
      lat: 30.74,
      lng: 121.34,
      startOn: '2025-03-01',
      plannedCompletionOn: '2026-12-31',
    });
    expect(one.parties).toEqual([
      {
        role: 'general_contractor',
        enterpriseId: home.ids.enterprise,
        name: homeEnterpriseName,
        contact: '',
      },
      { role: 'owner', enterpriseId: null, name: '金山城投', contact: '' },
    ]);
    expect(two).toMatchObject({
      type: 'municipal',
      scale: 'small',
      status: 'completed',
      regionCode: '310116101',
      startOn: '2024-05-06',
      plannedCompletionOn: '2025-06-30',
      parties: [],
    });
  });

  it('accepts headers with marks of a required column, spaces and full-width brackets', async () => {
    const tag = uniq('HD');
    const file = utf8Bom([
      ['统一社会信用代码*', ' 企业名称 ', '行业（代码）'.replace('（代码）', ''), 'SCALE', 'region code'],
      [creditCode(), `${tag} 公司`, 'trade', '大型', '310116'],
    ]);
    expect((await report(admin, 'enterprises', file, 'e.csv', 'commit')).imported).toBe(1);
  });
});

describe('the report names problems in the file', () => {
  it('an unknown header and a missing required one are reported at row 1, and nothing is imported', async () => {
    const tag = uniq('HDR');
    const file = utf8Bom([
      ['统一社会信用代码', '行业', '规模', '行政区划代码', '注册资本'],
      [creditCode(), 'trade', 'large', '310116', '100万'],
    ]);
    const r = await report(admin, 'enterprises', file, 'e.csv', 'commit_valid');
    expect(r.imported).toBe(0);
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, column: '注册资本', code: 'UNKNOWN_COLUMN' }),
        expect.objectContaining({ row: 1, column: '企业名称', code: 'MISSING_COLUMN' }),
      ]),
    );
    expect(r.errors.every((e) => e.row === 1)).toBe(true);
    expect(await count('enterprises', tag)).toBe(0);
  });

  it('a required cell left empty is reported with its column', async () => {
    const file = utf8Bom([ENTERPRISE_HEADER, [creditCode(), '', '化工', '大型', '310116', '', '']]);
    const r = await report(admin, 'enterprises', file, 'e.csv', 'validate');
    expect(r.errors).toEqual([expect.objectContaining({ row: 2, column: '企业名称', code: 'REQUIRED' })]);
  });

  it('duplicate rows inside the file: the later one is reported, naming the first', async () => {
    const tag = uniq('DUP');
    const code = creditCode();
    const file = utf8Bom([
      ENTERPRISE_HEADER,
      [code, `${tag} 一`, '化工', '大型', '310116', '', ''],
      [creditCode(), `${tag} 二`, '化工', '大型', '310116', '', ''],
      [code.toLowerCase(), `${tag} 一（重复）`, '化工', '大型', '310116', '', ''],
    ]);
    const r = await report(admin, 'enterprises', file, 'e.csv', 'commit_valid');
    expect(r.errors).toEqual([expect.objectContaining({ row: 4, code: 'DUPLICATE_IN_FILE' })]);
    expect(r.errors[0].message).toMatch(/row 2/);
    expect(r.imported).toBe(2);
    expect(await count('enterprises', tag)).toBe(2);
  });

  it('a region outside the jurisdiction and a foreign employer are row errors, not imports', async () => {
    const foreignName = (
      await client(t.app, await login(t.app, foreign.users.admin)).get(
        `/api/enterprises/${foreign.ids.enterprise}`,
      )
    ).json().name;
    const r = await report(
      admin,
      'enterprises',
      utf8Bom([ENTERPRISE_HEADER, [creditCode(), `${uniq()} 公司`, '化工', '大型', '150602', '', '']]),
      'e.csv',
      'commit_valid',
    );
    expect(r.errors).toEqual([
      expect.objectContaining({ row: 2, column: '行政区划代码', code: 'VALIDATION' }),
    ]);
    const w = await report(
      admin,
      'workers',
      utf8Bom([
        ['姓名', '身份证号', '用工单位', '工种'],
        ['甲', residentId(), foreignName, 'welder'],
        ['乙', residentId().slice(0, 17) + 'Z', homeEnterpriseName, 'welder'],
      ]),
      'w.csv',
      'commit_valid',
    );
    expect(w.imported).toBe(0);
    expect(w.errors).toEqual([
      expect.objectContaining({ row: 2, column: '用工单位', code: 'VALIDATION' }),
      expect.objectContaining({ row: 3, column: '身份证号', code: 'VALIDATION' }),
    ]);
  });

  it('a worker import report and the imported records never carry the full ID number', async () => {
    const tag = uniq('ID');
    const good = residentId('310116', '19770707');
    const dup = residentId('310116', '19880808');
    const res = await upload(
      admin,
      'workers',
      utf8Bom([
        ['姓名', '身份证号', '用工单位', '工种'],
        [`${tag}一`, good, homeEnterpriseName, 'welder'],
        [`${tag}二`, dup, homeEnterpriseName, 'welder'],
        [`${tag}三`, dup, homeEnterpriseName, 'welder'],
      ]),
      'w.csv',
      'commit_valid',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().imported).toBe(2);
    expect(res.body).not.toContain(good);
    expect(res.body).not.toContain(dup);
    const listed = await admin.get(`/api/workers?q=${encodeURIComponent(tag)}`);
    expect(listed.body).not.toContain(good);
    expect(listed.body).toContain(good.slice(0, 6) + '********' + good.slice(14));
  });

  it('certificates are matched to their holder by ID number, categories by name', async () => {
    const holder = residentId('310116', '19850505');
    expect(
      (
        await admin.post('/api/workers', {
          name: '持证焊工',
          idNumber: holder,
          employerId: home.ids.enterprise,
          trade: 'welder',
        })
      ).statusCode,
    ).toBe(201);
    const number = uniq('CERT');
    const r = await report(
      admin,
      'certificates',
      await xlsx([
        ['持证人身份证号', '作业类别', '证书编号', '发证日期'],
        [holder, '焊接与热切割作业', number, new Date(Date.UTC(2025, 5, 1))],
        [residentId('310116', '19850506'), 'EM-01', uniq('CERT'), '2025-06-01'],
        [holder, 'EM-77', uniq('CERT'), '2025-06-01'],
        [holder, 'EM-01', uniq('CERT'), '2025-02-30'],
      ]),
      'c.xlsx',
      'commit_valid',
    );
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '持证人身份证号'],
      [4, '作业类别'],
      [5, '发证日期'],
    ]);
    expect(r.imported).toBe(1);
    const c = (await admin.get(`/api/certificates?q=${number}`)).json().items[0];
    expect(c).toMatchObject({
      categoryCode: 'EM-02',
      issuedOn: '2025-06-01',
      expiresOn: '2031-06-01', // valid through the same calendar day six years on (domain computeCertificateDates)
      workerName: '持证焊工',
    });
  });

  it('equipment rows: dates, Chinese results, computed status', async () => {
    const code = uniq('EQ');
    const r = await report(
      admin,
      'equipment',
      utf8Bom([
        ['设备类别代码', '使用登记证编号', '使用单位', '上次检验日期', '检验结论', '下次检验日期'],
        ['4000', code, homeEnterpriseName, '2026.1.5', '合格', ''],
        ['4000', uniq('EQ'), homeEnterpriseName, '2026-01-05', '很好', ''],
        ['4000', uniq('EQ'), homeEnterpriseName, '9999-01-01', '合格', ''],
      ]),
      'q.csv',
      'commit_valid',
    );
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '检验结论'],
      [4, '上次检验日期'],
    ]);
    const e = (await admin.get(`/api/equipment?q=${code}`)).json().items[0];
    expect(e).toMatchObject({
      lastInspectionOn: '2026-01-05',
      lastInspectionResult: 'pass',
      nextInspectionOn: '2027-01-05',
      userEnterpriseId: home.ids.enterprise,
    });
  });
});

describe('refused files', () => {
  it('a binary file renamed to .csv or .xlsx is refused with 415', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      Buffer.from('IHDR'),
    ]);
    expectError(await upload(admin, 'enterprises', png, 'photo.csv', 'commit'), 415, {
      code: 'UNSUPPORTED_FILE',
    });
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n');
    expectError(await upload(admin, 'enterprises', pdf, 'report.xlsx', 'commit'), 415, {
      code: 'UNSUPPORTED_FILE',
    });
  });

  it('a zip that is not a workbook is refused with 400', async () => {
    const zipHeader = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00]);
    expectError(await upload(admin, 'enterprises', zipHeader, 'book.xlsx', 'commit'), 400, {
      code: 'BAD_FILE',
    });
  });

  it('an empty file, or a header without rows, is refused with 400', async () => {
    expectError(await upload(admin, 'enterprises', Buffer.alloc(0), 'empty.csv', 'commit'), 400, {
      code: 'BAD_FILE',
    });
    expectError(
      await upload(admin, 'enterprises', Buffer.from('\uFEFF\r\n\r\n'), 'blank.csv', 'commit'),
      400,
      { code: 'BAD_FILE' },
    );
    expectError(
      await upload(admin, 'enterprises', utf8Bom([ENTERPRISE_HEADER]), 'header.csv', 'commit'),
      400,
      { code: 'BAD_FILE', message: /no data rows/ },
    );
    expectError(await upload(admin, 'enterprises', await xlsx([]), 'empty.xlsx', 'commit'), 400, {
      code: 'BAD_FILE',
    });
  });

  it('a request that is not a multipart upload, or has no file, is refused with 400', async () => {
    expectError(await admin.post('/api/enterprises/import?mode=commit', { file: 'a,b' }), 400, {
      code: 'BAD_REQUEST',
    });
    const boundary = '----x';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/enterprises/import',
      headers: {
        cookie: await login(t.app, home.users.admin),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
    });
    expectError(res, 400, { code: 'BAD_REQUEST' });
    expectError(await upload(admin, 'enterprises', utf8Bom([ENTERPRISE_HEADER]), 'x.csv', 'destroy'), 400, {
      code: 'VALIDATION',
      field: 'mode',
    });
  });

  it('a file over the upload limit is refused with 413', async () => {
    const big = Buffer.alloc((t.deps.config.MAX_UPLOAD_MB + 1) * 1024 * 1024, 0x41);
    expectError(await upload(admin, 'enterprises', big, 'big.csv', 'validate'), 413, {
      code: 'FILE_TOO_LARGE',
    });
  });

  it('import is refused to roles that may not create that kind', async () => {
    const file = utf8Bom([
      ENTERPRISE_HEADER,
      [creditCode(), `${uniq()} 公司`, '化工', '大型', '310116', '', ''],
    ]);
    for (const role of ['duty_officer', 'enterprise_manager', 'worker'] as const) {
      expectError(
        await upload(
          client(t.app, await login(t.app, home.users[role])),
          'enterprises',
          file,
          'e.csv',
          'commit',
        ),
        403,
        { code: 'FORBIDDEN' },
      );
    }
    expectError(await upload(client(t.app), 'enterprises', file, 'e.csv', 'commit'), 401, {
      code: 'UNAUTHENTICATED',
    });
  });

  it('an enterprise manager imports workers of their own enterprise only', async () => {
    const manager = client(t.app, await login(t.app, home.users.enterprise_manager));
    const foreignName = (
      await client(t.app, await login(t.app, foreign.users.admin)).get(
        `/api/enterprises/${foreign.ids.enterprise}`,
      )
    ).json().name;
    const r = await report(
      manager,
      'workers',
      utf8Bom([
        ['姓名', '身份证号', '用工单位', '工种'],
        [`${uniq()}`, residentId(), homeEnterpriseName, 'welder'],
        [`${uniq()}`, residentId(), foreignName, 'welder'],
      ]),
      'w.csv',
      'commit_valid',
    );
    expect(r.imported).toBe(1);
    expect(r.errors).toEqual([expect.objectContaining({ row: 3, column: '用工单位' })]);
  });
});

describe('templates', () => {
  it('the CSV and Excel templates carry the import headers, and a filled-in template imports', async () => {
    const csv = await admin.get('/api/enterprises/import-template?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/enterprises-template\.csv/);
    const header = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(',');
    expect(header).toEqual([
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
    const x = await admin.get('/api/workers/import-template?format=xlsx');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const first = wb.worksheets[0].getRow(1).values as unknown[];
    expect(first.slice(1)).toEqual([
      '姓名',
      '身份证号',
      '性别',
      '用工单位',
      '工种',
      '联系电话',
      '行政区划代码',
    ]); // not the export-only certificates column
    wb.worksheets[0].addRow([`${uniq()}模板`, residentId(), '男', homeEnterpriseName, '焊工', '', '']);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    expect((await report(admin, 'workers', filled, 'template.xlsx', 'commit')).imported).toBe(1);
  });
});
