import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transition, type HazardState } from '@redline/domain';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { createHazard } from './helpers/enforcement-factories.ts';
import { client, expectError, type Client } from './helpers/client.ts';

/**
 * An order to rectify (or an on-site treatment decision) for a hazard that is already closed or
 * rejected orders nothing: drafting one is refused with 409 HAZARD_CLOSED naming the hazard's state.
 */
let t: TestApp;
let w: World;
let inspector: Client;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '310116', tag: 'Zhangyan' });
  inspector = client(t.app, await login(t.app, w.users.inspector));
});
afterAll(() => t?.close());

/** A hazard closed on the spot (the domain's transitions, stored as the hazards feature stores them). */
async function closedHazard(): Promise<string> {
  const id = await createHazard(t.deps.database.db, w);
  const db = t.deps.database.db;
  const row = await db
    .selectFrom('hazards')
    .select(['state', 'found_by'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const ctx = {
    now: new Date().toISOString(),
    actor: { id: row.found_by!, role: 'inspector' as const, authorityId: w.authorityId },
  };
  const r = transition(
    row.state as unknown as HazardState,
    { type: 'rectify_on_spot', evidence: ['photo-1'] },
    ctx,
  );
  if (!r.ok) throw new Error(JSON.stringify(r));
  await db
    .updateTable('hazards')
    .set({ status: r.value.state.status, state: JSON.stringify(r.value.state) })
    .where('id', '=', id)
    .execute();
  return id;
}

describe('no order for a closed hazard', () => {
  it('refuses a rectification order for a closed hazard (409 HAZARD_CLOSED, naming its state)', async () => {
    const open = await createHazard(t.deps.database.db, w);
    const closed = await closedHazard();
    const res = await inspector.post('/api/documents', {
      kind: 'rectification_order',
      hazardIds: [open, closed],
    });
    expectError(res, 409, { code: 'HAZARD_CLOSED', field: 'hazardIds' });
    expect(res.json().error.message).toMatch(/已销案|closed/);
    expect(res.json().error.message).toContain(closed);
    // With the open hazard alone the order is drafted.
    const ok = await inspector.post('/api/documents', { kind: 'rectification_order', hazardIds: [open] });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refuses an on-site treatment decision for a hazard rejected as not a hazard', async () => {
    const id = await createHazard(t.deps.database.db, w);
    const rejected = await inspector.post(`/api/hazards/${id}/actions`, {
      type: 'reject',
      reason: '经核实为临时堆放，已移走，不构成隐患',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const res = await inspector.post('/api/documents', { kind: 'treatment_decision', hazardIds: [id] });
    expectError(res, 409, { code: 'HAZARD_CLOSED', field: 'hazardIds' });
    expect(res.json().error.message).toMatch(/不予确认|rejected/);
  });
});
