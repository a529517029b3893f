import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers.ts';

/**
 * Issue 16, accessibility: axe-core (WCAG 2.1 A and AA rules) over every main page, logged in as
 * the people who use them; no serious or critical violation on any. One test per page, so a run
 * names every page with a problem.
 */
async function login(page: Page, username: string) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function expectNoSeriousViolations(page: Page, name: string) {
  // pages with live data (server-sent events, polling) never go network-idle: wait for the spinners
  await page.waitForTimeout(1500);
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0, { timeout: 30_000 });
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // charts are canvas drawings; their figures are given as text beside them
    .exclude('canvas')
    .analyze();
  const serious = r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      // the first element and why (e.g. the measured contrast and the two colours)
      first: `${v.nodes[0]?.html.slice(0, 200)}\n${v.nodes[0]?.failureSummary}`,
    }));
  if (serious.length) console.log(name, JSON.stringify(serious, null, 1));
  expect(serious, name).toEqual([]);
}

/** The id of the first record a list endpoint gives (the API fails the test loudly when it is wrong). */
async function first(page: Page, url: string): Promise<string | undefined> {
  const res = await page.request.get(url);
  expect(res.ok(), `${url}: ${res.status()}`).toBeTruthy();
  return ((await res.json()).items ?? [])[0]?.id;
}
const detail = (list: string, base: string) => async (p: Page) => {
  const id = await first(p, list);
  return id ? `${base}/${id}` : null;
};

test('login', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByTestId('login-username')).toBeVisible();
  await expectNoSeriousViolations(page, 'login');
});

const INSPECTOR_PAGES: Array<[string, string | ((page: Page) => Promise<string | null>)]> = [
  ['overview', '/'],
  ['hazards', '/hazards'],
  ['hazard detail', detail('/api/hazards/rectification?pageSize=1', '/hazards')],
  ['inspections', '/inspections'],
  ['inspection detail', detail('/api/inspections?pageSize=1', '/inspections')],
  ['new inspection', '/inspections/new'],
  ['enterprises', '/registry/enterprises'],
  ['projects', '/registry/projects'],
  ['workers', '/registry/workers'],
  ['equipment', '/registry/equipment'],
  ['equipment due', '/equipment-inspections?list=overdue'],
  ['documents', '/documents'],
  ['accidents', '/accidents'],
  ['grading', '/grades'],
  ['spot checks', '/spot-checks'],
  ['dashboard', '/dashboard'],
  ['expert register', '/experts'],
];

for (const [name, where] of INSPECTOR_PAGES)
  test(name, async ({ page }) => {
    test.setTimeout(150_000);
    await login(page, 'jinshan.inspector');
    const url = typeof where === 'string' ? where : await where(page);
    // the demo always has one: a silent skip would hide a page from the check
    expect(url, `${name}: a record in the demo`).toBeTruthy();
    await page.goto(url!);
    await expectNoSeriousViolations(page, name);
  });

test('notifications', async ({ page }) => {
  test.setTimeout(150_000);
  await login(page, 'jinshan.inspector');
  await page.getByTestId('notification-bell').click();
  await expect(page.getByTestId('notification-panel')).toBeVisible();
  await expectNoSeriousViolations(page, 'notifications');
});

test('inspection capture on a phone', async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, 'jinshan.inspector');
  const list = (await (await page.request.get('/api/inspections?pageSize=20')).json()).items as Array<{
    id: string;
    status: string;
  }>;
  const open = list.find((i) => i.status !== 'finished' && i.status !== 'cancelled') ?? list[0];
  expect(open, 'an inspection in the demo').toBeTruthy();
  await page.goto(`/inspections/${open.id}/capture`);
  await expectNoSeriousViolations(page, 'capture');
});

test('off-site console', async ({ page }) => {
  test.setTimeout(150_000);
  await login(page, 'jinshan.duty');
  await page.goto('/offsite');
  await expectNoSeriousViolations(page, 'off-site console');
});

test('audit', async ({ page }) => {
  test.setTimeout(150_000);
  await login(page, 'admin');
  await page.goto('/admin/audit');
  await expect(page.getByTestId('audit-page')).toBeVisible();
  await expect(page.getByTestId('audit-action').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/shots/a11y-audit.png', fullPage: true });
  await expectNoSeriousViolations(page, 'audit');
});
