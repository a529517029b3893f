import { expect, test } from '@playwright/test';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD, listTotal, loginAs, openNav } from './helpers.ts';

/** Issue 2 done-means: log in, browse and filter the registry, a bad credit code, a CSV with one bad row, language switch. */

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('login-username').fill('jinshan.inspector');
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toBeVisible();
  await page.screenshot({ path: 'test-results/shots/login-error.png' });
});

test('a slow "who am I" from before the login does not log the user out again', async ({ page }) => {
  // the login page's first /api/auth/me (401: nobody yet) answers only after the login has succeeded
  let first = true;
  await page.route('**/api/auth/me', async (route) => {
    if (!first) return route.continue();
    first = false;
    const answer = await route.fetch();
    await new Promise((r) => setTimeout(r, 2500));
    await route.fulfill({ response: answer });
  });
  await page.goto('/login');
  await page.getByTestId('login-username').fill('jinshan.inspector');
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('header-user-name')).toBeVisible();
  await page.waitForTimeout(3000); // the late 401 has landed by now
  await expect(page.getByTestId('header-user-name')).toBeVisible();
  expect(new URL(page.url()).pathname).not.toBe('/login');
});

test('an inspector browses and filters the enterprises of their jurisdiction', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  await expect(page.getByTestId('header-jurisdiction')).toContainText('金山');
  await openNav(page, 'nav-registry', 'nav-enterprises');
  const all = await listTotal(page);
  expect(all).toBeGreaterThan(10);
  // Every row is inside Jinshan (310116…): the region column never shows another jurisdiction.
  await expect(page.getByTestId('list-table')).not.toContainText('鄂尔多斯');
  await page.getByTestId('list-search').fill('机械');
  await page.getByTestId('list-search').press('Enter');
  await expect(page).toHaveURL(/q=/);
  // The total follows once the filtered page has loaded.
  await expect.poll(() => listTotal(page)).toBeLessThan(all);
  expect(await listTotal(page)).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/shots/enterprises-filtered.png', fullPage: true });
  // Open one and see its detail page.
  await page.getByTestId('row-link').first().click();
  await expect(page.getByTestId('detail-page')).toBeVisible();
  await expect(page.getByTestId('detail-fields')).toContainText('91');
});

test('expired certificates filter shows only expired ones', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  await page.goto('/registry/certificates?status=expired');
  const n = await listTotal(page);
  expect(n).toBeGreaterThan(0);
  const tags = page.getByTestId('list-table').getByTestId('status-tag');
  const statuses = await tags.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(['expired']));
});

test('creating an enterprise with a bad credit code shows the error next to the field', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  await page.goto('/registry/enterprises');
  await page.getByTestId('create-button').click();
  await expect(page.getByTestId('record-drawer')).toBeVisible();
  await page.getByTestId('field-creditCode').fill('91310116MA1J8XXXX0');
  await page.getByTestId('field-name').fill('上海测试安全科技有限公司');
  await page.getByTestId('form-submit').click();
  const item = page.locator('.ant-form-item').filter({ has: page.getByTestId('field-creditCode') });
  await expect(item.locator('.ant-form-item-explain-error')).toBeVisible();
  await page.screenshot({ path: 'test-results/shots/enterprise-bad-credit-code.png' });
});

test('importing a CSV with one bad row names that row and imports the rest on request', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  await page.goto('/registry/enterprises');
  const before = await listTotal(page);
  const dir = mkdtempSync(path.join(tmpdir(), 'redline-import-'));
  const file = path.join(dir, 'enterprises.csv');
  // Two valid credit codes and one with a wrong check character, on file row 4 (the header is row 1).
  writeFileSync(
    file,
    [
      '统一社会信用代码,企业名称,行业,规模,行政区划代码,地址',
      '91310116E2ETEXT01Q,上海导入测试一号有限公司,machinery,小型,310116101,朱泾镇测试路1号',
      '91310116E2ETEXT02U,上海导入测试二号有限公司,manufacturing,small,310116101,朱泾镇测试路2号',
      '91310116E2ETEXT030,上海导入测试三号有限公司,trade,micro,310116102,枫泾镇测试路3号',
    ].join('\n'),
  );
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(file);
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible();
  await expect(report).toHaveAttribute('data-total', '3');
  await expect(page.getByTestId('import-errors')).toContainText('4');
  await page.screenshot({ path: 'test-results/shots/import-report.png' });
  const valid = Number(await report.getAttribute('data-valid'));
  expect(valid).toBe(2);
  await expect(page.getByTestId('import-commit-all')).toBeDisabled();
  await page.getByTestId('import-commit-valid').click();
  await expect(page.getByTestId('import-result')).toHaveAttribute('data-imported', '2');
  await page.getByTestId('import-close').click();
  await page.reload();
  expect(await listTotal(page)).toBe(before + 2);
});

test('the language switch turns the interface into English and back', async ({ page }) => {
  await loginAs(page, 'jinshan.leader');
  await expect(page.getByTestId('nav-menu')).toContainText('监管对象');
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('nav-menu')).toContainText('Registry');
  await page.screenshot({ path: 'test-results/shots/overview-en.png', fullPage: true });
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('lang-zh').click();
  await expect(page.getByTestId('nav-menu')).toContainText('监管对象');
});

test('an enterprise safety manager sees only their own enterprise', async ({ page }) => {
  await loginAs(page, 'jinshan.manager');
  await page.goto('/registry/enterprises');
  expect(await listTotal(page)).toBe(1);
  await page.goto('/registry/workers');
  expect(await listTotal(page)).toBeGreaterThan(0);
  await expect(page.getByTestId('list-table')).not.toContainText('鄂尔多斯');
});
