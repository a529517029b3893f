import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuleStagesView } from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { client, expectError, expectShape, type Client } from './helpers/client.ts';
import { readingEvent, registerDevice, sendEvents } from './helpers/devices.ts';

/**
 * Issue 17: an alarm rule bound to project stages. A district leader binds gas-leak to
 * "under construction" (an override of their district is made); a device on a suspended project
 * raises no alarm for a reading above the threshold, the same reading while under construction
 * does. Inspectors may not bind; unknown stages and rules are refused.
 */
let t: TestApp;
let w: World;
let leader: Client;
let inspector: Client;
let leaderCookie = '';

async function alarmsAfterGas(code: string) {
  const dev = await registerDevice(t.app, leaderCookie, {
    code,
    name: '可燃气体探测器',
    kind: 'combustible_gas_sensor',
    siteId: w.ids.site,
  });
  const base = Date.now() - 120_000;
  const res = await sendEvents(
    t.app,
    dev.token,
    Array.from({ length: 10 }, (_, i) =>
      readingEvent(dev.code, `${code}-${i}`, new Date(base + i * 2000), { gas_lel: 60 }),
    ),
  );
  expect(res.statusCode, res.body).toBe(200);
  return (await leader.get(`/api/alarms?deviceId=${dev.id}`)).json().items as unknown[];
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.deps.database.db;
  w = await createWorld(db, t.deps.secrets, { county: '310116', tag: 'Jinshan' });
  leaderCookie = await login(t.app, w.users.leader);
  leader = client(t.app, leaderCookie);
  inspector = client(t.app, await login(t.app, w.users.inspector));
  // the world's site belongs to its project: its devices are the project's
  await db.updateTable('sites').set({ project_id: w.ids.project }).where('id', '=', w.ids.site).execute();
}, 300_000);
afterAll(() => t?.close());

describe('alarm rules bound to project stages', () => {
  it('an event outside the bound stages raises no alarm; inside it does', async () => {
    const db = t.deps.database.db;
    const before = (await leader.get('/api/alarm-rules/stage-bindings')).json();
    expect(before.find((r: { code: string }) => r.code === 'gas-leak')).toMatchObject({
      scopeRegionCode: '',
      projectStages: null,
    });
    expectError(
      await inspector.put('/api/alarm-rules/gas-leak/stages', { projectStages: ['under_construction'] }),
      403,
    );
    expectError(await leader.put('/api/alarm-rules/gas-leak/stages', { projectStages: ['flying'] }), 400);
    expectError(await leader.put('/api/alarm-rules/gas-leak/stages', { projectStages: [] }), 400);
    expectError(await leader.put('/api/alarm-rules/no-such-rule/stages', { projectStages: null }), 404);
    const set = await leader.put('/api/alarm-rules/gas-leak/stages', {
      projectStages: ['under_construction'],
    });
    expect(set.statusCode, set.body).toBe(200);
    expectShape(RuleStagesView, set.json());
    expect(set.json()).toMatchObject({ scopeRegionCode: '310116', projectStages: ['under_construction'] });

    await db.updateTable('projects').set({ stage: 'suspended' }).where('id', '=', w.ids.project).execute();
    expect(await alarmsAfterGas('GAS-STAGE-1')).toHaveLength(0);
    await db
      .updateTable('projects')
      .set({ stage: 'under_construction' })
      .where('id', '=', w.ids.project)
      .execute();
    expect((await alarmsAfterGas('GAS-STAGE-2')).length).toBeGreaterThan(0);

    // unbinding keeps the override's version and clears the stages; audited both times
    const cleared = await leader.put('/api/alarm-rules/gas-leak/stages', { projectStages: null });
    expect(cleared.json()).toMatchObject({ version: set.json().version, projectStages: null });
    const audits = await db
      .selectFrom('audit_entries')
      .select('action')
      .where('action', '=', 'alarm_rule.stages')
      .execute();
    expect(audits).toHaveLength(2);
  });
});
