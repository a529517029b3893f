import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Page, UserView } from '@redline/contracts';
import { createTestApp, DEFAULT_PASSWORD, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, uniq, type Client } from './helpers/client.ts';

/** Administrators manage the accounts of their own jurisdiction. */
let t: TestApp;
let home: World;
let foreign: World;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  home = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Xinbei' });
  foreign = await createWorld(t.deps.database.db, t.deps.secrets, { county: '340104', tag: 'Shushan' });
  admin = client(t.app, await login(t.app, home.users.admin));
});
afterAll(() => t?.close());

const newUsername = () => uniq('u').toLowerCase();

describe('create', () => {
  it('creates an inspector in the authority region; the new user logs in and must change the password', async () => {
    const username = newUsername();
    const res = await admin.post('/api/users', {
      username,
      displayName: '王检查',
      password: 'first-password-1',
      role: 'inspector',
      authorityId: home.authorityId,
      licenceNo: 'JS-0001',
      phone: '0519-8888',
    });
    expect(res.statusCode, res.body).toBe(201);
    const user = res.json();
    expectShape(UserView, user);
    expect(user).toMatchObject({
      username,
      displayName: '王检查',
      role: 'inspector',
      regionCode: '320411',
      authorityId: home.authorityId,
      licenceNo: 'JS-0001',
      active: true,
    });
    expect(res.body).not.toMatch(/password/i);
    const session = client(t.app, await login(t.app, username, 'first-password-1'));
    const me = (await session.get('/api/auth/me')).json();
    expect(me).toMatchObject({ role: 'inspector', mustChangePassword: true, regionCode: '320411' });
    const stored = await t.deps.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('links an enterprise manager to an enterprise, taking its region', async () => {
    const res = await admin.post('/api/users', {
      username: newUsername(),
      displayName: '企业安全员',
      password: 'first-password-1',
      role: 'enterprise_manager',
      enterpriseId: home.ids.enterprise,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      role: 'enterprise_manager',
      enterpriseId: home.ids.enterprise,
      regionCode: '320411',
      authorityId: null,
    });
  });

  it('refuses a regulator without an authority, naming authorityId', async () => {
    for (const role of ['leader', 'inspector', 'duty_officer']) {
      expectError(
        await admin.post('/api/users', {
          username: newUsername(),
          displayName: 'X',
          password: 'first-password-1',
          role,
        }),
        400,
        {
          code: 'VALIDATION',
          field: 'authorityId',
          message: /authority/i,
        },
      );
    }
  });

  it('refuses an enterprise manager without an enterprise, and a worker account without a worker record', async () => {
    expectError(
      await admin.post('/api/users', {
        username: newUsername(),
        displayName: 'X',
        password: 'first-password-1',
        role: 'enterprise_manager',
      }),
      400,
      { field: 'enterpriseId' },
    );
    expectError(
      await admin.post('/api/users', {
        username: newUsername(),
        displayName: 'X',
        password: 'first-password-1',
        role: 'worker',
      }),
      400,
      { field: 'workerId' },
    );
  });

  it("refuses another jurisdiction's authority, enterprise or worker as if it did not exist", async () => {
    const base = { displayName: 'X', password: 'first-password-1' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ role: 'inspector', authorityId: foreign.authorityId }, 'authorityId'],
      [{ role: 'inspector', authorityId: randomUUID() }, 'authorityId'],
      [{ role: 'enterprise_manager', enterpriseId: foreign.ids.enterprise }, 'enterpriseId'],
      [{ role: 'worker', workerId: foreign.ids.worker }, 'workerId'],
      [{ role: 'admin', regionCode: '34' }, 'regionCode'],
    ];
    for (const [body, field] of cases) {
      expectError(await admin.post('/api/users', { username: newUsername(), ...base, ...body }), 400, {
        code: 'VALIDATION',
        field,
      });
    }
    const foreignAuthority = await admin.post('/api/users', {
      username: newUsername(),
      ...base,
      role: 'inspector',
      authorityId: foreign.authorityId,
    });
    const missingAuthority = await admin.post('/api/users', {
      username: newUsername(),
      ...base,
      role: 'inspector',
      authorityId: randomUUID(),
    });
    expect(foreignAuthority.json().error.message).toBe(missingAuthority.json().error.message);
  });

  it('answers a duplicate username with 409 naming username', async () => {
    expectError(
      await admin.post('/api/users', {
        username: home.users.worker,
        displayName: 'X',
        password: 'first-password-1',
        role: 'admin',
      }),
      409,
      {
        code: 'CONFLICT',
        field: 'username',
      },
    );
    // Even when the other account lives in another jurisdiction.
    expectError(
      await admin.post('/api/users', {
        username: foreign.users.leader,
        displayName: 'X',
        password: 'first-password-1',
        role: 'admin',
      }),
      409,
      { field: 'username' },
    );
  });

  it('concurrent creates of one username: one 201, the others 409 (never a 500 from the unique index)', async () => {
    const username = newUsername();
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        admin.post('/api/users', {
          username,
          displayName: '并发',
          password: 'first-password-1',
          role: 'admin',
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json().error.code).toBe('CONFLICT');
      expect(r.body).not.toContain(username + ')'); // no database detail quoting stored values
    }
  });

  it('validates the body: username pattern, short password, unknown role, unknown field', async () => {
    const ok = { username: newUsername(), displayName: 'X', password: 'first-password-1', role: 'admin' };
    expectError(await admin.post('/api/users', { ...ok, username: 'Has Spaces' }), 400, {
      code: 'VALIDATION',
      field: 'username',
    });
    expectError(await admin.post('/api/users', { ...ok, password: 'short' }), 400, {
      code: 'VALIDATION',
      field: 'password',
    });
    expectError(await admin.post('/api/users', { ...ok, role: 'superuser' }), 400, {
      code: 'VALIDATION',
      field: 'role',
    });
    expectError(await admin.post('/api/users', { ...ok, isRoot: true }), 400, {
      code: 'VALIDATION',
      field: 'isRoot',
    });
    expectError(await admin.post('/api/users', { ...ok, passwordHash: '$argon2id$v=19$m=1$x' }), 400, {
      field: 'passwordHash',
    });
  });
});

describe('list', () => {
  it("lists only the admin's jurisdiction, filters by role and searches", async () => {
    const res = await admin.get('/api/users?pageSize=200');
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expectShape(Page(UserView), page);
    const names = page.items.map((u: { username: string }) => u.username);
    for (const u of Object.values(home.users)) expect(names).toContain(u);
    for (const u of Object.values(foreign.users)) expect(names).not.toContain(u);
    expect(page.total).toBe(page.items.length);

    const leaders = (await admin.get('/api/users?role=leader&pageSize=200')).json();
    expect(leaders.items.length).toBeGreaterThan(0);
    expect(leaders.items.every((u: { role: string }) => u.role === 'leader')).toBe(true);

    const found = (
      await admin.get(`/api/users?q=${encodeURIComponent(home.users.duty_officer.toUpperCase())}`)
    ).json();
    expect(found.items.map((u: { username: string }) => u.username)).toEqual([home.users.duty_officer]);
  });

  it('paginates without overlap, sorted by username', async () => {
    const all = (await admin.get('/api/users?pageSize=200'))
      .json()
      .items.map((u: { username: string }) => u.username);
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect([...all].sort()).toEqual(all);
    const p1 = (await admin.get('/api/users?pageSize=2')).json();
    const p2 = (await admin.get(`/api/users?pageSize=2&cursor=${p1.nextCursor}`)).json();
    expect(p1.items.map((u: { username: string }) => u.username)).toEqual(all.slice(0, 2));
    expect(p2.items.map((u: { username: string }) => u.username)).toEqual(all.slice(2, 4));
    expect(p2).toMatchObject({ pageSize: 2, total: all.length, totalCapped: false });
  });

  it('refuses every role but admin with 403', async () => {
    for (const role of ['leader', 'inspector', 'duty_officer', 'enterprise_manager', 'worker'] as const) {
      const api = client(t.app, await login(t.app, home.users[role]));
      expectError(await api.get('/api/users'), 403, { code: 'FORBIDDEN' });
      expectError(
        await api.post('/api/users', {
          username: newUsername(),
          displayName: 'X',
          password: 'first-password-1',
          role: 'admin',
        }),
        403,
        { code: 'FORBIDDEN' },
      );
      const victim = (await admin.get(`/api/users?q=${home.users.worker}`)).json().items[0].id;
      expectError(await api.patch(`/api/users/${victim}`, { displayName: 'hacked' }), 403, {
        code: 'FORBIDDEN',
      });
    }
    expectError(await t.app.inject({ url: '/api/users' }), 401, { code: 'UNAUTHENTICATED' });
  });
});

describe('edit', () => {
  const idOf = async (username: string) =>
    (await admin.get(`/api/users?q=${username}`)).json().items[0].id as string;

  it('renames a user and changes their role', async () => {
    const w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Edit' });
    const id = await idOf(w.users.duty_officer);
    const res = await admin.patch(`/api/users/${id}`, {
      displayName: '值班长',
      role: 'leader',
      phone: '139',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, displayName: '值班长', role: 'leader', phone: '139' });
    expect(
      (await client(t.app, await login(t.app, w.users.duty_officer)).get('/api/auth/me')).json().role,
    ).toBe('leader');
  });

  it('deactivating a user ends their sessions and blocks login', async () => {
    const w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Deact' });
    const session = await login(t.app, w.users.inspector);
    const res = await admin.patch(`/api/users/${await idOf(w.users.inspector)}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    expectError(await client(t.app, session).get('/api/auth/me'), 401);
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: w.users.inspector, password: DEFAULT_PASSWORD },
      }),
      401,
      {
        code: 'INVALID_CREDENTIALS',
      },
    );
  });

  it('resetting a password ends sessions and forces a change at next login', async () => {
    const w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '320411', tag: 'Reset' });
    const session = await login(t.app, w.users.leader);
    expect(
      (await admin.patch(`/api/users/${await idOf(w.users.leader)}`, { password: 'temporary-pass-1' }))
        .statusCode,
    ).toBe(200);
    expectError(await client(t.app, session).get('/api/auth/me'), 401);
    const me = (
      await client(t.app, await login(t.app, w.users.leader, 'temporary-pass-1')).get('/api/auth/me')
    ).json();
    expect(me.mustChangePassword).toBe(true);
  });

  it('an admin cannot deactivate themselves nor drop their own admin role', async () => {
    const self = await idOf(home.users.admin);
    expectError(await admin.patch(`/api/users/${self}`, { active: false }), 400, {
      code: 'VALIDATION',
      field: 'active',
    });
    expectError(await admin.patch(`/api/users/${self}`, { role: 'inspector' }), 400, {
      code: 'VALIDATION',
      field: 'role',
    });
    expect((await admin.get('/api/auth/me')).json().role).toBe('admin');
    // Renaming oneself is fine.
    expect((await admin.patch(`/api/users/${self}`, { displayName: '管理员' })).statusCode).toBe(200);
  });

  it('a user of another jurisdiction answers exactly like a missing one', async () => {
    const foreignAdmin = client(t.app, await login(t.app, foreign.users.admin));
    const foreignId = (await foreignAdmin.get(`/api/users?q=${foreign.users.worker}`)).json().items[0].id;
    const a = await admin.patch(`/api/users/${foreignId}`, { displayName: 'x' });
    const b = await admin.patch(`/api/users/${randomUUID()}`, { displayName: 'x' });
    expectError(a, 404, { code: 'NOT_FOUND' });
    expect(a.body).toBe(b.body);
    const unchanged = await t.deps.database.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', foreignId)
      .executeTakeFirstOrThrow();
    expect(unchanged.display_name).not.toBe('x');
  });

  it('validates the patch', async () => {
    const id = await idOf(home.users.worker);
    expectError(await admin.patch(`/api/users/${id}`, { username: 'renamed' }), 400, {
      code: 'VALIDATION',
      field: 'username',
    });
    expectError(await admin.patch(`/api/users/${id}`, { active: 'nope' }), 400, {
      code: 'VALIDATION',
      field: 'active',
    });
    expectError(await admin.patch(`/api/users/${id}`, { displayName: '' }), 400, {
      code: 'VALIDATION',
      field: 'displayName',
    });
    expectError(await admin.patch('/api/users/123', { displayName: 'x' }), 400, {
      code: 'VALIDATION',
      field: 'id',
    });
  });
});
