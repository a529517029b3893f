import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { expectError } from './helpers/client.ts';

/** What the API fuzzer found answering 500, kept as plain regression tests. */
let t: TestApp;
let w: World;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Found',
  });
  admin = await login(t.app, w.users.admin);
});
afterAll(() => t?.close());

describe('fuzz findings', () => {
  it('a multipart body cut short answers 400 BAD_MULTIPART (was 500)', async () => {
    for (const url of ['/api/sites/import?mode=validate', '/api/checklists/import']) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: admin, 'content-type': 'multipart/form-data; boundary=x' },
        payload: '--x\r\n\r\n',
      });
      expectError(res, 400, { code: 'BAD_MULTIPART', message: /multipart/ });
    }
  });

  it('an instant with an impossible date or time answers 400 naming the field (was 500)', async () => {
    for (const at of ['7470-25-57T05:11Z', '2026-02-30T10:00:00Z']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/sites/${w.ids.site}/attendance`,
        headers: { cookie: admin },
        payload: { workerId: w.ids.worker, direction: 'in', at },
      });
      expectError(res, 400, { code: 'VALIDATION', field: 'at' });
    }
  });
});
