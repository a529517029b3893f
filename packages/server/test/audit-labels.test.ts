import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { registerDevice } from './helpers/devices.ts';

/**
 * Issue 16: the audit page names its subjects (resolved for the page, one query per type) and tells
 * a program's account (users.system_name, migration 0970) from a person; the session tells the web
 * app the jurisdiction's time zone.
 */
let t: TestApp;
let a: World;
let b: World;

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
}, 240_000); // the embedded database applies every migration first: slow on a busy machine
afterAll(() => t?.close());

const entries = async (cookie: string, query: string) => {
  const res = await t.app.inject({ url: `/api/audit/entries?${query}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<Record<string, unknown>>;
};

describe('audit entries name their subjects', () => {
  it('an enterprise and a device by name, not by id', async () => {
    const inspector = await login(t.app, a.users.inspector);
    const admin = await login(t.app, a.users.admin);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/enterprises/${a.ids.enterprise}`,
      headers: { cookie: admin },
      payload: { contactPhone: '021-5700 1234' },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const cam = await registerDevice(t.app, inspector, {
      code: 'AL-CAM-1',
      name: '焊接车间摄像机',
      kind: 'ai_camera',
      siteId: a.ids.site,
    });
    const { name } = await t.deps.database.db
      .selectFrom('enterprises')
      .select('name')
      .where('id', '=', a.ids.enterprise)
      .executeTakeFirstOrThrow();
    const ent = await entries(admin, `subjectType=enterprise&subjectId=${a.ids.enterprise}`);
    expect(ent[0]).toMatchObject({ action: 'enterprise.update', subjectName: name });
    expect(name).toContain('测试机械有限公司');
    const dev = await entries(admin, `subjectType=device&subjectId=${cam.id}`);
    expect(dev[0]).toMatchObject({
      action: 'device.create',
      subjectName: '焊接车间摄像机（AL-CAM-1）',
      actorName: 'Jinshan inspector',
      actorRole: 'inspector',
    });
    // the whole page: every entry whose subject still exists and has a name carries it
    const page = await entries(admin, 'pageSize=50');
    expect(page.length).toBeGreaterThan(0);
    for (const e of page) expect(e).toHaveProperty('subjectName');
  });

  it('a subject without a name column, or gone, has a null name (no error)', async () => {
    const admin = await login(t.app, a.users.admin);
    const page = await entries(admin, 'subjectType=nothing-of-the-kind');
    expect(page).toEqual([]);
  });

  it('another jurisdiction sees neither the entries nor the names', async () => {
    const otherAdmin = await login(t.app, b.users.admin);
    const page = await entries(otherAdmin, `subjectType=enterprise&subjectId=${a.ids.enterprise}`);
    expect(page).toEqual([]);
  });
});

describe('a program’s account is audited as the system', () => {
  it('devices registered by the simulator account read system:device-simulator, with its account id', async () => {
    const db = t.deps.database.db;
    const user = await db
      .updateTable('users')
      .set({ system_name: 'device-simulator', display_name: '设备模拟器' })
      .where('username', '=', a.coInspector)
      .returning('id')
      .executeTakeFirstOrThrow();
    const sim = await login(t.app, a.coInspector);
    const dev = await registerDevice(t.app, sim, {
      code: 'SIM-CAM-0001',
      name: '模拟设备 SIM-CAM-0001',
      kind: 'ai_camera',
      siteId: a.ids.site,
    });
    const admin = await login(t.app, a.users.admin);
    const [e] = await entries(admin, `subjectType=device&subjectId=${dev.id}`);
    expect(e).toMatchObject({
      action: 'device.create',
      actorName: 'system:device-simulator',
      actorRole: 'system',
      actorId: user.id,
    });
  });

  it('the database refuses a malformed system name', async () => {
    await expect(
      t.deps.database.db
        .updateTable('users')
        .set({ system_name: 'Not A Name!' })
        .where('username', '=', a.users.worker)
        .execute(),
    ).rejects.toThrow(/users_system_name_format/);
  });
});

describe('the session carries the time zone', () => {
  it('GET /api/auth/me has the configured TIME_ZONE', async () => {
    const cookie = await login(t.app, a.users.inspector);
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().timeZone).toBe(t.deps.config.TIME_ZONE);
    expect(me.json().timeZone).toMatch(/^[A-Za-z_]+\/[A-Za-z_]+$/);
  });
});
