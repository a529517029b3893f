import { expect, test } from '@playwright/test';
import { loginAs } from './helpers.ts';

/**
 * A/B/C grading (issue 14): a leader opens an enterprise's grade from the jurisdiction's list, sees
 * why (facts with weights, total, thresholds, model version) and follows a reason to its record; the
 * enterprise on the serious untrustworthy list shows its joint-punishment flag and a grade of C.
 */
type Fact = {
  code: string;
  count: number;
  records: Array<{ kind: string; id: string; href: string; label: string }>;
};
type View = {
  targetName: string;
  grade: string | null;
  computed: { total: number; facts: Fact[]; modelVersion: number } | null;
  jointPunishment: unknown[];
};

test('open an enterprise’s grade and follow a reason to its record', async ({ page }) => {
  await loginAs(page, 'jinshan.leader');
  // The demo graded every enterprise; pick one whose grade has a hazard behind it.
  const list = await (await page.request.get('/api/grades?kind=enterprise&pageSize=100')).json();
  expect(list.items.length).toBeGreaterThan(0);
  let target: { id: string; view: View; fact: Fact } | null = null;
  for (const item of list.items as Array<{ targetId: string }>) {
    const view = (await (await page.request.get(`/api/grades/enterprise/${item.targetId}`)).json()) as View;
    const fact = view.computed?.facts.find(
      (f) => f.code.startsWith('hazards_') && f.records.some((r) => r.kind === 'hazard'),
    );
    if (fact) {
      target = { id: item.targetId, view, fact };
      break;
    }
  }
  expect(target, 'an enterprise graded on its hazards').not.toBeNull();
  const { view, fact } = target!;

  await page.goto('/grades?kind=enterprise');
  await expect(page.getByTestId('grades-page')).toBeVisible();
  await page.getByTestId('list-search').fill(view.targetName);
  await page.getByTestId('list-search').press('Enter');
  const link = page.getByTestId('grade-row-link').filter({ hasText: view.targetName }).first();
  await expect(link).toBeVisible();
  await page.screenshot({ path: 'test-results/shots/grades-list.png', fullPage: true });
  await link.click();

  await expect(page.getByTestId('grade-page')).toBeVisible();
  await expect(page.getByTestId('grade-in-force')).toHaveAttribute('data-grade', view.grade!);
  await expect(page.getByTestId('grade-total')).toHaveText(String(view.computed!.total));
  await expect(page.getByTestId('grade-why')).toContainText(`v${view.computed!.modelVersion}`);
  await expect(page.getByTestId('grade-why')).toContainText('A ≥ 90');
  // Model v2 counts accidents: the v1 note that they are left out is gone.
  await expect(page.getByTestId('no-accidents')).toHaveCount(view.computed!.modelVersion < 2 ? 1 : 0);
  await expect(page.getByTestId('grade-measures')).toContainText('日常检查频次');
  const row = page.getByTestId(`fact-${fact.code}`);
  await expect(row).toContainText(String(fact.count));
  await page.screenshot({ path: 'test-results/shots/grade-page.png', fullPage: true });

  const record = fact.records.find((r) => r.kind === 'hazard')!;
  await row.getByTestId('fact-record').filter({ hasText: record.label }).first().click();
  await expect(page).toHaveURL(new RegExp(`/hazards/${record.id}$`));
  await expect(page.getByTestId('hazard-page')).toBeVisible();
});

test('the listed enterprise shows joint punishment on its registry page and is graded C', async ({
  page,
}) => {
  await loginAs(page, 'jinshan.leader');
  const c = await (await page.request.get('/api/grades?kind=enterprise&grade=C&pageSize=100')).json();
  const listed = (c.items as Array<{ targetId: string; name: string; jointPunishment: boolean }>).find(
    (i) => i.jointPunishment,
  );
  expect(listed, 'the demo lists one enterprise').toBeTruthy();
  await page.goto(`/registry/enterprises/${listed!.targetId}`);
  await expect(page.getByTestId('credit-section')).toBeVisible();
  await expect(page.getByTestId('credit-section').getByTestId('joint-punishment')).toBeVisible();
  await expect(page.getByTestId('credit-record').first()).toContainText('可申请信用修复');
  await expect(page.getByTestId('registry-grade').getByTestId('grade-tag')).toHaveAttribute(
    'data-grade',
    'C',
  );
  await page.screenshot({ path: 'test-results/shots/credit-section.png', fullPage: true });
  // The registry list carries the grade and the flag beside the name.
  await page.goto('/registry/enterprises');
  await page.getByTestId('list-search').fill(listed!.name);
  await page.getByTestId('list-search').press('Enter');
  const row = page.getByTestId('list-table').locator('tr', { hasText: listed!.name });
  await expect(row.getByTestId('grade-tag')).toHaveAttribute('data-grade', 'C');
  await expect(row.getByTestId('joint-punishment')).toBeVisible();
  await page.screenshot({ path: 'test-results/shots/registry-badges.png', fullPage: true });
  await page.goto(`/registry/enterprises/${listed!.targetId}`);
  // Early removal before 12 months is refused with the date named.
  await page.getByTestId('credit-remove').first().click();
  await page.locator('.ant-modal textarea').fill('已完成信用修复培训并整改到位');
  await page.locator('.ant-modal .ant-btn-primary').click();
  await expect(page.getByTestId('credit-remove-error')).toContainText(/\d{4}-\d{2}-\d{2}/);
});

test('model v2: an accident of the enterprise is a reason on its grade, linked to the accident', async ({
  page,
}) => {
  await loginAs(page, 'jinshan.leader');
  // The demo reports accidents over two years; take one of the last twelve months with an enterprise.
  const list = await (await page.request.get('/api/accidents?pageSize=100')).json();
  const since = Date.now() - 360 * 86_400_000;
  const accident = (
    list.items as Array<{ id: string; enterpriseId: string | null; occurredAt: string; grade: string }>
  ).find((a) => a.enterpriseId && Date.parse(a.occurredAt) > since);
  expect(accident, 'a demo accident of an enterprise in the window').toBeTruthy();
  const { id, enterpriseId, grade } = accident!;
  // Regrade now (the dirty job would within a minute).
  const res = await page.request.post(`/api/grades/enterprise/${enterpriseId}/recompute`);
  expect(res.ok()).toBe(true);

  await page.goto(`/grades/enterprise/${enterpriseId}`);
  await expect(page.getByTestId('grade-page')).toBeVisible();
  await expect(page.getByTestId('grade-why')).toContainText('v2');
  await expect(page.getByTestId('no-accidents')).toHaveCount(0);
  const row = page.getByTestId(`fact-accidents_${grade}`);
  await expect(row).toBeVisible();
  await page.screenshot({ path: 'test-results/shots/grade-page-v2-accident.png', fullPage: true });
  await row.locator(`a[href="/accidents/${id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/accidents/${id}$`));
  await expect(page.getByTestId('accident-detail')).toBeVisible();
});
