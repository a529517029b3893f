import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { JPEG_24x16, jpegWithExif, png } from './helpers/images.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';

/**
 * Inspections end to end through the API: proposal, create, field capture with photos, the JGJ 59
 * score, signatures, finish and the hazards created, the record, cross-inspection access.
 */
let t: TestApp;
let a: World; // 310116 Jinshan: the main flow
let b: World; // 150602 Dongsheng: the target of a cross-inspection
let c: World; // 150603 Kangbashi: the visiting team
const cookie: Record<string, string> = {};

type View = {
  id: string;
  status: string;
  kind: string;
  findings: Array<{
    id: string;
    item: { code: string; handling: { grade: string }; scoring?: { deductions: unknown[] } };
    result: string;
    photos: Array<{ id: string }>;
    hazardId: string | null;
    hazardGrade: string | null;
  }>;
  scores: Array<{
    pending: number;
    provisional: boolean;
    tables: Array<{
      table: string;
      score: number | null;
      present: boolean;
      explanation: Array<{ code: string }>;
    }>;
    summary: { total: number; grade: string; explanation: Array<{ code: string }> } | null;
  }>;
  members: Array<{ userId: string; outsideJurisdiction: boolean; signed: boolean }>;
  hazards: Array<{
    id: string;
    grade: string;
    checklistItemCode: string;
    evidenceFileIds: string[];
    findingId: string;
    status: string;
  }>;
  blockers: Array<{ code: string }>;
  can: Record<string, boolean>;
  cross: unknown;
  libraries: Array<{ code: string; version: number }>;
};

async function userId(username: string) {
  return (
    await t.deps.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
  ).id;
}

function upload(url: string, who: string, filename: string, content: Buffer, type = 'image/jpeg') {
  const boundary = '----redline' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: who, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}

const SIGNATURE = `data:image/png;base64,${png(60, 20).toString('base64')}`;

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_UPLOAD_MB: '1' } });
  await loadStarterChecklists(t.deps.database.db);
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  c = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150603', tag: 'Kangbashi' });
  for (const [k, w] of Object.entries({ a, b, c }))
    for (const [role, username] of Object.entries(w.users))
      cookie[`${k}.${role}`] = await login(t.app, username);
  for (const [k, w] of Object.entries({ a, b, c }))
    cookie[`${k}.coInspector`] = await login(t.app, w.coInspector);
});
afterAll(() => t?.close());

describe('an inspection of a construction project with JGJ 59', () => {
  let id: string;
  let view: View;
  const get = async (who = cookie['a.inspector']) =>
    (await t.app.inject({ url: `/api/inspections/${id}`, headers: { cookie: who } })).json() as View;
  const finding = (code: string) => view.findings.find((f) => f.item.code === code)!;
  const record = async (code: string, body: object, who = cookie['a.inspector']) => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/inspections/${id}/findings/${finding(code).id}`,
      headers: { cookie: who },
      payload: body,
    });
    if (res.statusCode === 200) view = res.json();
    return res;
  };

  it('proposes the applicable items from the project profile', async () => {
    const res = await t.app.inject({
      url: `/api/inspections/proposal?targetKind=project&targetId=${a.ids.project}`,
      headers: { cookie: cookie['a.inspector'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.target).toMatchObject({ kind: 'project', id: a.ids.project, type: 'building' });
    expect(p.profile.projectTypes).toEqual(['building']);
    const jgj = p.libraries.find((l: { code: string }) => l.code === 'jgj59-2011');
    expect(jgj).toMatchObject({ applicable: true, scored: true });
    expect(jgj.proposedCount).toBeGreaterThan(100);
    const mh = p.libraries.find((l: { code: string }) => l.code === 'major-hazards-housing-2024');
    expect(mh.applicable).toBe(true);
    const industry = p.libraries.find((l: { code: string }) => l.code === 'industry-general');
    expect(industry).toMatchObject({ applicable: false, proposedCount: 0 });
    // an item for decoration/demolition only is not proposed for a building project, and says why
    const demolition = mh.modules
      .flatMap((m: { items: unknown[] }) => m.items)
      .find((i: { reason: { code: string; params: { wanted?: string } } }) => i.reason.code === 'NO_MATCH');
    expect(demolition).toBeTruthy();
    expect(p.candidates.map((u: { userId: string }) => u.userId)).toContain(await userId(a.users.inspector));
    // another jurisdiction's target is not found
    expect(
      (
        await t.app.inject({
          url: `/api/inspections/proposal?targetKind=project&targetId=${b.ids.project}`,
          headers: { cookie: cookie['a.inspector'] },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('creates a routine inspection; a scored table is taken whole', async () => {
    const p = (
      await t.app.inject({
        url: `/api/inspections/proposal?targetKind=project&targetId=${a.ids.project}`,
        headers: { cookie: cookie['a.inspector'] },
      })
    ).json();
    const jgj = p.libraries.find((l: { code: string }) => l.code === 'jgj59-2011');
    const mh = p.libraries.find((l: { code: string }) => l.code === 'major-hazards-housing-2024');
    const b1 = jgj.modules.find((m: { code: string }) => m.code === 'B.1');
    const b13 = jgj.modules.find((m: { code: string }) => m.code === 'B.13');
    const mh4 = mh.modules.find((m: { code: string }) => m.code === 'MH.4');
    // one item of B.1 brings all of B.1
    const itemIds = [
      b1.items[0].itemId,
      ...b13.items.map((i: { itemId: string }) => i.itemId),
      mh4.items[0].itemId,
    ];
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/inspections',
      headers: { cookie: cookie['a.inspector'] },
      payload: {
        kind: 'routine',
        targetKind: 'project',
        targetId: a.ids.project,
        itemIds,
        plannedOn: '2026-11-23',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    view = res.json();
    id = view.id;
    expect(view.status).toBe('draft');
    expect(view.findings.length).toBe(b1.items.length + b13.items.length + 1);
    expect(view.findings.every((f) => f.result === 'pending')).toBe(true);
    expect(view.scores).toHaveLength(1);
    expect(view.scores[0].provisional).toBe(true);
    expect(view.can.record).toBe(true);
    expect((view as unknown as { number: string }).number).toMatch(/^JC310116-\d{4}-0001$/);
  });

  it('refuses bad inspections with the field named', async () => {
    const base = {
      kind: 'routine',
      targetKind: 'project',
      targetId: a.ids.project,
      itemIds: [view.findings[0].item && (await firstItemId())],
    };
    const bad = [
      [{ ...base, kind: 'self' }, 'kind'],
      [{ ...base, kind: 'special' }, 'topic'],
      [{ ...base, memberIds: [await userId(b.users.inspector)] }, 'memberIds.0'],
      [{ ...base, memberIds: [await userId(a.users.worker)] }, 'memberIds.0'],
      [{ ...base, itemIds: ['00000000-0000-4000-8000-000000000000'] }, 'itemIds'],
      [{ ...base, kind: 'group' }, 'groupId'],
    ] as const;
    for (const [payload, field] of bad) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/inspections',
        headers: { cookie: cookie['a.inspector'] },
        payload,
      });
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error.field).toBe(field);
    }
    const noItems = await t.app.inject({
      method: 'POST',
      url: '/api/inspections',
      headers: { cookie: cookie['a.inspector'] },
      payload: { ...base, itemIds: [] },
    });
    expect(noItems.statusCode).toBe(400);
    // only a leader sets up a cross-inspection; an enterprise only self-inspects
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/inspections',
          headers: { cookie: cookie['a.inspector'] },
          payload: { ...base, kind: 'cross' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/inspections',
          headers: { cookie: cookie['a.enterprise_manager'] },
          payload: base,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/inspections',
          headers: { cookie: cookie['a.worker'] },
          payload: base,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('records a failed item with its hazard and deductions, and checks what it is given', async () => {
    const noDescription = await record('B.1.1', { result: 'fail', deductions: [{ rule: 1, points: 3 }] });
    expect(noDescription.statusCode).toBe(400);
    expect(noDescription.json().error.field).toBe('hazardDescription');
    const noDeductions = await record('B.1.1', {
      result: 'fail',
      hazardDescription: '安全生产责任制未经项目经理签字',
    });
    expect(noDeductions.json().error.field).toBe('deductions');
    const outOfRange = await record('B.1.1', {
      result: 'fail',
      hazardDescription: 'x',
      deductions: [{ rule: 2, points: 1 }],
    });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json().error).toMatchObject({ code: 'VALIDATION', field: 'deductions.0.points' });

    const ok = await record('B.1.1', {
      result: 'fail',
      hazardDescription: '安全生产责任制未经项目经理签字确认',
      note: '现场查阅责任制文本',
      deductions: [{ rule: 1, points: 3 }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(view.status).toBe('in_progress');
    const f = finding('B.1.1');
    expect(f).toMatchObject({ result: 'fail', hazardGrade: 'general' });
    const b1 = view.scores[0].tables.find((x) => x.table === 'B.1')!;
    expect(b1.score).toBe(97);
    expect(b1.explanation.map((e) => e.code)).toContain('ITEM_DEDUCTION');

    // a major-by-default item fails as major
    const mh = view.findings.find((x) => x.item.code.startsWith('MH.'))!;
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/inspections/${id}/findings/${mh.id}`,
      headers: { cookie: cookie['a.inspector'] },
      payload: { result: 'fail', hazardDescription: '总包单位安全生产许可证已过期仍在施工' },
    });
    expect(res.statusCode, res.body).toBe(200);
    view = res.json();
    expect(view.findings.find((x) => x.id === mh.id)!.hazardGrade).toBe('major');
    // a non-team member cannot record
    expect((await record('B.1.2', { result: 'pass' }, cookie['a.leader'])).statusCode).toBe(403);
  });

  it('takes photos checked by content, reads EXIF, and refuses impostors', async () => {
    const url = `/api/inspections/${id}/findings/${finding('B.1.1').id}/photos`;
    const ok = await upload(
      url,
      cookie['a.inspector'],
      'IMG_0001.jpg',
      jpegWithExif({ taken: '2026:11:20 09:30:15', lat: 30.7412, lng: 121.3418 }),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    const file = ok.json();
    expect(file).toMatchObject({
      mime: 'image/jpeg',
      width: 24,
      height: 16,
      exifLat: 30.7412,
      exifLng: 121.3418,
    });
    expect(file.exifTakenAt).toBe('2026-11-20T01:30:15.000Z'); // 09:30:15 in Asia/Shanghai
    expect(file.uploadedAt).toBeTruthy();

    const renamed = await upload(
      url,
      cookie['a.inspector'],
      'photo.jpg',
      Buffer.from('this is a text file pretending to be a photo\n'.repeat(20)),
    );
    expect(renamed.statusCode).toBe(415);
    expect(renamed.json().error.code).toBe('UNSUPPORTED_FILE');
    expect(renamed.json().error.message).toMatch(/text file/);
    const truncated = await upload(
      url,
      cookie['a.inspector'],
      'cut.jpg',
      JPEG_24x16.subarray(0, Math.floor(JPEG_24x16.length * 0.7)),
    );
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json().error.code).toBe('BROKEN_IMAGE');
    const badPng = png(8, 8);
    badPng[40] ^= 0xff; // corrupt the image data: its checksum fails
    const corrupt = await upload(url, cookie['a.inspector'], 'x.png', badPng, 'image/png');
    expect(corrupt.json().error.code).toBe('BROKEN_IMAGE');
    const big = await upload(
      url,
      cookie['a.inspector'],
      'big.png',
      png(16, 16, { padTo: 1_200_000 }),
      'image/png',
    );
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('FILE_TOO_LARGE');
    const gif = await upload(
      url,
      cookie['a.inspector'],
      'a.gif',
      Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'),
      'image/gif',
    );
    expect(gif.statusCode).toBe(415);

    // the same photo again is stored once
    const again = await upload(
      url,
      cookie['a.inspector'],
      'IMG_0001 copy.jpg',
      jpegWithExif({ taken: '2026:11:20 09:30:15', lat: 30.7412, lng: 121.3418 }),
    );
    expect(again.json().id).toBe(file.id);
    view = await get();
    expect(finding('B.1.1').photos.map((p) => p.id)).toEqual([file.id]);

    // served only to those who may see the inspection
    const mine = await t.app.inject({
      url: `/api/files/${file.id}`,
      headers: { cookie: cookie['a.inspector'] },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('image/jpeg');
    expect(mine.rawPayload.length).toBeGreaterThan(JPEG_24x16.length);
    expect(
      (
        await t.app.inject({
          url: `/api/files/${file.id}`,
          headers: { cookie: cookie['a.enterprise_manager'] },
        })
      ).statusCode,
    ).toBe(200);
    for (const who of ['b.inspector', 'b.admin', 'a.worker']) {
      const res = await t.app.inject({ url: `/api/files/${file.id}`, headers: { cookie: cookie[who] } });
      expect(res.statusCode, who).toBe(404);
    }
    expect((await t.app.inject({ url: `/api/files/${file.id}` })).statusCode).toBe(401);
    const meta = await t.app.inject({
      url: `/api/files/${file.id}/meta`,
      headers: { cookie: cookie['a.leader'] },
    });
    expect(meta.json()).toMatchObject({ id: file.id, exifLat: 30.7412 });
  });

  it('will not be signed while items are unchecked; bulk-passes a module', async () => {
    const early = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/signatures`,
      headers: { cookie: cookie['a.inspector'] },
      payload: {
        party: 'inspector',
        userId: await userId(a.users.inspector),
        signerName: 'x',
        image: SIGNATURE,
      },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('ITEMS_PENDING');
    const bulk = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/findings/bulk`,
      headers: { cookie: cookie['a.inspector'] },
      payload: { moduleCode: 'B.1', result: 'pass' },
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    view = bulk.json();
    expect(
      view.findings.filter((f) => f.item.code.startsWith('B.1.')).every((f) => f.result !== 'pending'),
    ).toBe(true);
    // B.13: one failure with a per-place deduction, the rest passed
    const b13 = view.findings.filter((f) => f.item.code.startsWith('B.13.'));
    const perRule = (
      b13[0].item.scoring!.deductions as Array<{ per?: string; points: number; minPoints?: number }>
    ).findIndex((d) => d.per);
    const rule = (
      b13[0].item.scoring!.deductions as Array<{ per?: string; points: number; minPoints?: number }>
    )[perRule];
    const res = await record(b13[0].item.code, {
      result: 'fail',
      hazardDescription: '3人未正确佩戴安全帽',
      deductions: [{ rule: perRule, points: rule.minPoints ?? rule.points, count: 3 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    view = (
      await t.app.inject({
        method: 'POST',
        url: `/api/inspections/${id}/findings/bulk`,
        headers: { cookie: cookie['a.inspector'] },
        payload: { result: 'pass' },
      })
    ).json();
    expect(view.findings.some((f) => f.result === 'pending')).toBe(false);
    const s = view.scores[0];
    expect(s.provisional).toBe(false);
    expect(s.summary).not.toBeNull();
    expect(s.summary!.explanation.map((e) => e.code)).toEqual(
      expect.arrayContaining(['SUMMARY_MISSING_ITEMS', 'MISSING_ITEM_CONVERSION', 'SUMMARY_TOTAL']),
    );
    expect(['excellent', 'qualified', 'unqualified']).toContain(s.summary!.grade);
    const score = (
      await t.app.inject({ url: `/api/inspections/${id}/score`, headers: { cookie: cookie['a.leader'] } })
    ).json();
    expect(score.items[0].summary.total).toBe(s.summary!.total);
  });

  it('both sides sign (the inspected party may refuse, with a witness); findings are then locked', async () => {
    const me = await userId(a.users.inspector);
    // The lead adds a certified colleague; both confirm and the colleague signs (Administrative Penalty Law 2021 art. 42).
    const co = await userId(a.coInspector);
    const added = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/participants`,
      headers: { cookie: cookie['a.inspector'] },
      payload: { userId: co },
    });
    expect(added.statusCode, added.body).toBe(200);
    for (const who of [cookie['a.inspector'], cookie['a.coInspector']])
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/inspections/${id}/participants/confirm`,
            headers: { cookie: who },
          })
        ).statusCode,
      ).toBe(200);
    const coSigns = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/signatures`,
      headers: { cookie: cookie['a.coInspector'] },
      payload: { party: 'inspector', userId: co, signerName: 'x', image: SIGNATURE },
    });
    expect(coSigns.statusCode, coSigns.body).toBe(201);
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/signatures`,
      headers: { cookie: cookie['a.inspector'] },
      payload: {
        party: 'inspector',
        userId: me,
        signerName: 'x',
        image: 'data:image/png;base64,' + Buffer.from('not a png at all, just text').toString('base64'),
      },
    });
    expect(bad.statusCode).toBe(415);
    const noWitness = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/signatures`,
      headers: { cookie: cookie['a.inspector'] },
      payload: { party: 'inspected', refused: true, refusalReason: '负责人拒绝签字' },
    });
    expect(noWitness.statusCode).toBe(400);
    const sign = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/signatures`,
      headers: { cookie: cookie['a.inspector'] },
      payload: { party: 'inspector', userId: me, signerName: '检查员', image: SIGNATURE },
    });
    expect(sign.statusCode, sign.body).toBe(201);
    view = sign.json();
    expect(view.status).toBe('in_progress');
    expect(view.blockers.map((x) => x.code)).toEqual(['INSPECTED_NOT_SIGNED']);
    const refuse = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/signatures`,
      headers: { cookie: cookie['a.inspector'] },
      payload: {
        party: 'inspected',
        refused: true,
        signerName: '王经理',
        refusalReason: '对检查结论有异议，拒绝签字',
        witnessName: '监理 李工',
      },
    });
    expect(refuse.statusCode, refuse.body).toBe(201);
    view = refuse.json();
    expect(view.status).toBe('signed');
    expect(view.can.finish).toBe(true);
    expect((await record('B.1.2', { result: 'pass' })).json().error.code).toBe('ALREADY_SIGNED');
    // the drawn signature is a stored PNG, served to those who may see the inspection
    const sigFile = (view as unknown as { signatures: Array<{ fileId: string | null }> }).signatures.find(
      (s) => s.fileId,
    )!.fileId!;
    const png = await t.app.inject({ url: `/api/files/${sigFile}`, headers: { cookie: cookie['a.leader'] } });
    expect(png.headers['content-type']).toBe('image/png');
  });

  it('finishes: every failed item becomes a hazard linked to the inspection, the item, the evidence and the target', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/finish`,
      headers: { cookie: cookie['a.inspector'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    view = res.json();
    expect(view.status).toBe('finished');
    const failed = view.findings.filter((f) => f.result === 'fail');
    expect(view.hazards).toHaveLength(failed.length);
    for (const f of failed) expect(f.hazardId).toBeTruthy();
    const b11 = view.hazards.find((h) => h.checklistItemCode === 'B.1.1')!;
    expect(b11).toMatchObject({ grade: 'general', status: 'reported' });
    expect(b11.evidenceFileIds).toHaveLength(1);
    expect(view.hazards.find((h) => h.checklistItemCode.startsWith('MH.'))!.grade).toBe('major');
    const row = await t.deps.database.db
      .selectFrom('hazards')
      .selectAll()
      .where('id', '=', b11.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      project_id: a.ids.project,
      source: 'inspection',
      inspection_id: id,
      region_code: '310116501',
    });
    expect((row.state as { status: string }).status).toBe('reported');
    expect((row.legal_basis as unknown[]).length).toBeGreaterThan(0);
    // the enterprise (party to the project) sees them
    const list = (
      await t.app.inject({
        url: `/api/inspections/${id}/hazards`,
        headers: { cookie: cookie['a.enterprise_manager'] },
      })
    ).json();
    expect(list.items).toHaveLength(failed.length);
    // finishing twice is refused; nothing changes after
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/inspections/${id}/finish`,
          headers: { cookie: cookie['a.inspector'] },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/inspections/${id}/signatures`,
          headers: { cookie: cookie['a.inspector'] },
        })
      ).statusCode,
    ).toBe(409);
    // an audit entry for the finish and for each hazard
    const audit = await t.deps.database.db
      .selectFrom('audit_entries')
      .select(['action'])
      .where('subject_id', 'in', [id, ...view.hazards.map((h) => h.id)])
      .execute();
    expect(audit.map((x) => x.action)).toEqual(
      expect.arrayContaining(['inspection.create', 'inspection.finish', 'hazard.report']),
    );
  });

  it('produces the on-site inspection record, frozen', async () => {
    const rec = (
      await t.app.inject({ url: `/api/inspections/${id}/record`, headers: { cookie: cookie['a.leader'] } })
    ).json();
    expect(rec.frozen).toBe(true);
    expect(rec.inspectors).toHaveLength(2); // the lead and the certified colleague
    expect(rec.checked.failed).toBe(view.findings.filter((f) => f.result === 'fail').length);
    expect(rec.findings[0]).toMatchObject({ code: 'B.1.1', grade: 'general', photoCount: 1 });
    expect(rec.findings[0].basis).toContain('JGJ 59-2011');
    expect(rec.signatures.find((s: { party: string }) => s.party === 'inspected')).toMatchObject({
      refused: true,
      witnessName: '监理 李工',
    });
    expect(rec.score.grade).toMatch(/excellent|qualified|unqualified/);
  });

  it('keeps the checklist version it used when a new one is published', async () => {
    const { hashPassword } = await import('../src/auth/passwords.ts');
    const { DEFAULT_PASSWORD } = await import('./helpers/harness.ts');
    await t.deps.database.db
      .insertInto('users')
      .values({
        username: 'root.admin',
        display_name: 'root',
        password_hash: await hashPassword(DEFAULT_PASSWORD),
        role: 'admin',
        region_code: '',
      })
      .execute();
    const root = await login(t.app, 'root.admin');
    const libs = (await t.app.inject({ url: '/api/checklists', headers: { cookie: root } })).json().items;
    const jgj = libs.find((l: { code: string }) => l.code === 'jgj59-2011');
    const draft = (
      await t.app.inject({
        method: 'POST',
        url: `/api/checklists/${jgj.id}/drafts`,
        headers: { cookie: root },
      })
    ).json();
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/checklist-versions/${draft.id}/publish`,
          headers: { cookie: root },
        })
      ).statusCode,
    ).toBe(200);
    const after = await get();
    expect(after.libraries.find((l) => l.code === 'jgj59-2011')!.version).toBe(1);
    expect(after.findings.length).toBe(view.findings.length);
    expect(after.scores[0].summary!.total).toBe(view.scores[0].summary!.total);
  });

  it('lists inspections by kind, status, inspector, target, date — within the jurisdiction', async () => {
    const q = async (qs: string, who = cookie['a.leader']) =>
      (await t.app.inject({ url: `/api/inspections?${qs}`, headers: { cookie: who } })).json();
    expect((await q('')).items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await q('status=finished')).total).toBe(1);
    expect((await q('status=draft')).total).toBe(0);
    expect((await q('kind=cross')).total).toBe(0);
    expect((await q(`inspectorId=${await userId(a.users.inspector)}`)).total).toBe(1);
    expect((await q(`targetId=${a.ids.project}`)).total).toBe(1);
    expect((await q('from=2026-11-01&to=2026-11-30')).total).toBe(1);
    expect((await q('from=2027-01-01')).total).toBe(0);
    const item = (await q('')).items[0];
    expect(item.progress.failed).toBeGreaterThan(0);
    expect(item.hazardCount).toBeGreaterThan(0);
    expect(item.grade).toBeTruthy();
    expect((await q('', cookie['b.leader'])).total).toBe(0);
    expect((await q('', cookie['a.enterprise_manager'])).total).toBe(1);
    expect(
      (await t.app.inject({ url: '/api/inspections', headers: { cookie: cookie['a.worker'] } })).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({ url: '/api/inspections?status=lost', headers: { cookie: cookie['a.leader'] } })
      ).json().error.field,
    ).toBe('status');
  });
});

describe('cross-inspection', () => {
  let id: string;
  const visitor = () => cookie['c.inspector'];

  it('only a leader of the target jurisdiction sets it up, naming inspectors from elsewhere', async () => {
    const itemIds = [await firstItemId('major-hazards-housing-2024')];
    const payload = {
      kind: 'cross',
      targetKind: 'project',
      targetId: b.ids.project,
      itemIds,
      memberIds: [await userId(c.users.inspector), await userId(c.coInspector)],
    };
    // the visitors' own leader cannot reach into another jurisdiction
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/inspections',
          headers: { cookie: cookie['c.leader'] },
          payload,
        })
      ).statusCode,
    ).toBe(404);
    // inspectors of the target's jurisdiction alone are not a cross-inspection
    const local = await t.app.inject({
      method: 'POST',
      url: '/api/inspections',
      headers: { cookie: cookie['b.leader'] },
      payload: { ...payload, memberIds: [await userId(b.users.inspector)] },
    });
    expect(local.json().error.field).toBe('memberIds');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/inspections',
      headers: { cookie: cookie['b.leader'] },
      payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    id = v.id;
    expect(v.kind).toBe('cross');
    expect(v.cross).toMatchObject({ homeRegionCode: '150603', targetRegionCode: '150602' });
    expect(v.members[0]).toMatchObject({ outsideJurisdiction: true });
  });

  it('the visiting inspectors see the inspection and its target while it is open, and record', async () => {
    const seen = await t.app.inject({ url: `/api/inspections/${id}`, headers: { cookie: visitor() } });
    expect(seen.statusCode).toBe(200);
    expect(
      (await t.app.inject({ url: `/api/projects/${b.ids.project}`, headers: { cookie: visitor() } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ url: '/api/inspections?mine=true', headers: { cookie: visitor() } })).json()
        .total,
    ).toBe(1);
    // but nothing else of that jurisdiction
    expect(
      (await t.app.inject({ url: `/api/enterprises/${b.ids.enterprise}`, headers: { cookie: visitor() } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/sites/${b.ids.site}`, headers: { cookie: visitor() } })).statusCode,
    ).toBe(404);
    // their colleagues at home are not granted anything
    expect(
      (await t.app.inject({ url: `/api/inspections/${id}`, headers: { cookie: cookie['c.leader'] } }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await t.app.inject({
          url: `/api/projects/${b.ids.project}`,
          headers: { cookie: cookie['c.inspector2'] ?? cookie['c.leader'] },
        })
      ).statusCode,
    ).toBe(404);
    // the target's jurisdiction sees it as its own record
    expect(
      (await t.app.inject({ url: `/api/inspections/${id}`, headers: { cookie: cookie['b.inspector'] } }))
        .statusCode,
    ).toBe(200);

    const v = seen.json();
    const f = v.findings[0];
    const rec = await t.app.inject({
      method: 'PUT',
      url: `/api/inspections/${id}/findings/${f.id}`,
      headers: { cookie: visitor() },
      payload: { result: 'fail', hazardDescription: '基坑周边堆载超过设计值' },
    });
    expect(rec.statusCode, rec.body).toBe(200);
    const photo = await upload(
      `/api/inspections/${id}/findings/${f.id}/photos`,
      visitor(),
      'p.jpg',
      JPEG_24x16,
    );
    expect(photo.statusCode, photo.body).toBe(201);
    expect(
      (await t.app.inject({ url: `/api/files/${photo.json().id}`, headers: { cookie: visitor() } }))
        .statusCode,
    ).toBe(200);
    // the leader who set it up reads but does not record
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: `/api/inspections/${id}/findings/${f.id}`,
          headers: { cookie: cookie['b.leader'] },
          payload: { result: 'pass' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('after it is finished the visitors keep the inspection but lose the target', async () => {
    const me = await userId(c.users.inspector);
    await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/findings/bulk`,
      headers: { cookie: visitor() },
      payload: { result: 'pass' },
    });
    for (const [who, uid] of [
      [visitor(), me],
      [cookie['c.coInspector'], await userId(c.coInspector)],
    ] as const) {
      await t.app.inject({
        method: 'POST',
        url: `/api/inspections/${id}/signatures`,
        headers: { cookie: who },
        payload: { party: 'inspector', userId: uid, signerName: 'x', image: SIGNATURE },
      });
      await t.app.inject({
        method: 'POST',
        url: `/api/inspections/${id}/participants/confirm`,
        headers: { cookie: who },
      });
    }
    const s = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/signatures`,
      headers: { cookie: visitor() },
      payload: { party: 'inspected', signerName: '项目经理', image: SIGNATURE },
    });
    expect(s.json().status).toBe('signed');
    const fin = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${id}/finish`,
      headers: { cookie: visitor() },
    });
    expect(fin.statusCode, fin.body).toBe(200);
    const v = fin.json();
    expect(v.hazards).toHaveLength(1);
    const h = v.hazards[0];
    expect(h.regionCode).toBe(
      (
        await t.deps.database.db
          .selectFrom('projects')
          .select('region_code')
          .where('id', '=', b.ids.project)
          .executeTakeFirstOrThrow()
      ).region_code,
    );
    expect(
      (await t.app.inject({ url: `/api/inspections/${id}`, headers: { cookie: visitor() } })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ url: `/api/projects/${b.ids.project}`, headers: { cookie: visitor() } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/inspections/${id}/hazards`, headers: { cookie: visitor() } })).json()
        .items,
    ).toHaveLength(1);
    // the hazard belongs to the target's jurisdiction
    expect(
      (
        await t.app.inject({ url: `/api/inspections/${id}/hazards`, headers: { cookie: cookie['b.leader'] } })
      ).json().items[0].id,
    ).toBe(h.id);
  });
});

describe('enterprise self-inspection and groups', () => {
  it('an enterprise self-inspects its own site; its hazards are self-inspection hazards', async () => {
    const p = (
      await t.app.inject({
        url: `/api/inspections/proposal?targetKind=site&targetId=${a.ids.site}`,
        headers: { cookie: cookie['a.enterprise_manager'] },
      })
    ).json();
    const lib = p.libraries.find((l: { code: string }) => l.code === 'industry-general');
    expect(lib.applicable).toBe(true);
    const item = lib.modules
      .flatMap((m: { items: Array<{ itemId: string; proposed: boolean }> }) => m.items)
      .find((i: { proposed: boolean }) => i.proposed);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/inspections',
      headers: { cookie: cookie['a.enterprise_manager'] },
      payload: { kind: 'self', targetKind: 'site', targetId: a.ids.site, itemIds: [item.itemId] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    await t.app.inject({
      method: 'PUT',
      url: `/api/inspections/${v.id}/findings/${v.findings[0].id}`,
      headers: { cookie: cookie['a.enterprise_manager'] },
      payload: { result: 'fail', hazardDescription: '焊接作业区灭火器过期' },
    });
    const me = await userId(a.users.enterprise_manager);
    await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${v.id}/signatures`,
      headers: { cookie: cookie['a.enterprise_manager'] },
      payload: { party: 'inspector', userId: me, signerName: 'x', image: SIGNATURE },
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${v.id}/signatures`,
      headers: { cookie: cookie['a.enterprise_manager'] },
      payload: { party: 'inspected', signerName: '车间主任', image: SIGNATURE },
    });
    const fin = await t.app.inject({
      method: 'POST',
      url: `/api/inspections/${v.id}/finish`,
      headers: { cookie: cookie['a.enterprise_manager'] },
    });
    expect(fin.statusCode, fin.body).toBe(200);
    const h = await t.deps.database.db
      .selectFrom('hazards')
      .selectAll()
      .where('inspection_id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(h).toMatchObject({
      source: 'self_inspection',
      site_id: a.ids.site,
      enterprise_id: a.ids.enterprise,
    });
    // the regulators of the jurisdiction see it
    expect(
      (await t.app.inject({ url: `/api/inspections/${v.id}`, headers: { cookie: cookie['a.inspector'] } }))
        .statusCode,
    ).toBe(200);
  });

  it('a leader sets up a supervision group with a task book, and it inspects', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/inspection-groups',
      headers: { cookie: cookie['a.leader'] },
      payload: {
        name: '金山区建筑施工安全督导组',
        kind: 'supervision',
        leaderId: await userId(a.users.leader),
        memberIds: [await userId(a.users.inspector)],
        tasks: '重点督导深基坑、高支模',
        targets: [{ kind: 'project', id: a.ids.project }],
        startsOn: '2026-11-01',
        endsOn: '2026-12-31',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const g = res.json();
    expect(g.targets[0]).toMatchObject({ kind: 'project', inspected: false });
    const itemIds = [await firstItemId('major-hazards-housing-2024')];
    const ins = await t.app.inject({
      method: 'POST',
      url: '/api/inspections',
      headers: { cookie: cookie['a.leader'] },
      payload: { kind: 'group', groupId: g.id, targetKind: 'project', targetId: a.ids.project, itemIds },
    });
    expect(ins.statusCode, ins.body).toBe(201);
    expect(ins.json()).toMatchObject({ kind: 'group', groupName: '金山区建筑施工安全督导组' });
    expect(ins.json().members).toHaveLength(2);
    expect(
      (await t.app.inject({ url: `/api/inspection-groups/${g.id}`, headers: { cookie: cookie['b.leader'] } }))
        .statusCode,
    ).toBe(404);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/inspection-groups',
      headers: { cookie: cookie['a.leader'] },
      payload: { name: '跨区组', kind: 'inspection', leaderId: await userId(b.users.leader), memberIds: [] },
    });
    expect(bad.json().error.field).toBe('leaderId');
  });

  it('proposes as leader and members exactly the regulators the group may have', async () => {
    const res = await t.app.inject({
      url: '/api/inspection-groups/candidates',
      headers: { cookie: cookie['a.leader'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().items.map((c: { userId: string }) => c.userId);
    expect(ids).toContain(await userId(a.users.leader));
    expect(ids).toContain(await userId(a.users.inspector));
    expect(ids).not.toContain(await userId(b.users.leader)); // another jurisdiction
    expect(ids).not.toContain(await userId(a.users.duty_officer)); // not a law-enforcement role
    // every one proposed is accepted by createGroup
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/inspection-groups',
      headers: { cookie: cookie['a.leader'] },
      payload: { name: '候选人组', kind: 'inspection', leaderId: ids[0], memberIds: ids.slice(1) },
    });
    expect(created.statusCode, created.body).toBe(201);
    const outside = await t.app.inject({
      url: '/api/inspection-groups/candidates?regionCode=150602',
      headers: { cookie: cookie['a.leader'] },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.field).toBe('regionCode');
    // An inspector names the second officer from the same list (art. 42; the matrix refuses the
    // enterprise's roles).
    const inspector = await t.app.inject({
      url: '/api/inspection-groups/candidates',
      headers: { cookie: cookie['a.inspector'] },
    });
    expect(inspector.statusCode, inspector.body).toBe(200);
    const named = inspector.json().items.map((c: { userId: string }) => c.userId);
    expect(named).toContain(await userId(a.users.leader));
    expect(named).not.toContain(await userId(b.users.leader));
  });
});

async function firstItemId(code = 'jgj59-2011') {
  const row = await t.deps.database.db
    .selectFrom('checklist_items as i')
    .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select('i.id')
    .where('l.code', '=', code)
    .where('v.status', '=', 'published')
    .orderBy('i.sort')
    .executeTakeFirstOrThrow();
  return row.id;
}
