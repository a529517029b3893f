import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';
import { seedDemo, DEMO_PASSWORD } from '../src/demo/seed-demo.ts';
import { seedDemoInspections } from '../src/demo/seed-inspections.ts';
import { seedDemoCampaigns, type DemoCampaigns } from '../src/demo/seed-campaigns.ts';
import { seedDemoEnforcement, type DemoEnforcement } from '../src/demo/seed-enforcement.ts';
import { verifyAll } from '../src/audit/verify.ts';
import type { CampaignView } from '@redline/contracts';

/**
 * The demo campaign (issue 14): groups over the demo's own inspections, one interview; and the demo's
 * enforcement: issued rectification orders, a case at the filing stage, accountability actions; idempotent.
 */
let t: TestApp;
let demo: DemoCampaigns;
let enforcement: DemoEnforcement;

beforeAll(async () => {
  t = await createTestApp();
  await loadStarterChecklists(t.deps.database.db);
  await seedDemo(t.deps.database.db, t.deps.secrets, { today: t.deps.today(), scale: 'small' });
  await seedDemoInspections(t.deps);
  demo = (await seedDemoCampaigns(t.deps))!;
  const t0 = performance.now();
  enforcement = (await seedDemoEnforcement(t.deps))!;
  console.log(`seedDemoEnforcement: ${(performance.now() - t0).toFixed(0)} ms`);
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

describe('demo enforcement', () => {
  it('has issued documents, a filed case and accountability actions, each on the audit chain', async () => {
    const db = t.deps.database.db;
    expect(await seedDemoEnforcement(t.deps)).toEqual(enforcement);
    const issued = await db
      .selectFrom('documents')
      .select(['id', 'kind', 'number', 'issued_at', 'case_id', 'pdf_sha256'])
      .where('status', '=', 'issued')
      .execute();
    const orders = issued.filter((d) => d.kind === 'rectification_order');
    expect(orders.length).toBeGreaterThanOrEqual(1);
    for (const d of issued) expect(d.number && d.pdf_sha256, d.id).toBeTruthy();
    // Issued inside the demo's two months, before now.
    const twoMonthsAgo = Date.now() - 62 * 86_400_000;
    for (const d of issued) {
      expect(new Date(d.issued_at!).getTime()).toBeGreaterThan(twoMonthsAgo);
      expect(new Date(d.issued_at!).getTime()).toBeLessThan(Date.now());
    }
    // Each names two confirmed officers with their certificate numbers (two-officer rule).
    const facts = await db.selectFrom('documents').select(['facts']).where('status', '=', 'issued').execute();
    for (const f of facts) {
      const text = String((f.facts as { inspectorsText?: string }).inspectorsText ?? '');
      expect(text.split(/[、，,]/).filter((x) => x.trim()).length).toBeGreaterThanOrEqual(2);
    }

    const cases = await db.selectFrom('cases').select(['id', 'status', 'opened_at']).execute();
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ id: enforcement.caseId, status: 'filed' });
    expect(issued.some((d) => d.kind === 'case_filing' && d.case_id === enforcement.caseId)).toBe(true);
    const pending = await db
      .selectFrom('documents')
      .select(['kind', 'status'])
      .where('case_id', '=', enforcement.caseId)
      .where('status', '=', 'draft')
      .execute();
    expect(pending.map((d) => d.kind)).toEqual(['penalty_decision']);

    const actions = await db.selectFrom('accountability_actions').select(['id', 'kind']).execute();
    expect(actions.length).toBeGreaterThanOrEqual(3);
    expect(new Set(actions.map((a) => a.kind))).toEqual(new Set(['interview', 'notification', 'warning']));

    // Every one of them carries its audit record, and the chains hold.
    const audited = async (subjectType: string, action: string, ids: string[]) => {
      const rows = await db
        .selectFrom('audit_entries')
        .select('subject_id')
        .where('subject_type', '=', subjectType)
        .where('action', '=', action)
        .where('subject_id', 'in', ids)
        .execute();
      expect(new Set(rows.map((r) => r.subject_id)), `${action}`).toEqual(new Set(ids));
    };
    await audited(
      'document',
      'document.issue',
      issued.map((d) => d.id),
    );
    await audited('case', 'case.open', [enforcement.caseId!]);
    await audited('case', 'case.filed', [enforcement.caseId!]);
    await audited(
      'accountability_action',
      'accountability.created',
      actions.map((a) => a.id),
    );
    for (const r of await verifyAll(db)) expect(r, r.chain).toMatchObject({ ok: true, problem: null });

    // The leader sees them through the API.
    const cookie = await login(t.app, 'jinshan.leader', DEMO_PASSWORD);
    const docs = await t.app.inject({ url: '/api/documents?status=issued', headers: { cookie } });
    expect(docs.statusCode).toBe(200);
    expect(docs.json().items.length).toBeGreaterThanOrEqual(2);
    const list = await t.app.inject({ url: '/api/cases', headers: { cookie } });
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([enforcement.caseId]);
  });
});
