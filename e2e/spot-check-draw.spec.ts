import { expect, test, type Page } from '@playwright/test';
import { loginAs, pickAll, pickNth } from './helpers.ts';

/**
 * Double random, one public: a leader builds a plan, publishes the commitment, draws with the
 * seed kept in the browser, reveals it; the public page (no login) recomputes the draw in the
 * browser and gets the same assignment. A cross-inspection draw never sends an inspector to their
 * own district.
 */
const JINSHAN_OFFICERS = ['陈志远', '陆晓峰', '顾文斌', '周建华'];

async function buildPlan(page: Page, title: string, kind: 'routine' | 'cross') {
  await page.goto('/spot-checks');
  await expect(page.getByTestId('spot-check-plans-page')).toBeVisible();
  await page.getByTestId('new-plan').click();
  await page.getByTestId('plan-title').fill(title);
  if (kind === 'cross') await page.getByTestId('plan-kind').getByText('交叉检查').click();
  await page.getByTestId('plan-item-title-0').fill('安全生产主体责任落实情况');
  await page.getByTestId('plan-item-basis-0').fill('《中华人民共和国安全生产法》（2021年修正）第二十一条');
  await pickNth(page, 'plan-modules');
  const inspectors = await pickAll(page, 'plan-inspectors');
  await page.getByTestId('plan-submit').click();
  await expect(page.getByTestId('spot-check-plan-page')).toBeVisible();
  await expect(page.getByTestId('plan-status')).toHaveText('草稿');
  return inspectors;
}

async function commitDrawReveal(page: Page) {
  await page.getByTestId('plan-commit').click();
  await expect(page.getByTestId('plan-status')).toHaveText('已公示承诺');
  const seed =
    /[0-9a-f]{64}/.exec((await page.getByTestId('plan-seed-shown').textContent()) ?? '')?.[0] ?? '';
  expect(seed).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId('plan-commitment')).toHaveText(/^[0-9a-f]{64}$/);
  await page.getByTestId('plan-draw').click();
  await expect(page.getByTestId('draw-seed')).toHaveValue(seed); // kept in this browser since the commit
  await page.getByTestId('draw-confirm').click();
  await expect(page.getByTestId('plan-status')).toHaveText('已抽取');
  await page.getByTestId('plan-reveal').click();
  await page.locator('.ant-popconfirm .ant-btn-primary').click();
  await expect(page.getByTestId('plan-status')).toHaveText('已公开种子');
  await expect(page.getByTestId('plan-seed')).toHaveText(seed);
  return seed;
}

/** target name → inspectors, as a table shows them (read in one go: a plan has tens of tasks) */
async function assignments(page: Page, table: string, cell: string) {
  const rows = page.getByTestId(table).locator('tbody tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  const out = await rows.evaluateAll(
    (trs, testId) =>
      trs.map((tr) => {
        const target = (tr.querySelector('td')?.textContent ?? '').replace(/^(企业|建设项目)/, '').trim();
        const who = tr.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? '';
        return `${target} → ${who}`;
      }),
    cell,
  );
  return out.sort();
}

test('build, commit, draw, reveal; the public page recomputes the same draw', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await loginAs(page, 'jinshan.leader');
  const title = `金山区双随机抽查 ${Date.now() % 100000}`;
  await buildPlan(page, title, 'routine');
  const seed = await commitDrawReveal(page);
  const digest = (await page.getByTestId('plan-digest').textContent())!.trim();
  const stored = await assignments(page, 'tasks-table', 'task-inspectors');
  expect(stored.length).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/shots/spot-check-plan.png', fullPage: true });

  // The public page, in a fresh browser context without any session.
  const planUrl = new URL(page.url());
  const anon = await browser.newContext({ locale: 'zh-CN', baseURL: planUrl.origin });
  const pub = await anon.newPage();
  const planId = planUrl.pathname.split('/').pop()!;
  await pub.goto(`/public/spot-checks/plans/${planId}`);
  await expect(pub.getByTestId('public-verified')).toBeVisible();
  await expect(pub.getByTestId('public-seed')).toHaveText(seed);
  await expect(pub.getByTestId('public-digest')).toHaveText(digest);
  expect(await assignments(pub, 'public-recomputed', 'public-task-inspectors')).toEqual(stored);
  await pub.screenshot({ path: 'test-results/shots/spot-check-public.png', fullPage: true });
  // and the authority's notices list the plan
  await pub.goto('/public/spot-checks');
  await pub.getByTestId('public-authority').filter({ hasText: '金山区应急管理局' }).getByRole('link').click();
  await expect(pub.getByTestId('public-plans')).toContainText(title);
  await anon.close();

  // A drawn inspector finds the tasks on the inspections page and starts one: the inspection has both drawn officers.
  const insp = await browser.newContext({ locale: 'zh-CN', baseURL: planUrl.origin });
  const ip = await insp.newPage();
  await loginAs(ip, 'jinshan.inspector');
  await ip.goto('/inspections');
  const mine = ip.getByTestId('my-spot-check-tasks');
  await expect(mine).toBeVisible();
  const row = mine.locator('tbody tr.ant-table-row', { has: ip.getByTestId('task-start') }).first();
  const officers = ((await row.getByTestId('task-inspectors').textContent()) ?? '').split('、');
  expect(officers).toContain('陈志远');
  expect(officers.length).toBe(2);
  await row.getByTestId('task-start').click();
  await expect(ip).toHaveURL(/\/inspections\/[0-9a-f-]{36}$/);
  const inspection = ip.getByTestId('inspection-page');
  await expect(inspection).toBeVisible();
  for (const name of officers) await expect(inspection).toContainText(name);
  await ip.screenshot({ path: 'test-results/shots/spot-check-started.png', fullPage: true });
  await insp.close();
});

test('a cross-inspection draw never assigns an inspector to their own district', async ({ page }) => {
  await loginAs(page, 'jinshan.leader');
  const pooled = await buildPlan(page, `沪西南交叉检查 ${Date.now() % 100000}`, 'cross');
  // the pool holds Jinshan's own officers and the visiting districts' (Songjiang, Fengxian)
  expect(pooled.some((p) => p.includes('金山'))).toBe(true);
  expect(pooled.some((p) => p.includes('松江') || p.includes('奉贤'))).toBe(true);
  await commitDrawReveal(page);
  const tasks = await assignments(page, 'tasks-table', 'task-inspectors');
  expect(tasks.length).toBeGreaterThan(0);
  for (const line of tasks) {
    const who = line.split(' → ')[1]!;
    for (const jinshan of JINSHAN_OFFICERS) expect(who, line).not.toContain(jinshan);
  }
  await page.screenshot({ path: 'test-results/shots/spot-check-cross.png', fullPage: true });
  const planId = page.url().split('/').pop()!;
  await page.goto(`/public/spot-checks/plans/${planId}`);
  await expect(page.getByTestId('public-verified')).toBeVisible();
});
