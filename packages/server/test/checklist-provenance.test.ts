import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';

/** Provenance of shipped checklist items reaches the API and the Excel export (issue 11). */
let t: TestApp;
let w: World;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp();
  await loadStarterChecklists(t.deps.database.db);
  w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '310116', tag: 'Prov' });
  cookie = await login(t.app, w.users.inspector);
}, 300_000); // a fresh database loads ~44,700 regions and the four libraries: slow on a busy machine
afterAll(() => t?.close());

const get = async (url: string) => (await t.app.inject({ url, headers: { cookie } })).json();
async function jgjVersion() {
  const libs = (await get('/api/checklists')).items as Array<{ id: string; code: string }>;
  const lib = await get(`/api/checklists/${libs.find((l) => l.code === 'jgj59-2011')!.id}`);
  return lib.current.id as string;
}

describe('checklist item provenance', () => {
  it('is served with every item of a shipped library, and the corrected B.19 平刨 is worth 10', async () => {
    const version = await jgjVersion();
    const res = await t.app.inject({
      url: `/api/checklist-versions/${version}/export?format=json`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const lib = JSON.parse(res.body) as {
      modules: Array<{
        items: Array<{
          code: string;
          title: { zh: string };
          scoring: { fullScore: number };
          provenance?: { status: string; edition: string; clause: string; source?: string };
        }>;
      }>;
    };
    const items = lib.modules.flatMap((m) => m.items);
    expect(items).toHaveLength(189);
    for (const i of items) expect(i.provenance?.edition, i.code).toBe('JGJ 59-2011');
    const planer = items.find((i) => i.title.zh === '平刨');
    expect(planer?.scoring.fullScore).toBe(10);
    expect(planer?.provenance).toMatchObject({ status: 'confirmed', clause: '表B.19 第1项' });
    expect(planer?.provenance?.source).toMatch(/^https?:/);
    // and the search API serves the item with its provenance
    const hits = await get(`/api/checklists/items?q=${encodeURIComponent('平刨')}`);
    const hit = hits.items.find((h: { item: { code: string } }) => h.item.code === 'B.19.1');
    expect(hit?.item.provenance?.status).toBe('confirmed');
    expect(items.some((i) => i.provenance?.status === 'unverified')).toBe(true);
  });

  it('the Excel export carries the status of every item, unverified ones marked 未核实 and shaded', async () => {
    const version = await jgjVersion();
    const res = await t.app.inject({
      url: `/api/checklist-versions/${version}/export?format=xlsx`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('检查项 items')!;
    const headers = ws.getRow(1).values as string[];
    const col = (key: string) => headers.findIndex((h) => typeof h === 'string' && h.endsWith(` ${key}`));
    const status = col('provenanceStatus');
    const code = col('code');
    expect(status).toBeGreaterThan(0);
    const rows: Array<{ code: string; status: string; fill: unknown }> = [];
    ws.eachRow((row, r) => {
      if (r === 1) return;
      rows.push({
        code: String(row.getCell(code).value),
        status: String(row.getCell(status).value),
        fill: row.getCell(status).fill,
      });
    });
    expect(rows).toHaveLength(189);
    expect(rows.every((r) => /^(confirmed 已核实|partial 部分核实|unverified 未核实)$/.test(r.status))).toBe(
      true,
    );
    const b191 = rows.find((r) => r.code === 'B.19.1')!;
    expect(b191.status).toBe('confirmed 已核实');
    const unverified = rows.filter((r) => r.status.startsWith('unverified'));
    expect(unverified.length).toBeGreaterThan(100);
    expect(unverified.every((r) => (r.fill as { type?: string } | undefined)?.type === 'pattern')).toBe(true);
    // and it imports back with the provenance
    const boundary = '----rl' + Math.random().toString(16).slice(2);
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="jgj.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
      ),
      res.rawPayload,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const national = await login(t.app, w.users.admin);
    const back = await t.app.inject({
      method: 'POST',
      url: '/api/checklists/import',
      headers: { cookie: national, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ ok: true, format: 'xlsx' });
  });
});
