import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { jpegWithExif, png } from './helpers/images.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';
import { expireIdempotentRequests } from '../src/http/idempotency.ts';

/**
 * The sync protocol of the offline field pages (issue 19): an Idempotency-Key makes a retried write
 * answer like the first and write nothing more; client-generated ids converge; If-Match on inspection
 * edits; conflicts answered with their codes.
 */
let t: TestApp;
let a: World;
let b: World;
const cookie: Record<string, string> = {};
const SIGNATURE = `data:image/png;base64,${png(60, 20).toString('base64')}`;

type View = {
  id: string;
  status: string;
  version: number;
  findings: Array<{ id: string; result: string; photos: Array<{ id: string }>; item: { code: string } }>;
  hazards: Array<{ id: string }>;
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

function send(
  method: 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload: object | undefined,
  key?: string,
  who = cookie['a.inspector'],
  extra: Record<string, string> = {},
) {
  return t.app.inject({
    method,
    url,
    headers: { cookie: who, ...(key && { 'idempotency-key': key }), ...extra },
    ...(payload !== undefined && { payload }),
  });
}

function upload(url: string, content: Buffer, key?: string) {
  // one length for every upload: the server hashes a multipart body by its length (idempotency.ts),
  // as a browser's retry keeps it; Math.random()'s hex digits vary in number and made retries "another body"
  const boundary = '----redline' + randomUUID().replace(/-/g, '');
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="IMG_0042.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: cookie['a.inspector'],
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(key && { 'idempotency-key': key }),
    },
    payload: body,
  });
}

const countWhere = async (table: 'inspections' | 'hazards', column: 'id' | 'inspection_id', value: string) =>
  Number(
    (
      await t.deps.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where(column, '=', value)
        .executeTakeFirstOrThrow()
    ).n,
  );

let itemIds: string[];
let industryItem: string;

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_UPLOAD_MB: '1' } });
  await loadStarterChecklists(t.deps.database.db);
  a = await createWorld(t.deps.database.db, t.deps.secrets, { county: '310116', tag: 'Jinshan' });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  for (const [k, w] of Object.entries({ a, b })) {
    for (const [role, username] of Object.entries(w.users))
      cookie[`${k}.${role}`] = await login(t.app, username);
    cookie[`${k}.coInspector`] = await login(t.app, w.coInspector);
  }
  const p = (
    await t.app.inject({
      url: `/api/inspections/proposal?targetKind=project&targetId=${a.ids.project}`,
      headers: { cookie: cookie['a.inspector'] },
    })
  ).json();
  const mh = p.libraries.find((l: { code: string }) => l.code === 'major-hazards-housing-2024');
  itemIds = [mh.modules[0].items[0].itemId, mh.modules[0].items[1].itemId];
  const industry = p.libraries.find((l: { code: string }) => l.code === 'industry-general');
  industryItem = industry.modules[0].items[0].itemId;
}, 600_000);
afterAll(() => t?.close());

describe('Idempotency-Key and client ids', () => {
  const id = randomUUID();
  let view: View;
  const input = () => ({ id, kind: 'routine', targetKind: 'project', targetId: a.ids.project, itemIds });

  it('the same key twice creates one inspection; the second is answered like the first, marked replayed', async () => {
    const key = randomUUID();
    const first = await send('POST', '/api/inspections', input(), key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    view = first.json();
    expect(view.id).toBe(id);
    expect(view.version).toBeGreaterThanOrEqual(1);
    const second = await send('POST', '/api/inspections', input(), key);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toBe(first.body);
    expect(await countWhere('inspections', 'id', id)).toBe(1);
    const rows = await t.deps.database.db
      .selectFrom('idempotent_requests')
      .select(['status', 'method', 'path'])
      .where('key', '=', key)
      .execute();
    expect(rows).toEqual([{ status: 201, method: 'POST', path: '/api/inspections' }]);
  });

  it('the same key with another body is refused with 422 IDEMPOTENCY_KEY_REUSED; nothing is written', async () => {
    const key = randomUUID();
    expect((await send('POST', '/api/inspections', input(), key)).statusCode).toBe(201);
    const other = await send('POST', '/api/inspections', { ...input(), id: randomUUID() }, key);
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    const otherPath = await send('PATCH', `/api/inspections/${id}`, { place: 'x' }, key);
    expect(otherPath.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await send('POST', '/api/inspections', input(), 'short')).json().error).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'Idempotency-Key',
    });
  });

  it('a retry with a new key but the same client id converges on the same inspection', async () => {
    const again = await send('POST', '/api/inspections', input(), randomUUID());
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().id).toBe(id);
    expect(await countWhere('inspections', 'id', id)).toBe(1);
    // another user sending that id does not get (or learn) the inspection: 409, and their key is their own
    const other = await send('POST', '/api/inspections', input(), randomUUID(), cookie['a.coInspector']);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.field).toBe('id');
  });

  it('a key still running answers 409 IDEMPOTENCY_IN_PROGRESS; a failed write releases its key', async () => {
    const key = randomUUID();
    const url = `/api/inspections/${id}/findings/${view.findings[0].id}`;
    const body = { result: 'fail', hazardDescription: '塔吊基础积水未排除' };
    const bad = await send('PUT', url, { result: 'fail' }, key);
    expect(bad.statusCode).toBe(400); // no description: nothing written, the key is free again
    expect(
      await t.deps.database.db
        .selectFrom('idempotent_requests')
        .select('key')
        .where('key', '=', key)
        .execute(),
    ).toEqual([]);
    const running = randomUUID();
    const first = await send('PUT', url, body, running);
    expect(first.statusCode, first.body).toBe(200);
    await t.deps.database.db
      .updateTable('idempotent_requests')
      .set({ status: null, response: null })
      .where('key', '=', running)
      .execute();
    const dup = await send('PUT', url, body, running);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(dup.headers['retry-after']).toBe('1');
  });

  it('records a finding and a photo once however often they are sent', async () => {
    const f = view.findings[1];
    const key = randomUUID();
    const url = `/api/inspections/${id}/findings/${f.id}`;
    const body = { result: 'fail', hazardDescription: '脚手架连墙件缺失' };
    const one = await send('PUT', url, body, key);
    const two = await send('PUT', url, body, key);
    expect([one.statusCode, two.statusCode]).toEqual([200, 200]);
    expect(two.headers['idempotent-replayed']).toBe('true');
    const photo = jpegWithExif({ taken: '2026:12:07 09:30:15', lat: 30.7412, lng: 121.3418 });
    const pkey = randomUUID();
    const p1 = await upload(`${url}/photos`, photo, pkey);
    const p2 = await upload(`${url}/photos`, photo, pkey);
    expect([p1.statusCode, p2.statusCode], p1.body).toEqual([201, 201]);
    expect(p2.headers['idempotent-replayed']).toBe('true');
    expect(p2.json().id).toBe(p1.json().id);
    // even without the key, the same photo is the same file, attached once
    expect((await upload(`${url}/photos`, photo)).statusCode).toBe(201);
    view = (
      await t.app.inject({ url: `/api/inspections/${id}`, headers: { cookie: cookie['a.inspector'] } })
    ).json();
    expect(view.findings[1].photos).toHaveLength(1);
    expect(p1.json().exifTakenAt).toBe('2026-12-07T01:30:15.000Z');
  });

  it('If-Match: an edit of a changed inspection answers 409 INSPECTION_CHANGED with the version now', async () => {
    const v = view.version;
    const ok = await send('PATCH', `/api/inspections/${id}`, { place: '1号楼' }, undefined, undefined, {
      'if-match': String(v),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().version).toBe(v + 1);
    const stale = await send('PATCH', `/api/inspections/${id}`, { place: '2号楼' }, undefined, undefined, {
      'if-match': `"${v}"`,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'INSPECTION_CHANGED', details: { version: v + 1 } });
    const bad = await send('PATCH', `/api/inspections/${id}`, { place: '2号楼' }, undefined, undefined, {
      'if-match': 'abc',
    });
    expect(bad.statusCode).toBe(400);
    // a findings change does not bump it (the device's own queued findings never conflict with its edit)
    await send('PUT', `/api/inspections/${id}/findings/${view.findings[0].id}`, { result: 'pass' });
    const after = (
      await t.app.inject({ url: `/api/inspections/${id}`, headers: { cookie: cookie['a.inspector'] } })
    ).json();
    expect(after.version).toBe(v + 1);
    view = after;
  });

  it('finishing twice with one key makes each hazard once; the second is the first answer', async () => {
    const co = await userId(a.coInspector);
    const me = await userId(a.users.inspector);
    expect((await send('POST', `/api/inspections/${id}/participants`, { userId: co })).statusCode).toBe(200);
    const teamChanged = (
      await t.app.inject({ url: `/api/inspections/${id}`, headers: { cookie: cookie['a.inspector'] } })
    ).json();
    expect(teamChanged.version).toBeGreaterThan(view.version); // a reassignment is a change
    for (const who of [cookie['a.inspector'], cookie['a.coInspector']])
      expect(
        (await send('POST', `/api/inspections/${id}/participants/confirm`, undefined, undefined, who))
          .statusCode,
      ).toBe(200);
    const sig = (userIdOf: string, who: string, key: string) =>
      send(
        'POST',
        `/api/inspections/${id}/signatures`,
        { party: 'inspector', userId: userIdOf, signerName: '检查员', image: SIGNATURE },
        key,
        who,
      );
    const k1 = randomUUID();
    expect((await sig(co, cookie['a.coInspector'], k1)).statusCode).toBe(201);
    const k2 = randomUUID();
    expect((await sig(me, cookie['a.inspector'], k2)).statusCode).toBe(201);
    expect((await sig(me, cookie['a.inspector'], k2)).headers['idempotent-replayed']).toBe('true');
    const refused = {
      party: 'inspected',
      refused: true,
      signerName: '项目经理',
      refusalReason: '拒绝签字',
      witnessName: '监理',
    };
    expect((await send('POST', `/api/inspections/${id}/signatures`, refused, randomUUID())).statusCode).toBe(
      201,
    );
    const signed = (
      await t.app.inject({ url: `/api/inspections/${id}`, headers: { cookie: cookie['a.inspector'] } })
    ).json();
    expect(signed.signatures.length).toBe(3);

    const key = randomUUID();
    const first = await send('POST', `/api/inspections/${id}/finish`, undefined, key);
    expect(first.statusCode, first.body).toBe(200);
    const second = await send('POST', `/api/inspections/${id}/finish`, undefined, key);
    expect(second.statusCode).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().hazards).toEqual(first.json().hazards);
    expect(first.json().hazards).toHaveLength(1);
    expect(await countWhere('hazards', 'inspection_id', id)).toBe(1);
    // without the key a second finish is refused, as before
    expect((await send('POST', `/api/inspections/${id}/finish`, undefined)).statusCode).toBe(409);
  });

  it('keys expire after 7 days (the job removes them)', async () => {
    const before = Number(
      (
        await t.deps.database.db
          .selectFrom('idempotent_requests')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(before).toBeGreaterThan(3);
    expect(await expireIdempotentRequests(t.deps.database.db, t.deps.now())).toBe(0);
    const later = new Date(t.deps.now().getTime() + 8 * 86_400_000);
    expect(await expireIdempotentRequests(t.deps.database.db, later)).toBe(before);
  });
});

describe('conflicts at sync', () => {
  it('a target outside the jurisdiction answers 404, like a missing one', async () => {
    const res = await send(
      'POST',
      '/api/inspections',
      {
        id: randomUUID(),
        kind: 'routine',
        targetKind: 'project',
        targetId: b.ids.project,
        itemIds,
      },
      randomUUID(),
    );
    expect(res.statusCode).toBe(404);
  });

  it('items of a checklist version retired meanwhile answer 409 CHECKLIST_VERSION_RETIRED', async () => {
    const version = await t.deps.database.db
      .selectFrom('checklist_items')
      .select('version_id')
      .where('id', '=', industryItem)
      .executeTakeFirstOrThrow();
    await t.deps.database.db
      .updateTable('checklist_versions')
      .set({ status: 'retired' })
      .where('id', '=', version.version_id)
      .execute();
    const res = await send(
      'POST',
      '/api/inspections',
      {
        id: randomUUID(),
        kind: 'routine',
        targetKind: 'enterprise',
        targetId: a.ids.enterprise,
        itemIds: [industryItem],
      },
      randomUUID(),
    );
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'CHECKLIST_VERSION_RETIRED', field: 'itemIds' });
  });
});
