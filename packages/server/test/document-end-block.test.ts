import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { createHazard } from './helpers/enforcement-factories.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';

/**
 * The end block of a document — the issuing authority, the seal position and the date — never
 * stands alone on a page: it keeps together with the last lines of the body. Documents are drafted
 * through the API and their PDFs read page by page with pdftotext (poppler-utils). For each kind
 * an editable fact is lengthened step by step through the point where the end block reaches the
 * next page, so one of the steps ends the body right at a page end.
 */
let t: TestApp;
let a: World;
let cookie: string;
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, { county: '310116', tag: 'Jinshan' });
  await t.deps.database.db
    .updateTable('users')
    .set({ licence_no: '31011620260017', display_name: '王建国' })
    .where('username', '=', a.users.inspector)
    .execute();
  await t.deps.database.db
    .updateTable('authorities')
    .set({ name: '上海市金山区应急管理局', short_name: '金' })
    .where('id', '=', a.authorityId)
    .execute();
  cookie = await login(t.app, a.users.inspector);
  dir = mkdtempSync(path.join(tmpdir(), 'redline-end-block-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const api = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) => {
  const res = await t.app.inject({ method, url, headers: { cookie }, ...(payload && { payload }) });
  return {
    status: res.statusCode,
    body: res.headers['content-type']?.toString().includes('json') ? res.json() : null,
    raw: res.rawPayload,
  };
};

/** The text of each page, whitespace removed (pdftotext breaks lines where the PDF does). */
function pages(pdf: Buffer): string[] {
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file]).toString();
  const count = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
  return Array.from({ length: count }, (_, i) =>
    execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', file, '-'])
      .toString()
      .replace(/\s+/g, ''),
  );
}

const APPEAL = (what: string) =>
  `如果不服本${what}，可以依法在六十日内申请行政复议，或者在六个月内依法向人民法院提起行政诉讼，但本${what}不停止执行，法律另有规定的除外。`;
// A draft's date line is 年, 月 and 日 with ideographic spaces for the figures.
const DATE = '年月日';
const FILLER = '现场焊接作业点周边堆放易燃材料，未清理，未配备灭火器材，动火作业无专人监护。';

/**
 * Renders the draft with `fact` lengthened in steps of about half a line, from the shortest
 * through a few lines past the point where the document needs a second page, and checks every
 * rendering: the page with the date line also holds the end of the body (`bodyEnd`).
 */
async function checkEndBlock(id: string, fact: string, bodyEnd: string, factGoesAlong = false) {
  let text = '';
  const render = async (chars: number) => {
    text = (FILLER.repeat(Math.ceil(chars / FILLER.length) + 1).slice(0, chars) || '无') + '。';
    const patched = await api('PATCH', `/api/documents/${id}`, { facts: { [fact]: text } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const pdf = await api('GET', `/api/documents/${id}/pdf`);
    expect(pdf.status).toBe(200);
    return pages(pdf.raw);
  };
  // The shortest length that needs two pages (binary search over whole characters).
  let lo = 0;
  let hi = 2400;
  while (hi - lo > 20) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await render(mid)).length > 1) hi = mid;
    else lo = mid;
  }
  const seen: number[] = [];
  for (let chars = Math.max(0, lo - 160); chars <= hi + 240; chars += 19) {
    const ps = await render(chars);
    const at = ps.findIndex((p) => p.includes(DATE));
    expect(at, `date line at ${chars} characters`).toBeGreaterThanOrEqual(0);
    expect(ps[at], `the page with the date also ends the body (${chars} characters)`).toContain(bodyEnd);
    // A one-line last paragraph takes the end of the one before along.
    if (factGoesAlong) expect(ps[at], `${chars} characters`).toContain(text.slice(-12));
    seen.push(ps.length);
  }
  // The steps did cross from one page to two.
  expect(seen).toContain(1);
  expect(seen).toContain(2);
}

/** CI installs poppler-utils; a machine without it skips rather than fails (as the PNG renders do). */
const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('CI needs pdftotext (poppler-utils) to read the PDFs');
    return false;
  }
})();

describe.skipIf(!hasPoppler)('the end block keeps with the body', () => {
  it('a rectification order, short and long', async () => {
    const h = await createHazard(t.deps.database.db, a, { title: '焊接作业人员未持特种作业操作证' });
    const d = await api('POST', '/api/documents', { kind: 'rectification_order', hazardIds: [h] });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    const short = pages((await api('GET', `/api/documents/${d.body.id}/pdf`)).raw);
    expect(short).toHaveLength(1);
    expect(short[0]).toContain(DATE);
    // The whole last paragraph (two lines) goes with the end block.
    await checkEndBlock(d.body.id, 'remarks', APPEAL('指令'));
  });

  it('an on-site treatment decision, short and long', async () => {
    const h = await createHazard(t.deps.database.db, a, { title: '焊接作业人员未持特种作业操作证' });
    const d = await api('POST', '/api/documents', { kind: 'treatment_decision', hazardIds: [h] });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    const short = pages((await api('GET', `/api/documents/${d.body.id}/pdf`)).raw);
    expect(short).toHaveLength(1);
    await checkEndBlock(d.body.id, 'findingsText', APPEAL('决定'));
  });

  it('an on-site inspection record, short and long', async () => {
    await loadStarterChecklists(t.deps.database.db);
    type Lib = {
      applicable: boolean;
      scored: boolean;
      modules: Array<{ items: Array<{ itemId: string; proposed: boolean }> }>;
    };
    const proposal = await api(
      'GET',
      `/api/inspections/proposal?targetKind=enterprise&targetId=${a.ids.enterprise}`,
    );
    expect(proposal.status).toBe(200);
    const itemIds = (proposal.body.libraries as Lib[])
      .filter((l) => l.applicable && !l.scored)
      .flatMap((l) => l.modules.flatMap((m) => m.items.filter((i) => i.proposed).map((i) => i.itemId)))
      .slice(0, 3);
    const created = await api('POST', '/api/inspections', {
      kind: 'routine',
      targetKind: 'enterprise',
      targetId: a.ids.enterprise,
      itemIds,
      place: '焊接车间',
      principalName: '周明',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The officer confirms taking part (two-officer rule): the record names them without a pending mark.
    const confirmed = await api('POST', `/api/inspections/${created.body.id}/participants/confirm`);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const d = await api('POST', '/api/documents', {
      kind: 'inspection_record',
      inspectionId: created.body.id,
    });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    // The record's body ends with the remarks.
    const end = '以上记录经当事人核对无误。';
    expect((await api('PATCH', `/api/documents/${d.body.id}`, { facts: { remarks: end } })).status).toBe(200);
    const short = pages((await api('GET', `/api/documents/${d.body.id}/pdf`)).raw);
    expect(short).toHaveLength(1);
    await checkEndBlock(d.body.id, 'findingsText', end, true);
  });
});
