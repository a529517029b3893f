import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportHazard } from '@redline/domain';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, type Client } from './helpers/client.ts';
import { JPEG_24x16, png } from './helpers/images.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';

/**
 * Risk points through the API (issue 14): register, assess by LEC / LS with the band set in force,
 * the site's colour computed in the same transaction, history and band versions kept, retirement
 * lowering the colour, bad factor values refused naming the allowed ones, the risk map and poster,
 * the inspection proposal and a point's attention.
 */
let t: TestApp;
let a: World;
let manager: Client;
let managerCookie: string;
const managerPut = (url: string, body: unknown) =>
  t.app.inject({ method: 'PUT', url, headers: { cookie: managerCookie }, payload: body as object });
let inspector: Client;
let leader: Client;
let duty: Client;
let item: { id: string; code: string; version_id: string; library_id: string };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.deps.database.db;
  await loadStarterChecklists(db);
  a = await createWorld(db, t.deps.secrets, { county: '310116', town: '310116501', tag: 'Jinshan' });
  managerCookie = await login(t.app, a.users.enterprise_manager);
  manager = client(t.app, managerCookie);
  inspector = client(t.app, await login(t.app, a.users.inspector));
  leader = client(t.app, await login(t.app, a.users.leader));
  duty = client(t.app, await login(t.app, a.users.duty_officer));
  item = await db
    .selectFrom('checklist_items as i')
    .innerJoin('checklist_versions as v', 'v.id', 'i.version_id')
    .select(['i.id', 'i.code', 'i.version_id', 'v.library_id'])
    .where('v.status', '=', 'published')
    .orderBy('i.code')
    .limit(1)
    .executeTakeFirstOrThrow();
}, 120_000);
afterAll(() => t?.close());

const siteColour = async () => (await manager.get(`/api/sites/${a.ids.site}`)).json().riskColour;

async function newPoint(body: Record<string, unknown> = {}) {
  const res = await manager.post('/api/risk-points', {
    siteId: a.ids.site,
    name: '焊接工位区',
    kind: 'place',
    hazardFactors: ['火灾', '触电'],
    controlMeasures: [{ measure: '动火作业审批', responsible: '车间主任' }],
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('risk points and the site colour', () => {
  let orange: string;
  let red: string;

  it('registers a point with no colour; the site has none', async () => {
    const p = await newPoint({ checklistItemIds: [item.id] });
    orange = p.id;
    expect(p).toMatchObject({ colour: null, latest: null, siteColour: null, assessments: [] });
    expect(p.checklistItems).toEqual([expect.objectContaining({ itemId: item.id, code: item.code })]);
    expect(p.controlMeasures).toEqual([{ measure: '动火作业审批', responsible: '车间主任' }]);
    expect(await siteColour()).toBeNull();
  });

  it('an LEC assessment colours the point and the site, keeping the band set and its version', async () => {
    const res = await manager.post(`/api/risk-points/${orange}/assessments`, {
      method: 'LEC',
      factors: { L: 3, E: 6, C: 15 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.latest).toMatchObject({
      method: 'LEC',
      value: 270,
      colour: 'orange',
      bandVersion: 1,
      bandScope: '全国',
    });
    expect(p.siteColour).toBe('orange');
    expect(await siteColour()).toBe('orange');
    const national = await t.deps.database.db
      .selectFrom('risk_band_sets')
      .select('id')
      .where('method', '=', 'LEC')
      .where('region_prefix', '=', '')
      .where('version', '=', 1)
      .executeTakeFirstOrThrow();
    expect(p.latest.bandSetId).toBe(national.id);
  });

  it('the site takes the highest colour of its points (an LS red on a second point)', async () => {
    const p = await newPoint({ name: '行车吊装作业', kind: 'activity' });
    red = p.id;
    const res = await inspector.post(`/api/risk-points/${red}/assessments`, {
      method: 'LS',
      factors: { L: 4, S: 5 },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().latest).toMatchObject({ method: 'LS', value: 20, colour: 'red' });
    expect(await siteColour()).toBe('red');
    // A lower assessment of the orange point does not lower the site while the red one stands.
    await manager.post(`/api/risk-points/${orange}/assessments`, {
      method: 'LEC',
      factors: { L: 1, E: 6, C: 7 },
    });
    expect(await siteColour()).toBe('red');
  });

  it('a new assessment is a new row: history kept, newest first', async () => {
    const p = (await manager.get(`/api/risk-points/${orange}`)).json();
    expect(p.assessments.map((x: { value: number }) => x.value)).toEqual([42, 270]);
    expect(p.colour).toBe('blue');
    expect(p.latest.value).toBe(42);
  });

  it('retiring the red point lowers the site to the highest of the rest', async () => {
    const res = await manager.post(`/api/risk-points/${red}/retire`, { reason: '行车已拆除' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ retireReason: '行车已拆除', siteColour: 'blue' });
    expect(await siteColour()).toBe('blue');
    const again = await manager.post(`/api/risk-points/${red}/assessments`, {
      method: 'LS',
      factors: { L: 1, S: 1 },
    });
    expect(again.statusCode).toBe(409);
    // Retired points leave the default list, not the record.
    const list = (await manager.get(`/api/risk-points?siteId=${a.ids.site}`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([orange]);
    const all = (await manager.get(`/api/risk-points?siteId=${a.ids.site}&includeRetired=true`)).json();
    expect(all.items).toHaveLength(2);
  });

  it('refuses factor values off the scale, naming the allowed ones, and unknown factors', async () => {
    const bad = await manager.post(`/api/risk-points/${orange}/assessments`, {
      method: 'LEC',
      factors: { L: 2, E: 6, C: 15 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'LEC_L_INVALID', field: 'factors.L' });
    expect(bad.json().error.message).toContain('10, 6, 3, 1, 0.5, 0.2, 0.1');
    const ls = await manager.post(`/api/risk-points/${orange}/assessments`, {
      method: 'LS',
      factors: { L: 3, S: 6 },
    });
    expect(ls.statusCode).toBe(400);
    expect(ls.json().error).toMatchObject({ code: 'LS_S_INVALID', field: 'factors.S' });
    expect(ls.json().error.message).toContain('1, 2, 3, 4, 5');
    const extra = await manager.post(`/api/risk-points/${orange}/assessments`, {
      method: 'LS',
      factors: { L: 3, S: 2, C: 1 },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error).toMatchObject({ code: 'LS_FACTOR_UNKNOWN', field: 'factors.C' });
    const missing = await manager.post(`/api/risk-points/${orange}/assessments`, {
      method: 'LEC',
      factors: { L: 3, E: 6 },
    });
    expect(missing.json().error).toMatchObject({ code: 'LEC_C_INVALID', field: 'factors.C' });
    expect(await siteColour()).toBe('blue'); // nothing stored
  });

  it('the registry no longer accepts a hand-set colour', async () => {
    const res = await manager.patch(`/api/sites/${a.ids.site}`, { riskColour: 'red' });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error)).toContain('riskColour');
    expect(await siteColour()).toBe('blue');
  });

  it('who may do what: the duty officer reads only, an inspector assesses but does not register', async () => {
    expect((await duty.get(`/api/risk-points/${orange}`)).statusCode).toBe(200);
    expect(
      (await duty.post(`/api/risk-points/${orange}/assessments`, { method: 'LS', factors: { L: 1, S: 1 } }))
        .statusCode,
    ).toBe(403);
    const made = await inspector.post('/api/risk-points', {
      siteId: a.ids.site,
      name: '配电房',
      kind: 'place',
    });
    expect(made.statusCode).toBe(403);
  });
});

describe('concurrent assessments of one site', () => {
  it('leave the site at the highest colour whatever the interleaving (the site row is locked)', async () => {
    const before = await siteColour();
    const x = (await newPoint({ name: '并发甲' })).id;
    const y = (await newPoint({ name: '并发乙' })).id;
    for (let round = 0; round < 12; round++) {
      // Both start yellow; then, at once, one goes red and the other blue.
      await manager.post(`/api/risk-points/${x}/assessments`, { method: 'LS', factors: { L: 2, S: 2 } });
      await manager.post(`/api/risk-points/${y}/assessments`, { method: 'LS', factors: { L: 2, S: 2 } });
      const [up, down] = round % 2 ? [x, y] : [y, x];
      const answers = await Promise.all([
        manager.post(`/api/risk-points/${up}/assessments`, { method: 'LS', factors: { L: 5, S: 5 } }),
        inspector.post(`/api/risk-points/${down}/assessments`, { method: 'LS', factors: { L: 1, S: 1 } }),
      ]);
      expect(answers.map((r) => r.statusCode)).toEqual([201, 201]);
      expect(await siteColour()).toBe('red');
    }
    for (const id of [x, y]) await manager.post(`/api/risk-points/${id}/retire`, { reason: '测试结束' });
    expect(await siteColour()).toBe(before);
  });
});

describe('band sets per region, versioned', () => {
  let point: string;

  it('a leader adds a local LEC version; assessments in the region use it, older ones keep theirs', async () => {
    point = (await newPoint({ name: '喷漆房' })).id;
    const before = await manager.post(`/api/risk-points/${point}/assessments`, {
      method: 'LEC',
      factors: { L: 3, E: 6, C: 15 },
    });
    expect(before.json().latest).toMatchObject({ value: 270, colour: 'orange', bandScope: '全国' });
    const body = {
      method: 'LEC',
      regionPrefix: '310116',
      factors: { L: [10, 6, 3, 1, 0.5, 0.2, 0.1], E: [10, 6, 3, 2, 1, 0.5], C: [100, 40, 15, 7, 3, 1] },
      bands: [
        { colour: 'red', from: 240, includeFrom: true },
        { colour: 'orange', from: 160, includeFrom: true },
        { colour: 'yellow', from: 70, includeFrom: true },
        { colour: 'blue', from: 0, includeFrom: true },
      ],
      effectiveFrom: '2026-01-01',
      source: '测试：某区地方分级（虚构）',
      confirmation: '测试数据，未核对',
    };
    const made = await leader.post('/api/risk-band-sets', body);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ version: 1, regionPrefix: '310116' });
    const again = await leader.post('/api/risk-band-sets', body);
    expect(again.json().version).toBe(2);

    const after = await manager.post(`/api/risk-points/${point}/assessments`, {
      method: 'LEC',
      factors: { L: 3, E: 6, C: 15 },
    });
    expect(after.json().latest).toMatchObject({
      value: 270,
      colour: 'red',
      bandVersion: 2,
      bandScope: '310116',
    });
    expect(after.json().latest.bandSetId).toBe(again.json().id);
    const history = after.json().assessments;
    expect(history.map((h: { bandScope: string; colour: string }) => [h.bandScope, h.colour])).toEqual([
      ['310116', 'red'],
      ['全国', 'orange'],
    ]);
    expect(await siteColour()).toBe('red');
    const inForce = (await manager.get(`/api/risk-band-sets?siteId=${a.ids.site}`)).json().inForce;
    expect(inForce.LEC).toBe(again.json().id);
  });

  it('refuses bands that leave values uncovered, and sets outside the jurisdiction', async () => {
    const bad = await leader.post('/api/risk-band-sets', {
      method: 'LS',
      factors: { L: [1, 2, 3, 4, 5], S: [1, 2, 3, 4, 5] },
      bands: [{ colour: 'red', from: 20, includeFrom: true }],
      effectiveFrom: '2026-01-01',
      source: '测试',
      confirmation: '测试',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('RISK_BANDS_INCOMPLETE');
    const foreign = await leader.post('/api/risk-band-sets', {
      method: 'LS',
      regionPrefix: '150602',
      factors: { L: [1, 2, 3, 4, 5], S: [1, 2, 3, 4, 5] },
      bands: [{ colour: 'blue', from: 0, includeFrom: true }],
      effectiveFrom: '2026-01-01',
      source: '测试',
      confirmation: '测试',
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('regionPrefix');
    expect((await inspector.post('/api/risk-band-sets', {})).statusCode).toBeGreaterThanOrEqual(400);
  });
});

describe('inspection proposal and attention', () => {
  it('an inspection of the site proposes the items linked to its risk points, with the reason', async () => {
    const res = await inspector.get(`/api/inspections/proposal?targetKind=site&targetId=${a.ids.site}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res
      .json()
      .libraries.flatMap((l: { modules: Array<{ items: unknown[] }> }) =>
        l.modules.flatMap((m) => m.items),
      ) as Array<{
      itemId: string;
      proposed: boolean;
      reason: { code: string; params: Record<string, string> };
    }>;
    const linked = items.find((i) => i.itemId === item.id)!;
    expect(linked.proposed).toBe(true);
    expect(linked.reason.code).toBe('RISK_POINT');
    expect(linked.reason.params.points).toContain('焊接工位区');
  });

  it('a hazard found at the site on a linked item raises the point’s attention (read, not a flag)', async () => {
    const db = t.deps.database.db;
    const founder = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', a.users.inspector)
      .executeTakeFirstOrThrow();
    const foundAt = new Date(Date.now() - 3600_000);
    const { state } = reportHazard(
      { grade: 'general' },
      {
        now: foundAt.toISOString(),
        actor: { id: founder.id, role: 'inspector', authorityId: a.authorityId },
      },
    );
    const point = (await manager.get(`/api/risk-points?siteId=${a.ids.site}&q=焊接工位区`)).json().items[0];
    expect(point.attention).toEqual({ openHazards: 0, lastHazard: null });
    const hazard = await db
      .insertInto('hazards')
      .values({
        region_code: '310116501',
        enterprise_id: a.ids.enterprise,
        site_id: a.ids.site,
        source: 'inspection',
        checklist_item_code: item.code,
        library_version_id: item.version_id,
        title: '动火作业未审批',
        grade: 'general',
        status: 'reported',
        state: JSON.stringify(state),
        found_at: foundAt,
        found_by: founder.id,
        legal_basis: '[]',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = (await manager.get(`/api/risk-points/${point.id}`)).json();
    expect(after.attention).toMatchObject({
      openHazards: 1,
      lastHazard: { id: hazard.id, title: '动火作业未审批' },
    });
    await db.updateTable('hazards').set({ status: 'closed' }).where('id', '=', hazard.id).execute();
    const closed = (await manager.get(`/api/risk-points/${point.id}`)).json();
    expect(closed.attention.openHazards).toBe(0);
    expect(closed.attention.lastHazard.id).toBe(hazard.id);
  });
});

describe('the four-colour risk map', () => {
  it('uploads a plan, draws zones coloured by their points, and prints a poster', async () => {
    const noPlan = await managerPut(`/api/sites/${a.ids.site}/risk-map/zones`, { zones: [] });
    expect(noPlan.statusCode).toBe(409);
    const up = await manager.upload(
      `/api/sites/${a.ids.site}/risk-map/plan`,
      png(40, 25),
      'plan.png',
      'image/png',
    );
    expect(up.statusCode, up.body).toBe(201);
    const map = up.json();
    expect(map.plan).toMatchObject({ width: 40, height: 25 });
    expect(map.site.colour).toBe('red');
    const [p1, p2] = map.points as Array<{ id: string; colour: string }>;
    const zones = {
      zones: [
        {
          name: '东区',
          polygon: [
            [0.1, 0.1],
            [0.5, 0.1],
            [0.5, 0.5],
            [0.1, 0.5],
          ],
          riskPointIds: [p1.id],
        },
        {
          name: '西区',
          polygon: [
            [0.5, 0.5],
            [0.9, 0.5],
            [0.9, 0.9],
          ],
          riskPointIds: [p1.id, p2.id],
        },
      ],
    };
    const saved = await managerPut(`/api/sites/${a.ids.site}/risk-map/zones`, zones);
    expect(saved.statusCode, saved.body).toBe(200);
    const highest = ['red', 'orange', 'yellow', 'blue'].find((c) => [p1.colour, p2.colour].includes(c));
    expect(saved.json().zones.map((z: { name: string; colour: string }) => [z.name, z.colour])).toEqual([
      ['东区', p1.colour],
      ['西区', highest],
    ]);
    const pdf = await manager.get(`/api/sites/${a.ids.site}/risk-map/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The plan is served to whoever sees the site.
    expect((await inspector.get(map.plan.url)).statusCode).toBe(200);
  }, 60_000);

  it('refuses zones outside 0..1, without area, or tied to another site’s points', async () => {
    const map = (await manager.get(`/api/sites/${a.ids.site}/risk-map`)).json();
    const id = map.points[0].id;
    const out = await managerPut(`/api/sites/${a.ids.site}/risk-map/zones`, {
      zones: [
        {
          name: 'x',
          polygon: [
            [0, 0],
            [1.2, 0],
            [1, 1],
          ],
          riskPointIds: [id],
        },
      ],
    });
    expect(out.statusCode).toBe(400);
    const flat = await managerPut(`/api/sites/${a.ids.site}/risk-map/zones`, {
      zones: [
        {
          name: 'x',
          polygon: [
            [0, 0],
            [0.5, 0.5],
            [1, 1],
          ],
          riskPointIds: [id],
        },
      ],
    });
    expect(flat.statusCode).toBe(400);
    expect(flat.json().error.field).toBe('zones.0.polygon');
    const retired = (await manager.get(`/api/risk-points?siteId=${a.ids.site}&includeRetired=true`))
      .json()
      .items.find((p: { retiredAt: string | null }) => p.retiredAt);
    const gone = await managerPut(`/api/sites/${a.ids.site}/risk-map/zones`, {
      zones: [
        {
          name: 'x',
          polygon: [
            [0, 0],
            [1, 0],
            [1, 1],
          ],
          riskPointIds: [retired.id],
        },
      ],
    });
    expect(gone.statusCode).toBe(400);
    expect(gone.json().error.field).toBe('zones.0.riskPointIds');
  });

  it('takes plans as PNG or JPEG only', async () => {
    const jpeg = await manager.upload(
      `/api/sites/${a.ids.site}/risk-map/plan`,
      JPEG_24x16,
      'p.jpg',
      'image/jpeg',
    );
    expect(jpeg.statusCode, jpeg.body).toBe(201);
    const text = await manager.upload(
      `/api/sites/${a.ids.site}/risk-map/plan`,
      Buffer.from('%PDF-1.4 x'),
      'p.pdf',
      'application/pdf',
    );
    expect([400, 415]).toContain(text.statusCode);
  });
});

describe('demo risk points', () => {
  it('turn every seeded colour into points whose assessments give it, and draw three plans', async () => {
    const t2 = await createTestApp();
    try {
      const db = t2.deps.database.db;
      await loadStarterChecklists(db);
      await seedDemo(db, t2.deps.secrets, { today: '2026-11-23', scale: 'small' } as never);
      const before = await db
        .selectFrom('sites')
        .select(['id', 'risk_colour'])
        .where('risk_colour', 'is not', null)
        .execute();
      const { installModules } = await import('../src/app.ts');
      installModules();
      const { seedDemoRisk } = await import('../src/demo/seed-risk.ts');
      const r = await seedDemoRisk(t2.deps);
      expect(r?.points).toBeGreaterThanOrEqual(before.length);
      const after = await db
        .selectFrom('sites')
        .select(['id', 'risk_colour'])
        .where('risk_colour', 'is not', null)
        .execute();
      expect(new Map(after.map((s) => [s.id, s.risk_colour]))).toEqual(
        new Map(before.map((s) => [s.id, s.risk_colour])),
      );
      const plans = await db.selectFrom('site_plans').select('site_id').execute();
      expect(plans).toHaveLength(3);
      expect((await seedDemoRisk(t2.deps))?.ms).toBeNull(); // idempotent
    } finally {
      await t2.close();
    }
  }, 300_000);
});
