import { expect, test } from '@playwright/test';
import { listTotal, loginAs, openNav } from './helpers';

/**
 * Admin-app conventions (issue 16, Ant Design Pro's on antd 6): breadcrumbs from the navigation
 * tree, a collapsible sidebar remembered across reloads, the user menu, the table toolbar (a hidden
 * column stays hidden after a reload) and the query-and-reset filter form; and the console
 * announcing a new alarm without a reload (title badge, highlight, "arrived … ago").
 * Pages are reached through the menu (in-app navigation); "remembered" is checked both by leaving the
 * page and coming back (the component mounts again and reads what it stored) and by a reload.
 */
const SHOTS = 'test-results/shots';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
});

test('breadcrumbs, the collapsible sidebar and the user menu', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  await openNav(page, 'nav-registry', 'nav-enterprises');
  const crumbs = page.getByTestId('breadcrumb');
  await expect(crumbs).toContainText('首页');
  await expect(crumbs).toContainText('监管对象');
  await expect(crumbs).toContainText('企业');
  await page.getByTestId('row-link').first().click();
  await expect(page.getByTestId('crumb-details')).toBeVisible();
  await page.getByTestId('crumb-enterprises').click();
  await expect(page).toHaveURL(/\/registry\/enterprises$/);

  // Collapse the menu: remembered after a reload.
  const sider = page.getByTestId('app-sider');
  await expect(sider).toHaveAttribute('data-collapsed', 'false');
  await page.getByTestId('sider-toggle').click();
  await expect(sider).toHaveAttribute('data-collapsed', 'true');
  const width = (await sider.boundingBox())!.width;
  expect(width).toBeLessThan(100);
  await page.screenshot({ path: `${SHOTS}/conventions-collapsed.png` });
  expect(await page.evaluate(() => localStorage.getItem('redline.sider.collapsed'))).toBe('1');
  await page.reload();
  await expect(page.getByTestId('app-sider')).toHaveAttribute('data-collapsed', 'true');
  await page.getByTestId('sider-toggle').click();
  await expect(page.getByTestId('app-sider')).toHaveAttribute('data-collapsed', 'false');

  // The user menu: who, profile, language, log out.
  await page.getByTestId('user-menu').click();
  await expect(page.getByTestId('user-menu-who')).toContainText('执法人员');
  await page.screenshot({ path: `${SHOTS}/conventions-user-menu.png` });
  await page.getByTestId('user-menu-profile').click();
  await expect(page).toHaveURL(/\/account\/password/);
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout-button').click();
  await expect(page).toHaveURL(/\/login/);
});

test('a hidden column stays hidden after a reload; density and reset', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  await openNav(page, 'nav-hazards', 'nav-rectification');
  await expect(page.getByTestId('hazards-page')).toBeVisible();
  const header = page.locator('.ant-table-thead');
  await expect(header).toContainText('整改期限');
  await page.getByTestId('tb-columns').click();
  await page.getByTestId('tb-col-deadline').click();
  await expect(header).not.toContainText('整改期限');
  await expect(header).toContainText('隐患');
  await page.getByTestId('tb-density').click();
  await page.getByTestId('tb-density-small').click();
  await expect(page.locator('.ant-table-small')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/conventions-column-hidden.png` });
  // leave and come back: the table reads its stored settings again
  await openNav(page, 'nav-registry', 'nav-enterprises');
  await expect(page.getByTestId('tb-columns')).toHaveAttribute('data-hidden', '');
  await openNav(page, 'nav-hazards', 'nav-rectification');
  await expect(page.getByTestId('hazards-page')).toBeVisible();
  await expect(page.locator('.ant-table-thead')).not.toContainText('整改期限');
  await expect(page.getByTestId('tb-density')).toHaveAttribute('data-density', 'small');
  // and after a reload
  await page.reload();
  await expect(page.getByTestId('hazard-row').first()).toBeVisible();
  await expect(page.locator('.ant-table-thead')).not.toContainText('整改期限');
  await expect(page.getByTestId('tb-density')).toHaveAttribute('data-density', 'small');
  await page.getByTestId('tb-columns').click();
  await page.getByTestId('tb-columns-reset').click();
  await expect(page.locator('.ant-table-thead')).toContainText('整改期限');
});

test('the query-and-reset filter form', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  await openNav(page, 'nav-registry', 'nav-enterprises');
  const all = await listTotal(page);
  await page.getByTestId('list-search').fill('机械');
  // nothing applies before "Query"
  await expect(page).not.toHaveURL(/q=/);
  await page.getByTestId('filter-bar-submit').click();
  await expect(page).toHaveURL(/q=/);
  await expect.poll(() => listTotal(page)).toBeLessThan(all);
  await page.screenshot({ path: `${SHOTS}/conventions-query.png` });
  await page.getByTestId('filter-bar-reset').click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(page.getByTestId('list-search')).toHaveValue('');
  await expect.poll(() => listTotal(page)).toBe(all);
});

test('a new alarm announces itself in the console without a reload', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await loginAs(page, 'jinshan.duty');
  await openNav(page, 'nav-offsite', 'nav-offsite-console');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', 'true');
  // The sound choice is remembered.
  await page.getByTestId('sound-toggle').click();
  await expect(page.getByTestId('sound-toggle')).toHaveAttribute('data-on', 'true');

  // A camera at the welding shop (installed through the API by the inspector) sees fire twice.
  const api = await playwright.request.newContext({ baseURL });
  const login = await api.post('/api/auth/login', {
    data: { username: 'jinshan.inspector', password: 'Redline2026!' },
  });
  expect(login.ok()).toBeTruthy();
  const demoCam = (await (await api.get('/api/devices?q=JS-CAM-0101')).json()).items[0];
  const code = `E2E-FIRE-${Date.now().toString(36).toUpperCase()}`;
  const created = await api.post('/api/devices', {
    data: { code, name: 'E2E 火情摄像机', kind: 'ai_camera', siteId: demoCam.siteId },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { token } = await created.json();
  const now = Date.now();
  const events = [10_000, 0].map((ago, i) => ({
    schema: 'redline.event/1',
    eventId: `${code}-${i}`,
    deviceId: code,
    time: new Date(now - ago).toISOString(),
    type: 'detection',
    detections: [{ type: 'fire', confidence: 0.93 }],
  }));
  const sent = await api.post('/api/ingest/events', {
    headers: { authorization: `Bearer ${token}` },
    data: { events },
  });
  expect(await sent.json()).toMatchObject({ accepted: 2 });

  const card = page.locator(`[data-testid="alarm-card"][data-device="${code}"]`);
  await expect(card).toBeVisible({ timeout: 20_000 });
  await expect(card).toHaveClass(/fresh/);
  await expect(card).toHaveAttribute('data-new', 'true');
  await expect(card.getByTestId('alarm-ago')).toContainText(/现在|秒|分钟前/);
  await expect(page.getByTestId('unseen-count')).toBeVisible();
  await expect.poll(() => page.title()).toMatch(/^\(\d+\) /);
  await page.screenshot({ path: `${SHOTS}/console-arrival.png` });
  // Looking at it marks it seen.
  await card.click();
  await expect(card).not.toHaveAttribute('data-new', 'true');
  expect(await page.evaluate(() => localStorage.getItem('redline.console.sound'))).toBe('1');
});

/**
 * Records the animation classes (`*-appear-active` / `*-enter-active`) any popup takes while the user
 * menu opens. (A popup without motion still passes through `*-appear-prepare` while it is placed.)
 */
async function motionWhileOpening(page: import('@playwright/test').Page): Promise<string[]> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __motion: string[] }).__motion = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        const els = r.type === 'attributes' ? [r.target] : [...r.addedNodes];
        for (const el of els)
          if (el instanceof Element)
            for (const c of el.classList) if (/-(appear|enter)-active$/.test(c)) seen.push(c);
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['class'],
    });
  });
  await page.getByTestId('user-menu').click();
  await expect(page.getByTestId('user-menu-who')).toBeVisible();
  await page.waitForTimeout(500); // longer than antd's slowest popup motion (0.3 s)
  return page.evaluate(() => (window as unknown as { __motion: string[] }).__motion);
}

test('"reduce motion" in the system opens popups without an animation', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  expect(await motionWhileOpening(page)).toEqual([]);
});

test.describe('without "reduce motion"', () => {
  test.use({ reducedMotion: 'no-preference' });
  test('popups zoom in as antd draws them', async ({ page }) => {
    await loginAs(page, 'jinshan.inspector');
    expect(await motionWhileOpening(page)).toContain('ant-slide-up-appear-active');
  });
});
