import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Me } from '@redline/contracts';
import { createTestApp, DEFAULT_PASSWORD, login, type TestApp } from './helpers/harness.ts';
import { createWorld } from './helpers/factories.ts';
import { client, expectError, expectShape } from './helpers/client.ts';
import { sha256Hex } from '../src/crypto.ts';

/** Login, sessions, password change, rate limiting and API tokens. */
let t: TestApp;
/** Every response body seen in this file, scanned at the end for secrets. */
const seen: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const original = t.app.inject.bind(t.app);
  t.app.inject = (async (opts: never) => {
    const res = await original(opts);
    seen.push(res.body + JSON.stringify(res.headers));
    return res;
  }) as never;
});
afterAll(() => t?.close());

const world = (tag: string) =>
  createWorld(t.deps.database.db, t.deps.secrets, { county: '310116', town: '310116101', tag });
const loginRes = (username: string, password: string, extra: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, ...extra });

describe('login', () => {
  it('logs in with the right password, returns the user and an HttpOnly SameSite session cookie', async () => {
    const w = await world('Alpha');
    const res = await loginRes(w.users.inspector, DEFAULT_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    const me = res.json();
    expectShape(Me, me);
    expect(me).toMatchObject({
      username: w.users.inspector,
      role: 'inspector',
      regionCode: '310116',
      authority: { id: w.authorityId },
    });
    const cookie = res.cookies.find((c) => c.name === 'rl_session');
    expect(cookie).toBeDefined();
    expect(cookie!.value.length).toBeGreaterThanOrEqual(32);
    expect(cookie!.httpOnly).toBe(true);
    expect(String(cookie!.sameSite).toLowerCase()).toBe('lax');
    expect(cookie!.path).toBe('/');
    expect(cookie!.maxAge).toBe(12 * 3600);
    // Only the hash of the token is stored.
    const stored = await t.deps.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).toContain(sha256Hex(cookie!.value));
    expect(stored.map((s) => s.token_hash)).not.toContain(cookie!.value);
  });

  it('is case- and space-insensitive on the username', async () => {
    const w = await world('Beta');
    const res = await loginRes(`  ${w.users.leader.toUpperCase()} `, DEFAULT_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().username).toBe(w.users.leader);
  });

  it('answers a wrong password and an unknown user with the same status and message', async () => {
    const w = await world('Gamma');
    const wrong = await loginRes(w.users.admin, 'not-the-password');
    const unknown = await loginRes('nobody.here', 'not-the-password');
    expectError(wrong, 401, { code: 'INVALID_CREDENTIALS', message: /wrong username or password/i });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    expect(wrong.cookies.find((c) => c.name === 'rl_session')).toBeUndefined();
  });

  it('refuses an inactive user with the same message, even with the right password', async () => {
    const w = await world('Delta');
    const cookie = await login(t.app, w.users.duty_officer);
    await t.deps.database.db
      .updateTable('users')
      .set({ active: false })
      .where('username', '=', w.users.duty_officer)
      .execute();
    const res = await loginRes(w.users.duty_officer, DEFAULT_PASSWORD);
    expectError(res, 401, { code: 'INVALID_CREDENTIALS' });
    expect(res.body).toBe((await loginRes('nobody.here', DEFAULT_PASSWORD)).body);
    // An existing session of a deactivated user no longer authenticates.
    expectError(await client(t.app, cookie).get('/api/auth/me'), 401, { code: 'UNAUTHENTICATED' });
  });

  it('validates the login body', async () => {
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } }),
      400,
      { code: 'VALIDATION', field: 'password' },
    );
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'x', password: 'y', remember: true },
      }),
      400,
      {
        code: 'VALIDATION',
        field: 'remember',
      },
    );
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username":',
      }),
      400,
      { code: 'BAD_JSON' },
    );
  });
});

describe('session', () => {
  it('GET /api/auth/me needs a session and returns the caller', async () => {
    expectError(await t.app.inject({ url: '/api/auth/me' }), 401, { code: 'UNAUTHENTICATED' });
    expectError(
      await t.app.inject({ url: '/api/auth/me', headers: { cookie: 'rl_session=forged-token-value' } }),
      401,
      { code: 'UNAUTHENTICATED' },
    );
    const w = await world('Epsilon');
    const res = await client(t.app, await login(t.app, w.users.enterprise_manager)).get('/api/auth/me');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      username: w.users.enterprise_manager,
      role: 'enterprise_manager',
      enterpriseId: w.ids.enterprise,
      authority: null,
    });
    expect(res.json().enterpriseName).toMatch(/Epsilon测试机械有限公司/);
  });

  it('logout ends the session on the server, not just in the browser', async () => {
    const w = await world('Zeta');
    const cookie = await login(t.app, w.users.inspector);
    const other = await login(t.app, w.users.inspector);
    const res = await client(t.app, cookie).post('/api/auth/logout');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const cleared = res.cookies.find((c) => c.name === 'rl_session');
    expect(cleared?.value ?? '').toBe('');
    expect(cleared!.expires!.getTime()).toBeLessThan(Date.now());
    // Replaying the old cookie does not work…
    expectError(await client(t.app, cookie).get('/api/auth/me'), 401, { code: 'UNAUTHENTICATED' });
    // …while another session of the same user is untouched.
    expect((await client(t.app, other).get('/api/auth/me')).statusCode).toBe(200);
  });

  it('an expired session does not authenticate', async () => {
    const w = await world('Eta');
    const cookie = await login(t.app, w.users.leader);
    const token = cookie.split('=')[1];
    await t.deps.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', sha256Hex(token))
      .execute();
    expectError(await client(t.app, cookie).get('/api/auth/me'), 401, { code: 'UNAUTHENTICATED' });
  });
});

describe('change password', () => {
  it('refuses a wrong current password naming currentPassword', async () => {
    const w = await world('Theta');
    const api = client(t.app, await login(t.app, w.users.inspector));
    expectError(
      await api.post('/api/auth/password', {
        currentPassword: 'wrong-password',
        newPassword: 'a-brand-new-password',
      }),
      400,
      {
        code: 'VALIDATION',
        field: 'currentPassword',
      },
    );
    expectError(
      await api.post('/api/auth/password', {
        currentPassword: DEFAULT_PASSWORD,
        newPassword: DEFAULT_PASSWORD,
      }),
      400,
      { field: 'newPassword' },
    );
    expectError(
      await api.post('/api/auth/password', { currentPassword: DEFAULT_PASSWORD, newPassword: 'short' }),
      400,
      { field: 'newPassword' },
    );
    // Nothing changed: the old password still works.
    expect((await loginRes(w.users.inspector, DEFAULT_PASSWORD)).statusCode).toBe(200);
  });

  it('changes the password and ends the other sessions, keeping this one', async () => {
    const w = await world('Iota');
    const mine = await login(t.app, w.users.leader);
    const stolen = await login(t.app, w.users.leader);
    const res = await client(t.app, mine).post('/api/auth/password', {
      currentPassword: DEFAULT_PASSWORD,
      newPassword: 'a-brand-new-password',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await client(t.app, mine).get('/api/auth/me')).statusCode).toBe(200);
    expectError(await client(t.app, stolen).get('/api/auth/me'), 401, { code: 'UNAUTHENTICATED' });
    expectError(await loginRes(w.users.leader, DEFAULT_PASSWORD), 401, { code: 'INVALID_CREDENTIALS' });
    expect((await loginRes(w.users.leader, 'a-brand-new-password')).statusCode).toBe(200);
    const row = await t.deps.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', w.users.leader)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('clears mustChangePassword', async () => {
    const w = await world('Kappa');
    await t.deps.database.db
      .updateTable('users')
      .set({ must_change_password: true })
      .where('username', '=', w.users.worker)
      .execute();
    const api = client(t.app, await login(t.app, w.users.worker));
    expect((await api.get('/api/auth/me')).json().mustChangePassword).toBe(true);
    expect(
      (
        await api.post('/api/auth/password', {
          currentPassword: DEFAULT_PASSWORD,
          newPassword: 'another-new-password',
        })
      ).statusCode,
    ).toBe(200);
    expect((await api.get('/api/auth/me')).json().mustChangePassword).toBe(false);
  });

  it('needs a session', async () => {
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: 'x', newPassword: 'long-enough-password' },
      }),
      401,
      {
        code: 'UNAUTHENTICATED',
      },
    );
  });
});

describe('API tokens', () => {
  it('creates a token that authenticates as Bearer, lists it without the secret, and revokes it', async () => {
    const w = await world('Lambda');
    const session = client(t.app, await login(t.app, w.users.inspector));
    const created = await session.post('/api/auth/tokens', { name: 'GIS integration' });
    expect(created.statusCode, created.body).toBe(201);
    const { token, info } = created.json();
    expect(token).toMatch(/^rlt_[A-Za-z0-9_-]{20,}$/);
    expect(info).toMatchObject({
      name: 'GIS integration',
      prefix: token.slice(0, 10),
      revokedAt: null,
      lastUsedAt: null,
    });

    const bearer = client(t.app, `Bearer ${token}`);
    const me = await bearer.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe(w.users.inspector);
    // The token works on data routes with the owner's scope.
    const list = await bearer.get('/api/enterprises?pageSize=200');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((e: { id: string }) => e.id)).toContain(w.ids.enterprise);

    const listed = await session.get('/api/auth/tokens');
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(token);
    expect(listed.body).not.toContain(sha256Hex(token));
    const mine = listed.json().find((x: { id: string }) => x.id === info.id);
    expect(mine.lastUsedAt).not.toBeNull();
    expect(Object.keys(mine).sort()).toEqual([
      'createdAt',
      'id',
      'lastUsedAt',
      'name',
      'prefix',
      'revokedAt',
    ]);

    expect((await session.delete(`/api/auth/tokens/${info.id}`)).statusCode).toBe(200);
    expectError(await bearer.get('/api/auth/me'), 401, { code: 'UNAUTHENTICATED' });
    expectError(await session.delete(`/api/auth/tokens/${info.id}`), 404, { code: 'NOT_FOUND' });
    expect(
      (await session.get('/api/auth/tokens')).json().find((x: { id: string }) => x.id === info.id).revokedAt,
    ).not.toBeNull();
  });

  it('a token cannot create further tokens', async () => {
    const w = await world('Mu');
    const session = client(t.app, await login(t.app, w.users.admin));
    const { token } = (await session.post('/api/auth/tokens', { name: 'sync' })).json();
    expectError(await client(t.app, `Bearer ${token}`).post('/api/auth/tokens', { name: 'more' }), 403, {
      code: 'FORBIDDEN',
    });
    expect((await session.get('/api/auth/tokens')).json()).toHaveLength(1);
  });

  it("cannot revoke another user's token", async () => {
    const w = await world('Nu');
    const owner = client(t.app, await login(t.app, w.users.inspector));
    const { token, info } = (await owner.post('/api/auth/tokens', { name: 'mine' })).json();
    const other = client(t.app, await login(t.app, w.users.admin));
    expectError(await other.delete(`/api/auth/tokens/${info.id}`), 404, { code: 'NOT_FOUND' });
    expect((await client(t.app, `Bearer ${token}`).get('/api/auth/me')).statusCode).toBe(200);
  });

  it('refuses unknown, malformed and inactive-owner tokens', async () => {
    const w = await world('Xi');
    expectError(await client(t.app, 'Bearer rlt_not-a-real-token-at-all-000000').get('/api/auth/me'), 401, {
      code: 'UNAUTHENTICATED',
    });
    expectError(await client(t.app, 'Bearer something-else').get('/api/auth/me'), 401, {
      code: 'UNAUTHENTICATED',
    });
    const session = client(t.app, await login(t.app, w.users.leader));
    const { token } = (await session.post('/api/auth/tokens', { name: 'x' })).json();
    await t.deps.database.db
      .updateTable('users')
      .set({ active: false })
      .where('username', '=', w.users.leader)
      .execute();
    expectError(await client(t.app, `Bearer ${token}`).get('/api/auth/me'), 401, { code: 'UNAUTHENTICATED' });
  });

  it('validates the token body and id', async () => {
    const w = await world('Omicron');
    const session = client(t.app, await login(t.app, w.users.admin));
    expectError(await session.post('/api/auth/tokens', {}), 400, { code: 'VALIDATION', field: 'name' });
    expectError(await session.post('/api/auth/tokens', { name: 'x'.repeat(61) }), 400, {
      code: 'VALIDATION',
      field: 'name',
    });
    expectError(await session.delete('/api/auth/tokens/not-a-uuid'), 400, {
      code: 'VALIDATION',
      field: 'id',
    });
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'x' } }),
      401,
      { code: 'UNAUTHENTICATED' },
    );
  });
});

describe('secrets never leave the server', () => {
  it('no response (of this test or any other in this file) carries a password hash, a stored token hash or the encryption key', async () => {
    const w = await world('Pi');
    const admin = client(t.app, await login(t.app, w.users.admin));
    const before = seen.length;
    await admin.get('/api/auth/me');
    await admin.post('/api/auth/tokens', { name: 'scan' });
    await admin.get('/api/auth/tokens');
    await admin.get('/api/users?pageSize=200');
    await admin.patch(`/api/users/${(await admin.get('/api/users?role=worker')).json().items[0].id}`, {
      password: 'reset-password-123',
    });
    await admin.post('/api/users', {
      username: `pi.new.${Date.now()}`,
      displayName: 'New',
      password: 'initial-password',
      role: 'inspector',
      authorityId: w.authorityId,
    });
    await admin.post('/api/auth/password', {
      currentPassword: DEFAULT_PASSWORD,
      newPassword: 'my-fresh-pass-phrase',
    });
    await admin.post('/api/auth/logout');
    expect(seen.length - before).toBeGreaterThanOrEqual(9);
    const hashes = await t.deps.database.db.selectFrom('users').select('password_hash').execute();
    const sessionHashes = await t.deps.database.db.selectFrom('sessions').select('token_hash').execute();
    const tokenHashes = await t.deps.database.db.selectFrom('api_tokens').select('token_hash').execute();
    const all = seen.join('\n');
    expect(all).not.toMatch(/\$argon2/);
    expect(all).not.toMatch(/password_?hash|token_?hash/i);
    for (const h of [
      ...hashes.map((r) => r.password_hash),
      ...sessionHashes.map((r) => r.token_hash),
      ...tokenHashes.map((r) => r.token_hash),
    ]) {
      expect(all.includes(h)).toBe(false);
    }
    expect(all).not.toContain('test-secret-key-that-is-long-enough');
  });
});

describe('rate-limited login', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({
      env: { LOGIN_RATE_LIMIT: '3', PUBLIC_URL: 'https://redline.example.gov.cn' },
    });
  });
  afterAll(() => limited?.close());
  const attempt = (username: string, password: string, opts: { ip?: string; forwardedFor?: string } = {}) =>
    limited.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: opts.ip ?? '203.0.113.10',
      ...(opts.forwardedFor && { headers: { 'x-forwarded-for': opts.forwardedFor } }),
    });

  it('answers 429 with a clear message after N attempts, even with the right password', async () => {
    const w = await createWorld(limited.deps.database.db, limited.deps.secrets, {
      county: '150602',
      tag: 'Rho',
    });
    for (let i = 0; i < 3; i++) expect((await attempt(w.users.admin, 'guess-' + i)).statusCode).toBe(401);
    const blocked = await attempt(w.users.admin, DEFAULT_PASSWORD);
    expectError(blocked, 429, { code: 'RATE_LIMITED', message: /too many login attempts.*try again/i });
    expect(blocked.headers['retry-after']).toBeDefined();
  });

  it('cannot be bypassed by a forged X-Forwarded-For header', async () => {
    const w = await createWorld(limited.deps.database.db, limited.deps.secrets, {
      county: '150603',
      tag: 'Sigma',
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await attempt(w.users.leader, 'guess-' + i, { ip: '198.51.100.7', forwardedFor: `10.0.0.${i}` }))
          .statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('limits per address and account: another account, or the same account elsewhere, can still log in', async () => {
    const w = await createWorld(limited.deps.database.db, limited.deps.secrets, {
      county: '320411',
      tag: 'Tau',
    });
    for (let i = 0; i < 4; i++) await attempt(w.users.inspector, 'guess-' + i, { ip: '192.0.2.44' });
    expect((await attempt(w.users.inspector, DEFAULT_PASSWORD, { ip: '192.0.2.44' })).statusCode).toBe(429);
    expect((await attempt(w.users.leader, DEFAULT_PASSWORD, { ip: '192.0.2.44' })).statusCode).toBe(200);
    expect((await attempt(w.users.inspector, DEFAULT_PASSWORD, { ip: '192.0.2.45' })).statusCode).toBe(200);
  });

  it('marks the session cookie Secure when PUBLIC_URL is https', async () => {
    const w = await createWorld(limited.deps.database.db, limited.deps.secrets, {
      county: '320412',
      tag: 'Upsilon',
    });
    const res = await attempt(w.users.worker, DEFAULT_PASSWORD, { ip: '192.0.2.99' });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'rl_session')!;
    expect(cookie.secure).toBe(true);
    expect(cookie.httpOnly).toBe(true);
  });
});
