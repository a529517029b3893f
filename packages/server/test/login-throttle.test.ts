import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEFAULT_PASSWORD, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { expectError } from './helpers/client.ts';
import { buildApp } from '../src/app.ts';
import { addressKey } from '../src/modules/account/login-throttle.ts';
import type { App } from '../src/http/context.ts';

/**
 * Password spraying: one address trying a password across many user names is slowed down per
 * address, with growing waits, while the real user — from their own address — still logs in.
 * Behind a proxy (TRUST_PROXY=true) the client address is the X-Forwarded-For one, as simulated here.
 */
let t: TestApp;
let w: World;
let clock = new Date('2026-11-23T08:00:00Z');
const LIMIT = 10;

beforeAll(async () => {
  t = await createTestApp({
    env: { TRUST_PROXY: 'true', LOGIN_ADDRESS_LIMIT: String(LIMIT), LOGIN_ADDRESS_BLOCK_SECONDS: '60' },
  });
  t.deps.now = () => clock;
  w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '310116', tag: 'Spray' });
});
afterAll(() => t?.close());

const tick = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
const login = (from: string, username: string, password: string, app: App = t.app) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    headers: { 'x-forwarded-for': from },
  });
/** Many user names, some real, most not: what a sprayer sends. */
const names = (n: number) =>
  Array.from({ length: n }, (_, i) => (i % 3 === 0 ? Object.values(w.users)[i % 6] : `guess.user.${i}`));

describe('per-address limit across user names', () => {
  it('one address trying 15 user names gets 429 after the limit; another address and the real user are unaffected', async () => {
    const sprayer = '198.51.100.20';
    const statuses: number[] = [];
    for (const name of names(15)) statuses.push((await login(sprayer, name, 'Spring2026!')).statusCode);
    expect(statuses).toEqual([...Array(LIMIT).fill(401), ...Array(15 - LIMIT).fill(429)]);

    const refused = await login(sprayer, 'someone.else', 'Spring2026!');
    expectError(refused, 429, { code: 'RATE_LIMITED', message: /failed logins from your network address/ });
    expect(refused.headers['retry-after']).toBe('60');
    // Even the right password of a real account waits: the block is decided before any password.
    expect((await login(sprayer, w.users.admin, DEFAULT_PASSWORD)).statusCode).toBe(429);

    // Someone else, elsewhere, failing once is answered as usual.
    expectError(await login('198.51.100.21', 'guess.user.1', 'Spring2026!'), 401, {
      code: 'INVALID_CREDENTIALS',
    });
    // The real users — whose names the sprayer tried — log in from their own address.
    for (const role of ['admin', 'inspector', 'leader'] as const)
      expect((await login('203.0.113.5', w.users[role], DEFAULT_PASSWORD)).statusCode).toBe(200);
  });

  it('the wait grows with each further failure and lapses by itself', async () => {
    const from = '198.51.100.30';
    for (const name of names(LIMIT)) await login(from, name, 'Summer2026!');
    expect((await login(from, 'x.y', 'Summer2026!')).headers['retry-after']).toBe('60');
    const waits: number[] = [];
    for (let round = 0; round < 3; round++) {
      tick(Number((await login(from, 'x.y', 'z')).headers['retry-after'] ?? 0) + 1);
      expect((await login(from, `after.block.${round}`, 'Summer2026!')).statusCode).toBe(401);
      const blocked = await login(from, 'x.y', 'z');
      expect(blocked.statusCode).toBe(429);
      waits.push(Number(blocked.headers['retry-after']));
    }
    expect(waits).toEqual([120, 240, 480]);
    // After the block and a quiet window the address starts afresh.
    tick(480 + 16 * 60);
    for (let i = 0; i < LIMIT - 1; i++)
      expect((await login(from, `fresh.${i}`, 'Autumn2026!')).statusCode).toBe(401);
  });

  it('a successful login is not a failure, and does not wipe the failures either', async () => {
    const from = '198.51.100.40';
    for (let i = 0; i < LIMIT - 1; i++) expect((await login(from, `nobody.${i}`, 'x')).statusCode).toBe(401);
    for (let i = 0; i < 3; i++)
      expect((await login(from, w.users.worker, DEFAULT_PASSWORD)).statusCode, `success ${i}`).toBe(200);
    expect((await login(from, 'nobody.last', 'x')).statusCode).toBe(401);
    expect((await login(from, w.users.worker, DEFAULT_PASSWORD)).statusCode).toBe(429);
  });

  it('is counted in the database: instances sharing it see each other’s failures', async () => {
    const other = await buildApp({ ...t.deps });
    await other.ready();
    try {
      const from = '198.51.100.50';
      for (let i = 0; i < LIMIT; i++) await login(from, `spread.${i}`, 'x', i % 2 ? t.app : other);
      expect((await login(from, 'spread.x', 'x', other)).statusCode).toBe(429);
      expect((await login(from, 'spread.x', 'x', t.app)).statusCode).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('counts an IPv6 client by its /64, an IPv4-mapped one as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:fffe')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(addressKey('198.51.100.7')).toBe('198.51.100.7');
  });
});
