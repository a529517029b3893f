import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loginAs } from './helpers';

/**
 * Scoped alarm rules in the browser (issue 11): the Jinshan district leader overrides the
 * combustible-gas rule for Jinshan and sees where each version applies — the national version
 * (overridden in Jinshan) and Jinshan's own (in force there); the Ordos leader, in another
 * province, sees only the national version, in force for Ordos. The override is retired at the end.
 */
const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results/rules');

const row = (page: Page, code: string, scope: string) => page.getByTestId(`rule-${code}-${scope}`);

test('a district leader overrides a rule for the district and sees where it applies; another province does not', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  // The machine may be loaded: the first look at a page waits longer than the default.
  const slow = { timeout: 60_000 };
  await loginAs(page, 'jinshan.leader');
  await page.goto('/offsite/rules');
  const national = row(page, 'gas-leak', 'national');
  await expect(national).toBeVisible(slow);
  await expect(national.getByTestId('rule-scope')).toHaveText('全国');
  await expect(national.getByTestId('rule-applies-here')).toBeVisible();
  await expect(row(page, 'gas-leak', '310116')).toHaveCount(0);

  // Override: a lower limit for Jinshan.
  await national.getByTestId('rule-override-gas-leak').click();
  const dialog = page.locator('.ant-modal:visible');
  await expect(dialog).toContainText('金山区');
  await dialog.getByLabel('阈值').fill('22');
  await dialog.getByLabel('回落解除值').fill('18');
  await page.screenshot({ path: `${shots}/01-override-dialog.png`, fullPage: true });
  await page.getByTestId('rule-override-save').click();

  // Where each version applies.
  const mine = row(page, 'gas-leak', '310116');
  await expect(mine).toBeVisible(slow);
  await expect(mine.getByTestId('rule-scope')).toHaveText(/金山区 · 区县级/);
  await expect(mine.getByTestId('rule-applies-here')).toBeVisible();
  await expect(mine).toContainText('22');
  await expect(national.getByTestId('rule-applies-here')).toHaveCount(0);
  await expect(national.getByTestId('rule-overridden-in')).toHaveText(/以下辖区另有规定：金山区/);
  await page.screenshot({ path: `${shots}/02-where-it-applies.png`, fullPage: true });

  // Another province: the override is invisible, the national version applies there.
  const other = await browser.newContext();
  const ordos = await other.newPage();
  await loginAs(ordos, 'ordos.leader');
  await ordos.goto('/offsite/rules');
  const theirs = row(ordos, 'gas-leak', 'national');
  await expect(theirs).toBeVisible(slow);
  await expect(theirs.getByTestId('rule-applies-here')).toBeVisible();
  await expect(theirs.getByTestId('rule-overridden-in')).toHaveCount(0);
  await expect(row(ordos, 'gas-leak', '310116')).toHaveCount(0);
  await expect(ordos.getByText('金山区 · 区县级')).toHaveCount(0);
  await ordos.screenshot({ path: `${shots}/03-other-province.png`, fullPage: true });
  const api = await other.request.get('/api/alarm-rules/gas-leak');
  expect((await api.json()).map((r: { scope: { regionCode: string } }) => r.scope.regionCode)).not.toContain(
    '310116',
  );
  await other.close();

  // Retire it: Jinshan falls back to the national version.
  await mine.getByTestId('rule-retire-gas-leak').click();
  await page
    .locator('.ant-popconfirm:visible')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await expect(row(page, 'gas-leak', '310116')).toHaveCount(0, slow);
  await expect(national.getByTestId('rule-applies-here')).toBeVisible();
});
