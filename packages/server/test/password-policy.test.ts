import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEFAULT_PASSWORD, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectError, uniq, type Client } from './helpers/client.ts';
import { hashPassword } from '../src/auth/passwords.ts';

/**
 * Passwords per ASVS 5.0 §6, wherever one is set: changing one's own, an administrator creating
 * or resetting an account, `redline create-admin`. Logging in still accepts any old password.
 */
let t: TestApp;
let w: World;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '310116', tag: 'Pwd' });
  admin = client(t.app, await login(t.app, w.users.admin));
});
afterAll(() => t?.close());

const STRONG = 'violet tractor sings at dawn';

/** [password, why it is refused] — the owner's user name and name are filled in per test. */
const refused = (username: string, displayName: string): Array<[string, RegExp, string]> => [
  ['short-pw', /12/, 'shorter than 12'],
  ['1234567890a', /12/, '11 characters'],
  ['1234567890ab', /WEAK_PASSWORD.*guess/, 'digits and two letters'],
  ['aaaaaaaaaaaa', /WEAK_PASSWORD.*guess/, 'one letter repeated'],
  ['password1234', /WEAK_PASSWORD.*common/, 'common password of 12 characters'],
  ['qwertyuiop12', /WEAK_PASSWORD/, 'keyboard row'],
  ['woaini1314520', /WEAK_PASSWORD.*common/, 'common Chinese password'],
  [`${username}2024`, /WEAK_PASSWORD.*user name or name/, 'user name plus digits'],
  [`${username.replace(/\./g, '')}!!123`, /WEAK_PASSWORD.*user name or name/, 'user name without dots'],
  [`${displayName}-12345678`, /WEAK_PASSWORD.*user name or name/, 'display name plus digits'],
];

const summary = (res: { statusCode: number; json(): { error: { code: string; message: string } } }) =>
  `${res.statusCode} ${res.json().error?.code} ${res.json().error?.message}`;

describe('changing one’s own password', () => {
  it('refuses short, guessable, common and personal passwords, naming the field and the reason', async () => {
    const me = client(t.app, await login(t.app, w.users.inspector));
    const username = w.users.inspector;
    for (const [password, why, label] of refused(username, '王小明')) {
      if (label === 'display name plus digits') continue; // the factory's name is not 王小明
      const res = await me.post('/api/auth/password', {
        currentPassword: DEFAULT_PASSWORD,
        newPassword: password,
      });
      expect(res.statusCode, `${label}: ${res.body}`).toBe(400);
      expect(res.json().error.field, label).toBe('newPassword');
      expect(summary(res), label).toMatch(why);
    }
    // The factory's display name is "Pwd inspector": its words count too.
    const byName = await me.post('/api/auth/password', {
      currentPassword: DEFAULT_PASSWORD,
      newPassword: 'pwd-inspector-555',
    });
    expectError(byName, 400, { code: 'WEAK_PASSWORD', field: 'newPassword', message: /user name or name/ });
    // The details say why, for the form to word in the user's language.
    expect(byName.json().error.details).toMatchObject({ reason: 'personal' });
    const weak = await me.post('/api/auth/password', {
      currentPassword: DEFAULT_PASSWORD,
      newPassword: 'aaaaaaaaaaaa',
    });
    expect(weak.json().error.details).toMatchObject({ reason: 'weak', minScore: 3 });
    expect(weak.json().error.details.score).toBeLessThan(3);
    // Still the old password.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: DEFAULT_PASSWORD },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('accepts a passphrase, long ones too, and Chinese ones', async () => {
    const me = client(t.app, await login(t.app, w.users.leader));
    const long = 'the crane on site seven lifts steel beams at dawn '.repeat(4).slice(0, 200);
    let current = DEFAULT_PASSWORD;
    for (const next of [STRONG, long, '塔吊司机每天早上六点检查钢丝绳']) {
      const res = await me.post('/api/auth/password', { currentPassword: current, newPassword: next });
      expect(res.statusCode, `${next}: ${res.body}`).toBe(200);
      current = next;
    }
    expectError(
      await me.post('/api/auth/password', { currentPassword: current, newPassword: 'x'.repeat(201) }),
      400,
      { field: 'newPassword' },
    );
  });
});

describe('an administrator setting a password', () => {
  it('refuses a weak initial password on a new account, naming password', async () => {
    const username = uniq('zhao.').toLowerCase();
    for (const [password, why, label] of refused(username, '赵建国')) {
      const res = await admin.post('/api/users', {
        username,
        displayName: '赵建国',
        password,
        role: 'inspector',
        authorityId: w.authorityId,
      });
      expect(res.statusCode, `${label}: ${res.body}`).toBe(400);
      expect(res.json().error.field, label).toBe('password');
      expect(summary(res), label).toMatch(why);
    }
    const ok = await admin.post('/api/users', {
      username,
      displayName: '赵建国',
      password: STRONG,
      role: 'inspector',
      authorityId: w.authorityId,
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refuses a weak reset password, judged against the account’s own name', async () => {
    const users = (await admin.get('/api/users?role=worker')).json().items;
    const target = users.find((u: { username: string }) => u.username === w.users.worker);
    for (const password of ['password1234', `${w.users.worker}99`, 'aaaaaaaaaaaa']) {
      expectError(await admin.patch(`/api/users/${target.id}`, { password }), 400, {
        code: 'WEAK_PASSWORD',
        field: 'password',
      });
    }
    expectError(await admin.patch(`/api/users/${target.id}`, { password: 'short' }), 400, {
      field: 'password',
    });
    expect((await admin.patch(`/api/users/${target.id}`, { password: STRONG })).statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: w.users.worker, password: STRONG },
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('logging in', () => {
  it('still accepts a password set before these rules (short, stored as a hash)', async () => {
    const username = uniq('legacy.').toLowerCase();
    await t.deps.database.db
      .insertInto('users')
      .values({
        username,
        display_name: 'Legacy',
        password_hash: await hashPassword('old-pass-10'),
        role: 'inspector',
        region_code: '310116',
        authority_id: w.authorityId,
      })
      .execute();
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: 'old-pass-10' },
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('redline create-admin', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const run = (...args: string[]) =>
    promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'packages/server/src/cli.ts', 'create-admin', ...args],
      {
        cwd: root,
        env: { ...process.env, DATA_DIR: '/nonexistent-redline-test-dir', DATABASE_URL: '' },
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );

  it('refuses a weak password before touching any database', async () => {
    for (const [password, why] of [
      ['short-one', /at least 12 characters/],
      ['zhang.wei2024', /user name or name/],
    ] as const) {
      const res = await run('--username', 'zhang.wei', '--password', password);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toMatch(why);
    }
  }, 60_000);
});
