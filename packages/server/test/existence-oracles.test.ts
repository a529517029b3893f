import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse as Response } from 'fastify';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, residentId, type World } from './helpers/factories.ts';
import { client, uniq, type Client } from './helpers/client.ts';
import { ROLES } from './helpers/matrix.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';
import type { Role } from '../src/db/schema.ts';

/**
 * Existence oracles: a reference to a record of another jurisdiction — in a path or in a body —
 * must answer exactly like a reference to nothing: same status, same code, same message. Each
 * case below sends the same request twice, once naming a foreign record and once a random id, and
 * compares the whole response.
 */
let t: TestApp;
let home: World;
let away: World;
const cookies = {} as Record<Role, string>;
const as = {} as Record<Role, Client>;
/** The test client has no PUT. */
const put = (role: Role, url: string, payload: object) =>
  t.app.inject({ method: 'PUT', url, headers: { cookie: cookies[role] }, payload });
/** Foreign checklist records: an item and a module of a draft, and an item of a published version. */
const foreign = {
  draftItem: '',
  draftModule: '',
  publishedItem: '',
  publishedModule: '',
  publishedLibrary: '',
  publishedVersion: '',
};

const uid = async (username: string) =>
  (
    await t.deps.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
  ).id;

const ITEM = {
  code: 'ZZ.1.1',
  title: { zh: '消防通道保持畅通', en: 'Fire lanes kept clear' },
  check: { zh: '查看消防通道', en: 'Look at the fire lanes' },
  method: { kind: 'document' },
  handling: { grade: 'general', rectifyDays: 7, measure: 'rectification_order' },
  basis: [{ doc: '中华人民共和国消防法', clause: '第二十八条' }],
};

/** A local library of the foreign jurisdiction with one module and one item, as a draft and published. */
async function foreignLibrary() {
  const leader = client(t.app, await login(t.app, away.users.leader));
  const make = async (code: string, publish: boolean) => {
    const lib = await leader.post('/api/checklists', {
      code,
      name: { zh: '外地补充清单', en: 'Elsewhere additions' },
      scope: 'industry',
    });
    expect(lib.statusCode, lib.body).toBe(201);
    const draftId = lib.json().draft.id;
    const mod = await leader.post(`/api/checklist-versions/${draftId}/modules`, {
      code: 'ZZ.1',
      name: { zh: '消防', en: 'Fire' },
    });
    expect(mod.statusCode, mod.body).toBe(201);
    const moduleId = mod.json().modules[0].id;
    const item = await leader.post(`/api/checklist-versions/${draftId}/items`, { moduleId, item: ITEM });
    expect(item.statusCode, item.body).toBe(201);
    if (publish)
      expect((await leader.post(`/api/checklist-versions/${draftId}/publish`)).statusCode).toBe(200);
    return { moduleId, itemId: item.json().id as string, libraryId: lib.json().id as string, draftId };
  };
  const draft = await make(uniq('away-draft-').toLowerCase(), false);
  const published = await make(uniq('away-pub-').toLowerCase(), true);
  foreign.draftItem = draft.itemId;
  foreign.draftModule = draft.moduleId;
  foreign.publishedItem = published.itemId;
  foreign.publishedModule = published.moduleId;
  foreign.publishedLibrary = published.libraryId;
  foreign.publishedVersion = published.draftId;
}

beforeAll(async () => {
  t = await createTestApp();
  await loadStarterChecklists(t.deps.database.db);
  const db = t.deps.database.db;
  home = await createWorld(db, t.deps.secrets, { county: '310116', town: '310116101', tag: 'Jinshan' });
  away = await createWorld(db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  for (const role of ROLES) {
    cookies[role] = await login(t.app, home.users[role]);
    as[role] = client(t.app, cookies[role]);
  }
  await foreignLibrary();
});
afterAll(() => t?.close());

const awayLeaderName = () => away.users.leader;

/** The two responses must be the same, byte for byte, and a 4xx. */
function expectSame(foreignRes: Response, missingRes: Response, label: string) {
  expect(foreignRes.statusCode, `${label}: status (${foreignRes.body} vs ${missingRes.body})`).toBe(
    missingRes.statusCode,
  );
  expect(foreignRes.body, `${label}: body`).toBe(missingRes.body);
  expect(foreignRes.statusCode, label).toBeGreaterThanOrEqual(400);
  expect(foreignRes.statusCode, label).toBeLessThan(500);
}

describe('inspection groups', () => {
  const group = (leaderId: string, memberIds: string[] = []) => ({
    name: '专项督导组',
    kind: 'supervision',
    leaderId,
    memberIds,
  });

  it('a foreign regulator as leader answers like a missing user, naming no one', async () => {
    for (const role of ['admin', 'leader'] as const) {
      for (const who of ['leader', 'inspector', 'admin', 'enterprise_manager', 'worker'] as const) {
        const f = await as[role].post('/api/inspection-groups', group(await uid(away.users[who])));
        const m = await as[role].post('/api/inspection-groups', group(randomUUID()));
        expectSame(f, m, `leader = foreign ${who}, as ${role}`);
        expect(f.json().error).toMatchObject({ code: 'VALIDATION', field: 'leaderId' });
        expect(f.body).not.toContain('Dongsheng');
      }
    }
  });

  it('a foreign member answers like a missing one, at its position', async () => {
    const leaderId = await uid(home.users.leader);
    const f = await as.leader.post(
      '/api/inspection-groups',
      group(leaderId, [await uid(home.users.inspector), await uid(away.users.inspector)]),
    );
    const m = await as.leader.post(
      '/api/inspection-groups',
      group(leaderId, [await uid(home.users.inspector), randomUUID()]),
    );
    expectSame(f, m, 'member = foreign inspector');
    expect(f.json().error.field).toBe('memberIds.1');
  });

  it('a person the caller can see but who cannot serve still gets the specific reason', async () => {
    const res = await as.leader.post('/api/inspection-groups', group(await uid(home.users.duty_officer)));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ field: 'leaderId', message: /not a regulator/ });
  });

  it('the own jurisdiction’s regulators still form a group', async () => {
    const res = await as.leader.post(
      '/api/inspection-groups',
      group(await uid(home.users.leader), [await uid(home.users.inspector)]),
    );
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('inspection team', () => {
  it('a foreign person on the team answers like a missing one', async () => {
    const item = (
      await t.deps.database.db
        .selectFrom('checklist_items as i')
        .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
        .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
        .select('i.id')
        .where('l.code', '=', 'major-hazards-housing-2024')
        .executeTakeFirstOrThrow()
    ).id;
    const inspect = (memberIds: string[], kind = 'routine') =>
      ({ kind, targetKind: 'project', targetId: home.ids.project, itemIds: [item], memberIds }) as const;
    const me = await uid(home.users.inspector);
    for (const who of ['inspector', 'leader', 'enterprise_manager', 'duty_officer'] as const) {
      const f = await as.inspector.post('/api/inspections', inspect([me, await uid(away.users[who])]));
      const m = await as.inspector.post('/api/inspections', inspect([me, randomUUID()]));
      expectSame(f, m, `member = foreign ${who}`);
      expect(f.json().error.field).toBe('memberIds.1');
    }
  });
});

describe('checklist items and modules', () => {
  it('a foreign item answers GET, PUT and DELETE like a missing one, for every role', async () => {
    for (const role of ROLES) {
      for (const id of [foreign.draftItem, foreign.publishedItem]) {
        const random = randomUUID();
        const api = as[role];
        expectSame(
          await api.get(`/api/checklist-items/${id}`),
          await api.get(`/api/checklist-items/${random}`),
          `GET item as ${role}`,
        );
        expectSame(
          await put(role, `/api/checklist-items/${id}`, { item: ITEM }),
          await put(role, `/api/checklist-items/${random}`, { item: ITEM }),
          `PUT item as ${role}`,
        );
        expectSame(
          await api.delete(`/api/checklist-items/${id}`),
          await api.delete(`/api/checklist-items/${random}`),
          `DELETE item as ${role}`,
        );
      }
    }
  });

  it('a foreign module answers PATCH and DELETE like a missing one, for every role', async () => {
    for (const role of ROLES) {
      for (const id of [foreign.draftModule, foreign.publishedModule]) {
        const random = randomUUID();
        const api = as[role];
        expectSame(
          await api.patch(`/api/checklist-modules/${id}`, { name: { zh: '改名', en: 'Renamed' } }),
          await api.patch(`/api/checklist-modules/${random}`, { name: { zh: '改名', en: 'Renamed' } }),
          `PATCH module as ${role}`,
        );
        expectSame(
          await api.delete(`/api/checklist-modules/${id}`),
          await api.delete(`/api/checklist-modules/${random}`),
          `DELETE module as ${role}`,
        );
      }
    }
    // Nothing of the foreign library changed.
    const left = await t.deps.database.db
      .selectFrom('checklist_items')
      .select('id')
      .where('id', 'in', [foreign.draftItem, foreign.publishedItem])
      .execute();
    expect(left).toHaveLength(2);
  });
});

describe('checklist import', () => {
  it('a library file whose code another jurisdiction uses does not name that library', async () => {
    const away = client(t.app, await login(t.app, awayLeaderName()));
    const file = await away.get(`/api/checklist-versions/${foreign.publishedVersion}/export?format=json`);
    expect(file.statusCode, file.body).toBe(200);
    const res = await as.leader.upload(
      '/api/checklists/import?mode=commit',
      Buffer.from(file.body),
      'library.json',
      'application/json',
    );
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('LIBRARY_EXISTS');
    expect(res.body).not.toContain(foreign.publishedLibrary);
  });
});

describe('registry import', () => {
  it('a certificate whose holder is a foreign worker reads like one whose holder is not registered', async () => {
    const db = t.deps.database.db;
    const w = await db
      .selectFrom('workers')
      .select('id_number_cipher')
      .where('id', '=', away.ids.worker)
      .executeTakeFirstOrThrow();
    const foreignIdNumber = t.deps.secrets.decrypt(w.id_number_cipher);
    const unknownIdNumber = residentId('150602', '19770707');
    const sheet = (idNumber: string) =>
      Buffer.from(`持证人身份证号,作业类别,证书编号,发证日期\n${idNumber},EM-01,C-${uniq()},2025-06-01\n`);
    const f = await as.admin.upload(
      '/api/certificates/import?mode=validate',
      sheet(foreignIdNumber),
      'c.csv',
      'text/csv',
    );
    const m = await as.admin.upload(
      '/api/certificates/import?mode=validate',
      sheet(unknownIdNumber),
      'c.csv',
      'text/csv',
    );
    expect(f.statusCode, f.body).toBe(200);
    const errors = (r: Response) =>
      r.json().errors.map((e: { message: string; code: string }) => [e.code, e.message]);
    expect(errors(f)).toEqual(errors(m));
    expect(f.body).not.toContain(away.ids.worker);
  });
});
