import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, DEFAULT_PASSWORD, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';
import { parseLibraryText } from '../src/modules/checklists/library-file.ts';

let t: TestApp;
let a: World;
let b: World;
let national: string; // cookie of a system administrator (whole country)
let leaderA: string;
let leaderB: string;
let inspectorA: string;
let managerA: string;
const ids: Record<string, string> = {};

async function multipart(
  url: string,
  cookie: string,
  filename: string,
  content: Buffer | string,
  type = 'application/octet-stream',
) {
  const boundary = '----redline' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  const report = await loadStarterChecklists(t.deps.database.db);
  expect(report.loaded.length).toBeGreaterThanOrEqual(4);
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  await t.deps.database.db
    .insertInto('users')
    .values({
      username: 'national.admin',
      display_name: '系统管理员',
      password_hash: await hashPassword(DEFAULT_PASSWORD),
      role: 'admin',
      region_code: '',
    })
    .execute();
  national = await login(t.app, 'national.admin');
  leaderA = await login(t.app, a.users.leader);
  leaderB = await login(t.app, b.users.leader);
  inspectorA = await login(t.app, a.users.inspector);
  managerA = await login(t.app, a.users.enterprise_manager);
  const libs = (await t.app.inject({ url: '/api/checklists', headers: { cookie: inspectorA } })).json().items;
  for (const l of libs) ids[l.code] = l.id;
}, 300_000); // a fresh database loads ~44,700 regions and the four libraries: slow on a busy machine
afterAll(() => t?.close());

describe('shipped starter libraries', () => {
  it('are loaded as published version 1 of national libraries, once', async () => {
    const res = await t.app.inject({ url: '/api/checklists', headers: { cookie: inspectorA } });
    expect(res.statusCode).toBe(200);
    const libs = res.json().items as Array<{
      code: string;
      regionCode: string;
      current: { version: number; status: string; itemCount: number } | null;
      canEdit: boolean;
    }>;
    const codes = libs.map((l) => l.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'jgj59-2011',
        'major-hazards-housing-2024',
        'special-equipment',
        'industry-general',
      ]),
    );
    const jgj = libs.find((l) => l.code === 'jgj59-2011')!;
    expect(jgj.regionCode).toBe('');
    expect(jgj.current).toMatchObject({ version: 1, status: 'published' });
    expect(jgj.current!.itemCount).toBeGreaterThan(150);
    expect(jgj.canEdit).toBe(false);
    const again = await loadStarterChecklists(t.deps.database.db);
    expect(again.loaded).toEqual([]);
    expect(again.unchanged.length).toBeGreaterThanOrEqual(4);
    const { n } = await t.deps.database.db
      .selectFrom('checklist_versions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(libs.length);
  });

  it('shows a version with its modules, and a module with what / how / handling / basis of each item', async () => {
    const lib = (
      await t.app.inject({ url: `/api/checklists/${ids['jgj59-2011']}`, headers: { cookie: managerA } })
    ).json();
    const v = (
      await t.app.inject({ url: `/api/checklist-versions/${lib.current.id}`, headers: { cookie: managerA } })
    ).json();
    expect(v.scored).toBe(true);
    expect(v.summary.reduce((n: number, s: { weight: number }) => n + s.weight, 0)).toBe(100);
    const b3 = v.modules.find((m: { code: string }) => m.code === 'B.3');
    expect(b3).toMatchObject({ table: 'B.3', hasSplit: true });
    const items = (
      await t.app.inject({
        url: `/api/checklist-versions/${v.id}/items?moduleId=${b3.id}`,
        headers: { cookie: managerA },
      })
    ).json();
    expect(items.total).toBe(b3.itemCount);
    const tie = items.items.find((i: { item: { code: string } }) => i.item.code === 'B.3.3').item;
    expect(tie.check.zh).toContain('连墙件');
    expect(tie.method.kind).toBeTruthy();
    expect(tie.handling.grade).toMatch(/general|major/);
    expect(tie.basis.length).toBeGreaterThan(0);
    expect(tie.scoring.kind).toBe('guarantee');
  });
});

describe('search', () => {
  it('finds the scaffold tie items for "脚手架 连墙件"', async () => {
    const res = await t.app.inject({
      url: `/api/checklists/items?q=${encodeURIComponent('脚手架 连墙件')}`,
      headers: { cookie: inspectorA },
    });
    expect(res.statusCode).toBe(200);
    const hits = res.json().items as Array<{
      item: { code: string; title: { zh: string }; check: { zh: string } };
      moduleName: { zh: string };
    }>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => h.item.code)).toContain('B.3.3');
    for (const h of hits) expect(JSON.stringify(h)).toMatch(/连墙件/);
    // the best hit has the words in its title or is a tie item
    expect(`${hits[0].item.title.zh}${hits[0].item.check.zh}`).toMatch(/连墙件|拉结/);
  });

  it('searches English too, and narrows by library and grade', async () => {
    const en = (
      await t.app.inject({
        url: '/api/checklists/items?q=wall%20ties&pageSize=100',
        headers: { cookie: inspectorA },
      })
    ).json();
    const any = (
      await t.app.inject({
        url: '/api/checklists/items?q=ties&pageSize=100',
        headers: { cookie: inspectorA },
      })
    ).json();
    expect(any.total).toBeGreaterThan(0);
    expect(any.total).toBeGreaterThanOrEqual(en.total);
    const major = (
      await t.app.inject({
        url: `/api/checklists/items?libraryId=${ids['major-hazards-housing-2024']}&grade=major&pageSize=100`,
        headers: { cookie: inspectorA },
      })
    ).json();
    expect(major.total).toBe(53);
    const none = (
      await t.app.inject({ url: '/api/checklists/items?q=zzzz%20qqqq', headers: { cookie: inspectorA } })
    ).json();
    expect(none).toMatchObject({ total: 0, items: [] });
  });

  it('rejects bad queries with the field named', async () => {
    const res = await t.app.inject({
      url: '/api/checklists/items?grade=catastrophic',
      headers: { cookie: inspectorA },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('grade');
  });
});

describe('versions: drafts, publish, frozen history', () => {
  it('a national library is edited only by a system administrator; publishing v2 leaves v1 as it was', async () => {
    const lib = ids['major-hazards-housing-2024'];
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/checklists/${lib}/drafts`,
          headers: { cookie: leaderA },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/checklists/${lib}/drafts`,
          headers: { cookie: inspectorA },
        })
      ).statusCode,
    ).toBe(403);

    const draftRes = await t.app.inject({
      method: 'POST',
      url: `/api/checklists/${lib}/drafts`,
      headers: { cookie: national },
    });
    expect(draftRes.statusCode).toBe(201);
    const draft = draftRes.json();
    expect(draft).toMatchObject({ version: 2, status: 'draft', canEdit: true });
    expect(draft.itemCount).toBe(53);
    // a second draft is refused
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/checklists/${lib}/drafts`,
          headers: { cookie: national },
        })
      ).json().error.code,
    ).toBe('DRAFT_EXISTS');
    // drafts are invisible to non-editors
    expect(
      (await t.app.inject({ url: `/api/checklist-versions/${draft.id}`, headers: { cookie: inspectorA } }))
        .statusCode,
    ).toBe(404);

    const items = (
      await t.app.inject({ url: `/api/checklist-versions/${draft.id}/items`, headers: { cookie: national } })
    ).json().items;
    const first = items[0];
    const edited = {
      ...first.item,
      title: { zh: `${first.item.title.zh}（修订）`, en: `${first.item.title.en} (revised)` },
    };
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/checklist-items/${first.id}`,
      headers: { cookie: national },
      payload: { item: edited },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().item.title.zh).toContain('修订');

    const pub = await t.app.inject({
      method: 'POST',
      url: `/api/checklist-versions/${draft.id}/publish`,
      headers: { cookie: national },
    });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().status).toBe('published');

    const after = (
      await t.app.inject({ url: `/api/checklists/${lib}`, headers: { cookie: inspectorA } })
    ).json();
    expect(after.current.version).toBe(2);
    const v1 = after.versions.find((v: { version: number }) => v.version === 1);
    expect(v1.status).toBe('superseded');
    const v1Items = (
      await t.app.inject({ url: `/api/checklist-versions/${v1.id}/items`, headers: { cookie: inspectorA } })
    ).json().items;
    const original = v1Items.find((i: { item: { code: string } }) => i.item.code === first.item.code);
    expect(original.item.title.zh).not.toContain('修订');

    // published versions are frozen: the API says so, and the database refuses too
    const again = await t.app.inject({
      method: 'PUT',
      url: `/api/checklist-items/${first.id}`,
      headers: { cookie: national },
      payload: { item: first.item },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('VERSION_FROZEN');
    await expect(
      t.deps.database.db
        .updateTable('checklist_items')
        .set({ title_zh: 'x' })
        .where('id', '=', original.id)
        .execute(),
    ).rejects.toThrow(/can no longer change/);
    // searching current versions finds the revised title
    const hit = (
      await t.app.inject({
        url: `/api/checklists/items?libraryId=${lib}&q=${encodeURIComponent('修订')}`,
        headers: { cookie: inspectorA },
      })
    ).json();
    expect(hit.items.map((h: { version: { version: number } }) => h.version.version)).toEqual([2]);
  });

  it('a draft that breaks the scoring rules cannot be published, and says why', async () => {
    const lib = ids['jgj59-2011'];
    const draft = (
      await t.app.inject({
        method: 'POST',
        url: `/api/checklists/${lib}/drafts`,
        headers: { cookie: national },
      })
    ).json();
    const b1 = draft.modules.find((m: { code: string }) => m.code === 'B.1');
    const items = (
      await t.app.inject({
        url: `/api/checklist-versions/${draft.id}/items?moduleId=${b1.id}`,
        headers: { cookie: national },
      })
    ).json().items;
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/checklist-items/${items[0].id}`,
      headers: { cookie: national },
    });
    expect(del.statusCode).toBe(200);
    const pub = await t.app.inject({
      method: 'POST',
      url: `/api/checklist-versions/${draft.id}/publish`,
      headers: { cookie: national },
    });
    expect(pub.statusCode).toBe(422);
    expect(pub.json().error.code).toBe('DRAFT_INVALID');
    expect(pub.json().error.message).toMatch(/B\.1/);
    const discard = await t.app.inject({
      method: 'DELETE',
      url: `/api/checklist-versions/${draft.id}`,
      headers: { cookie: national },
    });
    expect(discard.statusCode).toBe(200);
    expect(
      (await t.app.inject({ url: `/api/checklist-versions/${draft.id}`, headers: { cookie: national } }))
        .statusCode,
    ).toBe(404);
  });

  it('an authority adds local modules on top of a national library; another jurisdiction cannot see them', async () => {
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/checklists',
      headers: { cookie: leaderA },
      payload: {
        code: 'jinshan-chemicals-local',
        name: { zh: '金山区化工园区补充检查项', en: 'Jinshan chemical park additions' },
        scope: 'industry',
        extendsLibraryId: ids['industry-general'],
      },
    });
    expect(create.statusCode, create.body).toBe(201);
    const lib = create.json();
    expect(lib).toMatchObject({ regionCode: '310116', extendsCode: 'industry-general', canEdit: true });
    const draftId = lib.draft.id;
    const mod = await t.app.inject({
      method: 'POST',
      url: `/api/checklist-versions/${draftId}/modules`,
      headers: { cookie: leaderA },
      payload: { code: 'JS.1', name: { zh: '园区封闭化管理', en: 'Closed park management' } },
    });
    expect(mod.statusCode, mod.body).toBe(201);
    const moduleId = mod.json().modules[0].id;
    const item = {
      code: 'JS.1.1',
      title: { zh: '危化品车辆进园登记', en: 'Registration of hazardous-goods vehicles entering the park' },
      check: { zh: '查看车辆进出登记和电子运单核验记录', en: 'Check entry logs and e-waybill verification' },
      method: { kind: 'document' },
      handling: { grade: 'general', rectifyDays: 7, measure: 'rectification_order' },
      basis: [{ doc: '危险化学品安全管理条例', clause: '第四十三条' }],
      applies: { industries: ['hazardous_chemicals', 'chemicals'] },
    };
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/checklist-versions/${draftId}/items`,
      headers: { cookie: leaderA },
      payload: { moduleId, item: { ...item, handling: { ...item.handling, grade: 'severe' } } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('item.handling.grade');
    const add = await t.app.inject({
      method: 'POST',
      url: `/api/checklist-versions/${draftId}/items`,
      headers: { cookie: leaderA },
      payload: { moduleId, item },
    });
    expect(add.statusCode, add.body).toBe(201);
    const pub = await t.app.inject({
      method: 'POST',
      url: `/api/checklist-versions/${draftId}/publish`,
      headers: { cookie: leaderA },
    });
    expect(pub.statusCode, pub.body).toBe(200);

    // visible inside the jurisdiction, not in another
    expect(
      (await t.app.inject({ url: `/api/checklists/${lib.id}`, headers: { cookie: inspectorA } })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ url: `/api/checklists/${lib.id}`, headers: { cookie: leaderB } })).statusCode,
    ).toBe(404);
    const listB = (await t.app.inject({ url: '/api/checklists', headers: { cookie: leaderB } })).body;
    expect(listB).not.toContain('jinshan-chemicals-local');
    const searchB = (
      await t.app.inject({
        url: `/api/checklists/items?q=${encodeURIComponent('危化品车辆')}`,
        headers: { cookie: leaderB },
      })
    ).json();
    expect(searchB.total).toBe(0);
    const searchA = (
      await t.app.inject({
        url: `/api/checklists/items?q=${encodeURIComponent('危化品车辆')}`,
        headers: { cookie: inspectorA },
      })
    ).json();
    expect(searchA.total).toBe(1);
    // a leader cannot place a library in another jurisdiction
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/checklists',
      headers: { cookie: leaderA },
      payload: {
        code: 'elsewhere',
        name: { zh: '外地', en: 'Elsewhere' },
        scope: 'industry',
        regionCode: '150602',
      },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('regionCode');
    // an enterprise manager cannot create libraries
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/checklists',
          headers: { cookie: managerA },
          payload: { code: 'mine', name: { zh: '我的', en: 'Mine' }, scope: 'industry' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('retires a published version', async () => {
    const lib = (await t.app.inject({ url: '/api/checklists', headers: { cookie: leaderA } }))
      .json()
      .items.find((l: { code: string }) => l.code === 'jinshan-chemicals-local');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/checklist-versions/${lib.current.id}/retire`,
      headers: { cookie: leaderA },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('retired');
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/checklist-versions/${lib.current.id}/retire`,
      headers: { cookie: leaderA },
    });
    expect(again.statusCode).toBe(409);
  });
});

describe('import and export', () => {
  const SMALL = `code: test-import
name: { zh: 导入测试清单, en: Import test list }
edition: T-1
version: "1"
scope: industry
scored: false
modules:
  - code: T.1
    name: { zh: 测试模块, en: Test module }
    items:
      - code: T.1.1
        title: { zh: 消防通道畅通, en: Fire lanes clear }
        check: { zh: 查看消防通道是否被占用, en: Check fire lanes are not blocked }
        method: { kind: look }
        handling: { grade: general, rectifyDays: 1, measure: rectification_order }
        basis: [ { doc: 中华人民共和国消防法, clause: 第二十八条 } ]
`;

  it('validates a YAML file and reports problems with their line', async () => {
    const broken = SMALL.replace('kind: look', 'kind: sniff').replace('grade: general', 'grade: severe');
    const res = await multipart('/api/checklists/import?mode=validate', national, 'test.yaml', broken);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.ok).toBe(false);
    expect(r.format).toBe('yaml');
    const lines = r.problems.map((p: { line: number }) => p.line);
    expect(lines).toContain(14); // method
    expect(lines).toContain(15); // handling
    expect(r.problems.map((p: { path: string }) => p.path)).toContain('modules[0].items[0].method.kind');
    const syntax = (await multipart('/api/checklists/import', national, 'x.yaml', 'code: [oops')).json();
    expect(syntax.problems[0]).toMatchObject({ code: 'SYNTAX' });
  });

  it('commits a valid file as a draft of a new library, then publishes it', async () => {
    const validate = (await multipart('/api/checklists/import', national, 'test.yaml', SMALL)).json();
    expect(validate).toMatchObject({
      ok: true,
      mode: 'validate',
      versionId: null,
      library: { code: 'test-import', modules: 1, items: 1 },
    });
    const commit = (
      await multipart('/api/checklists/import?mode=commit', national, 'test.yaml', SMALL)
    ).json();
    expect(commit.ok).toBe(true);
    expect(commit.versionId).toBeTruthy();
    const v = (
      await t.app.inject({
        url: `/api/checklist-versions/${commit.versionId}`,
        headers: { cookie: national },
      })
    ).json();
    expect(v).toMatchObject({ status: 'draft', itemCount: 1, libraryCode: 'test-import' });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/checklist-versions/${commit.versionId}/publish`,
          headers: { cookie: national },
        })
      ).statusCode,
    ).toBe(200);
    // the same code again is a conflict that says where to import instead
    const dup = await multipart('/api/checklists/import?mode=commit', national, 'test.yaml', SMALL);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('LIBRARY_EXISTS');
    // into the library: becomes its next draft
    const into = (
      await multipart(
        `/api/checklists/import?mode=commit&libraryId=${commit.libraryId}`,
        national,
        'test.yaml',
        SMALL.replace('消防通道畅通', '消防车通道畅通'),
      )
    ).json();
    const v2 = (
      await t.app.inject({ url: `/api/checklist-versions/${into.versionId}`, headers: { cookie: national } })
    ).json();
    expect(v2).toMatchObject({ version: 2, status: 'draft' });
  });

  it('exports YAML and JSON that import back unchanged', async () => {
    const lib = (
      await t.app.inject({ url: `/api/checklists/${ids['jgj59-2011']}`, headers: { cookie: inspectorA } })
    ).json();
    const yaml = await t.app.inject({
      url: `/api/checklist-versions/${lib.current.id}/export?format=yaml`,
      headers: { cookie: inspectorA },
    });
    expect(yaml.statusCode).toBe(200);
    expect(yaml.headers['content-disposition']).toContain('jgj59-2011-v1.yaml');
    const parsed = parseLibraryText(yaml.body);
    expect(parsed.ok).toBe(true);
    const json = await t.app.inject({
      url: `/api/checklist-versions/${lib.current.id}/export?format=json`,
      headers: { cookie: inspectorA },
    });
    expect(JSON.parse(json.body)).toEqual(parsed.ok && parsed.library);
    const r = (await multipart('/api/checklists/import', national, 'jgj.json', json.body)).json();
    expect(r).toMatchObject({
      ok: true,
      format: 'json',
      library: { code: 'jgj59-2011', items: lib.current.itemCount },
    });
  });

  it('round-trips Excel, and reports a bad row with its sheet, row and column', async () => {
    const lib = (
      await t.app.inject({
        url: `/api/checklists/${ids['special-equipment']}`,
        headers: { cookie: inspectorA },
      })
    ).json();
    const xlsx = await t.app.inject({
      url: `/api/checklist-versions/${lib.current.id}/export?format=xlsx`,
      headers: { cookie: inspectorA },
    });
    expect(xlsx.statusCode).toBe(200);
    const buf = xlsx.rawPayload;
    const ok = (await multipart('/api/checklists/import', national, 'se.xlsx', buf)).json();
    expect(ok).toMatchObject({
      ok: true,
      format: 'xlsx',
      library: { code: 'special-equipment', items: lib.current.itemCount },
    });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const items = wb.getWorksheet('检查项 items')!;
    const headers = items.getRow(1).values as string[];
    const gradeCol = headers.findIndex((h) => typeof h === 'string' && h.endsWith(' grade'));
    const methodCol = headers.findIndex((h) => typeof h === 'string' && h.endsWith(' method'));
    items.getRow(5).getCell(gradeCol).value = '特别重大';
    items.getRow(9).getCell(methodCol).value = 'guess';
    const bad = (
      await multipart('/api/checklists/import', national, 'se.xlsx', Buffer.from(await wb.xlsx.writeBuffer()))
    ).json();
    expect(bad.ok).toBe(false);
    expect(bad.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: '检查项 items', row: 5, column: '默认隐患等级 grade' }),
        expect.objectContaining({ sheet: '检查项 items', row: 9, column: '检查方法 method' }),
      ]),
    );
  });

  it('refuses binary junk and non-editors', async () => {
    const junk = await multipart(
      '/api/checklists/import',
      national,
      'x.yaml',
      Buffer.from([0, 1, 2, 3, 0, 5]),
    );
    expect(junk.statusCode).toBe(415);
    expect((await multipart('/api/checklists/import', inspectorA, 'test.yaml', 'code: x')).statusCode).toBe(
      403,
    );
  });
});
