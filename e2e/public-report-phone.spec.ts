import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { jpegWithExif } from '../packages/server/test/helpers/images.ts';
import { DEMO_PASSWORD } from './helpers.ts';

/**
 * Issue 18 done-means, on a phone (375 × 812): a site's public report URL (from its poster), an
 * anonymous report with a photo and its tracking code; the handler verifies it into a hazard; the
 * tracking page shows the outcome; a worker's verified report earns points; the worker redeems an
 * item; stock and balance update, and the keeper hands it over.
 */
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/shots/report-${name}.png`, fullPage: true });

async function apiAs(baseURL: string, username: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL });
  const res = await ctx.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  return ctx;
}

async function login(page: Page, username: string) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

test('anyone reports a hazard from a site poster on a phone; a worker earns and spends points', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const workerApi = await apiAs(baseURL!, 'jinshan.worker');
  const managerApi = await apiAs(baseURL!, 'jinshan.manager');
  const inspectorApi = await apiAs(baseURL!, 'jinshan.inspector');
  const sites = (await (await workerApi.get('/api/report-sites')).json()) as Array<{
    id: string;
    name: string;
  }>;
  expect(sites.length).toBeGreaterThan(0);
  const site = sites[0]!;
  const link = await (await managerApi.get(`/api/sites/${site.id}/report-link`)).json();
  expect(link.path).toMatch(/^\/r\/[2-9A-HJ-NP-Z]{12}$/);

  // ---- the public (no login) report from the poster's address, anonymous, with a photo
  await page.goto(link.path);
  await expect(page.getByTestId('report-site-name')).toContainText(site.name);
  await page.getByTestId('report-description').fill('三号楼北侧脚手架连墙件缺失，外架明显外倾');
  await page.getByTestId('report-photo-input').setInputFiles({
    name: 'scaffold.jpg',
    mimeType: 'image/jpeg',
    buffer: jpegWithExif({ taken: '2026:12:07 09:12:00', offset: '+08:00' }),
  });
  await expect(page.getByTestId('report-photos').locator('img')).toHaveCount(1);
  await expect(page.getByTestId('report-anonymous')).toBeChecked();
  await shot(page, '01-form');
  await page.getByTestId('report-submit').click();
  const codeEl = page.getByTestId('tracking-code');
  await expect(codeEl).toBeVisible();
  const code = (await codeEl.textContent())!.replace(/[^2-9A-Z]/g, '');
  expect(code).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
  await shot(page, '02-receipt');
  await page.getByTestId('tracking-link').click();
  await expect(page.getByTestId('report-status')).toHaveAttribute('data-status', 'received');
  // the page is narrow enough for a phone: nothing wider than the viewport
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  // ---- the handler (inspector of the place) verifies it into a hazard, on the phone
  const handler = await browser.newContext({
    baseURL,
    viewport: { width: 375, height: 812 },
    isMobile: true,
    hasTouch: true,
  });
  const hp = await handler.newPage();
  await login(hp, 'jinshan.inspector');
  await hp.goto('/public-reports?status=received');
  await hp.getByTestId('report-list').getByText(code).click();
  await expect(hp.getByTestId('report-detail')).toBeVisible();
  await hp.getByTestId('report-outcome').getByText('属实，登记为隐患').click();
  await hp.getByTestId('verify-title').fill('脚手架连墙件缺失');
  await hp.getByTestId('verify-submit').click();
  await expect(hp.getByTestId('report-hazard-link')).toBeVisible();
  await hp.screenshot({ path: 'test-results/shots/report-03-verified.png', fullPage: true });

  // ---- the tracking page (public) shows the outcome
  await page.reload();
  await expect(page.getByTestId('report-status')).toHaveAttribute('data-status', 'hazard');
  await expect(page.getByTestId('tracking-hazard')).toHaveText('已上报');
  await expect(page.getByTestId('tracking-card')).not.toContainText('jinshan');
  await shot(page, '04-tracking');

  // ---- a worker reports from their site; the report is verified; points are earned
  const wctx = await browser.newContext({
    baseURL,
    viewport: { width: 375, height: 812 },
    isMobile: true,
    hasTouch: true,
  });
  const wp = await wctx.newPage();
  await login(wp, 'jinshan.worker');
  await wp.goto('/report');
  await wp.getByTestId('worker-description').fill('配电箱门锁损坏，箱门常开，下雨易漏电');
  await wp.getByTestId('worker-submit').click();
  await expect(wp.getByTestId('worker-tracking-code')).toBeVisible();
  const mine = (await (await workerApi.get('/api/public-reports?pageSize=1')).json()).items[0];
  const verified = await inspectorApi.post(`/api/public-reports/${mine.id}/verify`, {
    data: { outcome: 'hazard', grade: 'general', title: '配电箱门锁损坏' },
  });
  expect(verified.status()).toBe(200);
  const earned = (await verified.json()).pointsAwarded as number;
  expect(earned).toBeGreaterThan(0);

  // ---- the keeper offers an item; the worker redeems it on the phone
  const item = await (
    await managerApi.post('/api/points/items', {
      data: { siteId: site.id, name: '劳保手套（一副）', price: Math.min(5, earned), stock: 3 },
    })
  ).json();
  await wp.goto('/points');
  await expect(wp.getByTestId('points-balance')).toContainText(String(earned), { timeout: 60_000 });
  const row = wp.locator(`[data-testid="shop-item"][data-name="劳保手套（一副）"]`);
  await expect(row.getByTestId('shop-item-stock')).toContainText('3');
  await shot(wp, '05-shop');
  await row.getByTestId('redeem').click();
  await wp.getByTestId('redeem-ok').click();
  await expect(wp.getByTestId('points-balance')).toContainText(String(earned - item.price));
  await expect(row.getByTestId('shop-item-stock')).toContainText('2');
  await expect(wp.getByTestId('my-redemption').first().getByTestId('redemption-status')).toHaveAttribute(
    'data-status',
    'pending',
  );
  await shot(wp, '06-redeemed');

  // ---- the keeper hands it over; the worker sees it collected; the ledger adds up
  const pending = (
    await (await managerApi.get(`/api/points/redemptions?siteId=${site.id}&status=pending`)).json()
  ).items;
  expect(pending).toHaveLength(1);
  expect(
    (await managerApi.post(`/api/points/redemptions/${pending[0].id}/hand-over`, { data: {} })).status(),
  ).toBe(200);
  await wp.reload();
  await expect(wp.getByTestId('my-redemption').first().getByTestId('redemption-status')).toHaveAttribute(
    'data-status',
    'handed_over',
  );
  const bal = await (await workerApi.get('/api/points/balance')).json();
  expect(bal).toMatchObject({ balance: earned - item.price, earned, redeemed: item.price });
  await shot(wp, '07-handed-over');
  await handler.close();
  await wctx.close();
});
