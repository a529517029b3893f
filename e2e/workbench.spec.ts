import { expect, test, type Page } from '@playwright/test';
import { loginAs } from './helpers';

/**
 * The home page is each role's workbench (issue 16): one request to /api/workbench, each figure the
 * total of the list it links to. The expectations are read from the API as the same user, so a page
 * that drops, mislabels or miscounts a section fails; the demo data guarantees there is work to show.
 */
const SHOTS = 'test-results/shots';

async function workbench(page: Page) {
  const res = await page.request.get('/api/workbench');
  expect(res.ok()).toBeTruthy();
  return (await res.json()) as {
    sections: Array<{
      key: string;
      count: number;
      link: string;
      breakdown: Array<{ key: string; count: number }>;
      items: Array<{ id: string; tone: string; status: string | null }>;
    }>;
    dashboard: null | { figures: Record<string, number> };
  };
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
});

test('the enterprise safety manager sees their open hazards (overdue first) and the alarms at their sites', async ({
  page,
}) => {
  await loginAs(page, 'jinshan.manager');
  await expect(page.getByTestId('workbench-page')).toBeVisible();
  const w = await workbench(page);
  const mine = w.sections.find((s) => s.key === 'my_hazards')!;
  expect(mine.count, 'the demo enterprise has open hazards').toBeGreaterThan(0);
  await expect(page.getByTestId('wb-count-my_hazards')).toHaveAttribute('data-count', String(mine.count));
  const overdue = mine.breakdown.find((b) => b.key === 'overdue');
  expect(overdue?.count ?? 0, 'the demo enterprise has an overdue hazard').toBeGreaterThan(0);
  // the overdue one is listed first and flagged
  const first = page.getByTestId('wb-my_hazards').getByTestId('wb-entry').first();
  await expect(first).toHaveAttribute('data-tone', 'danger');
  await expect(first).toContainText('已逾期');
  const alarms = w.sections.find((s) => s.key === 'site_alarms')!;
  await expect(page.getByTestId('wb-count-site_alarms')).toHaveAttribute('data-count', String(alarms.count));
  await expect(page.getByTestId('wb-site_alarms').getByTestId('wb-entry')).toHaveCount(
    Math.min(alarms.count, 5),
  );
  for (const key of ['unread_notifications', 'certificates_due', 'equipment_due'])
    await expect(page.getByTestId(`wb-${key}`)).toBeVisible();
  // unread notices name their kind in words, never the code (hazard.ordered → 责令整改)
  const notices = w.sections.find((s) => s.key === 'unread_notifications')!;
  expect(notices.items.length, 'the demo manager has unread notices').toBeGreaterThan(0);
  const kinds = page.getByTestId('wb-unread_notifications').getByTestId('wb-notice-kind');
  await expect(kinds).toHaveCount(notices.items.length);
  for (let i = 0; i < notices.items.length; i++) {
    const code = notices.items[i].status!;
    await expect(kinds.nth(i)).toHaveAttribute('data-kind', code);
    await expect(kinds.nth(i)).not.toHaveText(/[a-z_]+\.[a-z_]+|^通知$/);
    await expect(kinds.nth(i)).not.toContainText(code);
  }
  await expect(page.getByTestId('workbench-page')).not.toContainText('即将上线');
  await page.screenshot({ path: `${SHOTS}/workbench-manager.png`, fullPage: true });
  // The overdue figure opens the hazards list on its filter.
  await page.getByTestId('wb-b-my_hazards-overdue').click();
  await expect(page).toHaveURL(/\/hazards\?tab=overdue/);
  await expect(page.getByTestId('hazards-page')).toBeVisible();
});

test('the leader sees the open, overdue and major figures of the jurisdiction, as on the dashboard', async ({
  page,
}) => {
  await loginAs(page, 'jinshan.leader');
  const dash = await (await page.request.get('/api/dashboard')).json();
  const f = dash.figures as Record<string, number>;
  await expect(page.getByTestId('wb-dashboard')).toBeVisible();
  await expect(page.getByTestId('wb-fig-open')).toHaveAttribute('data-value', String(f.open));
  await expect(page.getByTestId('wb-fig-overdue')).toHaveAttribute('data-value', String(f.overdue));
  await expect(page.getByTestId('wb-fig-major')).toHaveAttribute('data-value', String(f.majorFound));
  await expect(page.getByTestId('wb-fig-major')).toContainText(`挂牌 ${f.majorListed}`);
  await expect(page.getByTestId('wb-fig-rate')).toContainText(`已整改 ${f.closed} / 发现 ${f.problemsFound}`);
  await page.screenshot({ path: `${SHOTS}/workbench-leader.png`, fullPage: true });
  await page.getByTestId('wb-open-dashboard').click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('the inspector sees reviews due and overdue rectifications, each opening its filtered list', async ({
  page,
}) => {
  await loginAs(page, 'jinshan.inspector');
  const w = await workbench(page);
  expect(w.sections.map((s) => s.key)).toEqual([
    'tasks_today',
    'group_tasks',
    'drafts',
    'reviews_due',
    'overdue_to_check',
  ]);
  for (const s of w.sections)
    await expect(page.getByTestId(`wb-count-${s.key}`)).toHaveAttribute('data-count', String(s.count));
  const overdue = w.sections.find((s) => s.key === 'overdue_to_check')!;
  expect(overdue.count).toBeGreaterThan(0);
  await page.screenshot({ path: `${SHOTS}/workbench-inspector.png`, fullPage: true });
  await page.getByTestId('wb-link-overdue_to_check').click();
  await expect(page).toHaveURL(/\/hazards\?tab=overdue/);
  await expect(page.getByTestId('hazard-row').first()).toBeVisible();
});

test('the duty officer sees open alarms by severity, offline devices and verified alarms to hand over', async ({
  page,
}) => {
  await loginAs(page, 'jinshan.duty');
  const w = await workbench(page);
  const open = w.sections.find((s) => s.key === 'open_alarms')!;
  await expect(page.getByTestId('wb-count-open_alarms')).toHaveAttribute('data-count', String(open.count));
  for (const b of open.breakdown)
    await expect(page.getByTestId(`wb-b-open_alarms-${b.key}`)).toHaveAttribute(
      'data-count',
      String(b.count),
    );
  await expect(page.getByTestId('wb-devices_offline')).toBeVisible();
  await expect(page.getByTestId('wb-handoffs_waiting')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/workbench-duty.png`, fullPage: true });
});

test('the worker sees their certificates and a link to report a hazard; no points slot without points', async ({
  page,
}) => {
  await loginAs(page, 'jinshan.worker');
  const w = await workbench(page);
  const certs = w.sections.find((s) => s.key === 'my_certificates')!;
  // the same count as the certificates list shows this worker (their own only)
  const own = await (await page.request.get('/api/certificates?pageSize=1')).json();
  expect(certs.count).toBe(own.total);
  await expect(page.getByTestId('wb-count-my_certificates')).toHaveAttribute(
    'data-count',
    String(certs.count),
  );
  await expect(page.getByTestId('wb-my_certificates').getByTestId('wb-entry')).toHaveCount(
    Math.min(certs.count, 5),
  );
  await expect(page.getByTestId('wb-report')).toHaveAttribute('href', '/report');
  await expect(page.getByTestId('wb-points')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/workbench-worker.png`, fullPage: true });
});
