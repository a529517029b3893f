import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers.ts';

/**
 * Issue 16, accessibility: axe-core (WCAG 2.1 A and AA rules) over every main page, logged in as
 * the people who use them; no serious or critical violation anywhere. All pages are checked before
 * the verdict, so one run lists every problem.
 */
type Found = { page: string; id: string; impact: string; help: string; targets: string[] };

async function login(page: Page, username: string) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function check(page: Page, name: string, found: Found[]) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await expect(page.locator('.ant-spin-spinning').first())
    .toBeHidden({ timeout: 20_000 })
    .catch(() => undefined);
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // echarts draws on canvas and the Leaflet-free risk map on SVG: their contents are described beside them
    .exclude('canvas')
    .analyze();
  for (const v of r.violations)
    if (v.impact === 'serious' || v.impact === 'critical')
      found.push({
        page: name,
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
      });
}

test('every main page has no serious or critical axe violation', async ({ page, browser }) => {
  test.setTimeout(420_000);
  const found: Found[] = [];

  await page.goto('/login');
  await expect(page.getByTestId('login-username')).toBeVisible();
  await check(page, 'login', found);

  await login(page, 'jinshan.inspector');
  const get = async (url: string) => (await page.request.get(url)).json();
  const hazard = (await get('/api/hazards?pageSize=1')).items?.[0];
  const inspection = (await get('/api/inspections?pageSize=1')).items?.[0];
  const doc = (await get('/api/documents?pageSize=1')).items?.[0];
  const pages: Array<[string, string]> = [
    ['overview', '/'],
    ['hazards', '/hazards'],
    ...(hazard ? ([['hazard detail', `/hazards/${hazard.id}`]] as Array<[string, string]>) : []),
    ['inspections', '/inspections'],
    ...(inspection
      ? ([
          ['inspection detail', `/inspections/${inspection.id}`],
          ['inspection capture', `/inspections/${inspection.id}/capture`],
        ] as Array<[string, string]>)
      : []),
    ['new inspection', '/inspections/new'],
    ['enterprises', '/registry/enterprises'],
    ['projects', '/registry/projects'],
    ['workers', '/registry/workers'],
    ['equipment', '/registry/equipment'],
    ['documents', '/documents'],
    ...(doc ? ([['document', `/documents/${doc.id}`]] as Array<[string, string]>) : []),
    ['accidents', '/accidents'],
    ['grading', '/grades'],
    ['spot checks', '/spot-checks'],
    ['dashboard', '/dashboard'],
  ];
  for (const [name, url] of pages) {
    await page.goto(url);
    await check(page, name, found);
  }
  // notifications: the bell's list open
  await page.goto('/');
  await page
    .getByRole('button', { name: /通知|Notifications/ })
    .first()
    .click();
  await page.waitForTimeout(500);
  await check(page, 'notifications', found);

  // the off-site console as the duty officer
  const duty = await browser.newPage();
  await login(duty, 'jinshan.duty');
  await duty.goto('/offsite');
  await check(duty, 'off-site console', found);
  await duty.close();

  // the audit page as the administrator
  const admin = await browser.newPage();
  await login(admin, 'admin');
  await admin.goto('/admin/audit');
  await expect(admin.getByTestId('audit-page')).toBeVisible();
  await check(admin, 'audit', found);
  await admin.screenshot({ path: 'test-results/shots/a11y-audit.png', fullPage: true });
  await admin.close();

  console.log(JSON.stringify(found, null, 2));
  expect(found).toEqual([]);
});
