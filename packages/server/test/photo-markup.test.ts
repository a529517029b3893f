import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { JPEG_24x16, png } from './helpers/images.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';

/**
 * Issue 16, photo mark-up: the marked-up copy is stored beside the original (derivedFrom), the
 * original stays as taken; bad input gets a clear 4xx; another county's inspector can't reach it.
 */
let t: TestApp;
let a: World;
let b: World;
let inspectionId: string;
let findingId: string;
let originalId: string;
let cookie: string;

const multipart = (name: string, type: string, body: Buffer) => {
  const boundary = '----markup' + Math.random().toString(16).slice(2);
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      body,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
};

const markup = (c: string, fileId: string, body: ReturnType<typeof multipart>, finding = findingId) =>
  t.app.inject({
    method: 'POST',
    url: `/api/inspections/${inspectionId}/findings/${finding}/photos/${fileId}/markup`,
    headers: { cookie: c, ...body.headers },
    payload: body.payload,
  });

beforeAll(async () => {
  t = await createTestApp();
  await loadStarterChecklists(t.deps.database.db);
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  cookie = await login(t.app, a.users.inspector);
  const item = (
    await t.deps.database.db
      .selectFrom('checklist_items as i')
      .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
      .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
      .select('i.id')
      .where('l.code', '=', 'major-hazards-housing-2024')
      .executeTakeFirstOrThrow()
  ).id;
  const ins = await t.app.inject({
    method: 'POST',
    url: '/api/inspections',
    headers: { cookie },
    payload: { kind: 'routine', targetKind: 'project', targetId: a.ids.project, itemIds: [item] },
  });
  expect(ins.statusCode, ins.body).toBe(201);
  inspectionId = ins.json().id;
  findingId = ins.json().findings[0].id;
  const body = multipart('p.jpg', 'image/jpeg', JPEG_24x16);
  const photo = await t.app.inject({
    method: 'POST',
    url: `/api/inspections/${inspectionId}/findings/${findingId}/photos`,
    headers: { cookie, ...body.headers },
    payload: body.payload,
  });
  expect(photo.statusCode, photo.body).toBe(201);
  originalId = photo.json().id;
}, 240_000);
afterAll(() => t?.close());

describe('photo mark-up', () => {
  it('stores the marked-up copy linked to the original, which stays unchanged', async () => {
    const before = await t.app.inject({ url: `/api/files/${originalId}`, headers: { cookie } });
    const res = await markup(cookie, originalId, multipart('p-marked.png', 'image/png', png(24, 16)));
    expect(res.statusCode, res.body).toBe(201);
    const copy = res.json();
    expect(copy).toMatchObject({ derivedFrom: originalId, mime: 'image/png' });
    expect(copy.id).not.toBe(originalId);
    const view = (
      await t.app.inject({ url: `/api/inspections/${inspectionId}`, headers: { cookie } })
    ).json();
    const photos = view.findings.find((f: { id: string }) => f.id === findingId).photos;
    expect(photos.map((p: { id: string }) => p.id)).toEqual([originalId, copy.id]);
    expect(photos[0].derivedFrom).toBeNull();
    const after = await t.app.inject({ url: `/api/files/${originalId}`, headers: { cookie } });
    expect(after.rawPayload.equals(before.rawPayload)).toBe(true);
  });

  it('refuses marking up a marked-up copy, the original itself, a non-image and a photo of another item', async () => {
    const view = (
      await t.app.inject({ url: `/api/inspections/${inspectionId}`, headers: { cookie } })
    ).json();
    const copyId = view.findings[0].photos.find((p: { derivedFrom: string | null }) => p.derivedFrom).id;
    const again = await markup(cookie, copyId, multipart('x.png', 'image/png', png(30, 20)));
    expect(again.statusCode).toBe(400);
    expect(again.json().error.message).toMatch(/original photo/);
    const same = await markup(cookie, originalId, multipart('same.jpg', 'image/jpeg', JPEG_24x16));
    expect(same.statusCode).toBe(400);
    expect(same.json().error.message).toMatch(/draw on it first/);
    const text = await markup(
      cookie,
      originalId,
      multipart('x.png', 'image/png', Buffer.from('not an image '.repeat(20))),
    );
    expect(text.statusCode).toBeGreaterThanOrEqual(400);
    expect(text.statusCode).toBeLessThan(500);
    const unknown = await markup(
      cookie,
      '00000000-0000-4000-8000-000000000000',
      multipart('y.png', 'image/png', png(9, 9)),
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toMatch(/no such photo/);
  });

  it('another county’s inspector gets the same answer as for a missing inspection', async () => {
    const foreign = await login(t.app, b.users.inspector);
    const res = await markup(foreign, originalId, multipart('z.png', 'image/png', png(11, 11)));
    expect(res.statusCode).toBe(404);
    const view = (
      await t.app.inject({ url: `/api/inspections/${inspectionId}`, headers: { cookie } })
    ).json();
    expect(view.findings[0].photos).toHaveLength(2);
  });
});
