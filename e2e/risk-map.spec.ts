import { expect, test, type Page } from '@playwright/test';
import { loginAs } from './helpers.ts';

/**
 * Double prevention on the four-colour risk map: the Jinshan enterprise's manager opens the welding
 * shop's map (demo plan, zones and risk points), assesses the welding bays by LEC as more severe, and
 * sees the point, its zone and the site's computed colour turn red.
 */
async function pickValue(page: Page, testId: string, value: string) {
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await expect(open).toHaveCount(0);
  await page.getByTestId(testId).click();
  await expect(open).toHaveCount(1);
  await open.locator(`.ant-select-item-option[title="${value}"]`).click();
  await expect(open).toHaveCount(0);
}

test('assess a risk point and see the site colour change on its map', async ({ page }) => {
  await loginAs(page, 'jinshan.manager');
  const sites = await (await page.request.get('/api/sites?q=焊接车间&pageSize=50')).json();
  const site = sites.items.find((s: { riskColour: string | null }) => s.riskColour === 'orange');
  expect(site, 'the demo welding shop (orange)').toBeTruthy();

  await page.goto(`/risk/sites/${site.id}`);
  await expect(page.getByTestId('risk-map-page')).toBeVisible();
  await expect(page.getByTestId('site-colour')).toHaveAttribute('data-colour', 'orange');
  await expect(page.getByTestId('risk-zone')).toHaveCount(3);
  await expect(page.getByTestId('risk-zone').first()).toHaveAttribute('data-colour', 'orange');
  await page.screenshot({ path: 'test-results/shots/risk-map-before.png', fullPage: true });

  const point = page.getByTestId('risk-point').filter({ hasText: '焊接工位区' });
  await point.getByTestId('assess').click();
  await pickValue(page, 'factor-L', '6');
  await pickValue(page, 'factor-E', '6');
  await pickValue(page, 'factor-C', '15');
  await page.getByTestId('assess-submit').click();

  await expect(page.getByTestId('site-colour')).toHaveAttribute('data-colour', 'red');
  await expect(page.getByTestId('risk-zone').first()).toHaveAttribute('data-colour', 'red');
  await expect(point).toContainText('LEC = 540');
  await page.screenshot({ path: 'test-results/shots/risk-map-after.png', fullPage: true });

  // The registry shows the colour as computed, with the way to the map; it has no field to set it.
  await page.goto(`/registry/sites/${site.id}`);
  await expect(page.getByTestId('site-risk-colour')).toContainText('重大风险');

  // The list of risk points finds it by colour, with the way back to the map.
  await page.goto('/risk?colour=red&q=焊接工位区');
  const row = page.getByTestId('risk-points-page').locator('tr', { hasText: '焊接工位区' });
  await expect(row.first()).toContainText('LEC = 540');
  await row.first().getByRole('link', { name: '焊接工位区' }).click();
  await expect(page.getByTestId('site-colour')).toHaveAttribute('data-colour', 'red');
});
