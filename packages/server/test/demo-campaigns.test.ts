import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';
import { seedDemo, DEMO_PASSWORD } from '../src/demo/seed-demo.ts';
import { seedDemoInspections } from '../src/demo/seed-inspections.ts';
import { seedDemoCampaigns, type DemoCampaigns } from '../src/demo/seed-campaigns.ts';
import type { CampaignView } from '@redline/contracts';

/** The demo campaign (issue 14): groups over the demo's own inspections, one interview; idempotent. */
let t: TestApp;
let demo: DemoCampaigns;

beforeAll(async () => {
  t = await createTestApp();
  await loadStarterChecklists(t.deps.database.db);
  await seedDemo(t.deps.database.db, t.deps.secrets, { today: t.deps.today(), scale: 'small' });
  await seedDemoInspections(t.deps);
  demo = (await seedDemoCampaigns(t.deps))!;
}, 180_000);
afterAll(() => t?.close());

describe('demo campaign', () => {
  it('holds three groups whose figures come from the demo history, and one interview', async () => {
    expect(demo.groupIds).toHaveLength(3);
    expect(demo.interviewId).not.toBeNull();
    expect(await seedDemoCampaigns(t.deps)).toEqual(demo);
    const cookie = await login(t.app, 'jinshan.leader', DEMO_PASSWORD);
    const c: CampaignView = (
      await t.app.inject({ url: `/api/campaigns/${demo.campaignId}`, headers: { cookie } })
    ).json();
    expect(c.groups.map((g) => g.kind)).toEqual(['supervision', 'supervision', 'inspection']);
    expect(c.progress.inspections).toBeGreaterThan(0);
    expect(c.progress.problemsFound).toBeGreaterThan(0);
    expect(c.progress.problemsFound).toBeGreaterThanOrEqual(c.progress.rectified);
    expect(c.accountabilityCount).toBe(1);
    const interview = (
      await t.app.inject({ url: `/api/accountability-actions/${demo.interviewId}`, headers: { cookie } })
    ).json();
    expect(interview).toMatchObject({ kind: 'interview', status: 'open', groupId: demo.groupIds[0] });
    // The enterprise sees its interview.
    const manager = await login(t.app, 'jinshan.manager', DEMO_PASSWORD);
    const own = await t.app.inject({
      url: `/api/accountability-actions?enterpriseId=${interview.enterpriseId}`,
      headers: { cookie: manager },
    });
    expect(own.json().items.map((i: { id: string }) => i.id)).toContain(demo.interviewId);
  });
});
