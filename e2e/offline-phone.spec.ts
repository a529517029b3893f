import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { jpegWithExif } from '../packages/server/test/helpers/images.ts';
import { DEMO_PASSWORD } from './helpers.ts';

/**
 * Issue 19 done-means, on a phone (375 × 812) with the network switched off: the day's work taken
 * offline; a whole inspection captured without a network (items, a failed one with its hazard and a
 * photo, both officers' and the inspected party's signatures, finish); the page reloaded offline
 * with the queue still there; back online the queue is sent — one answer dropped on the way, so a
 * retry — and everything is stored exactly once; then a conflict shown with what to do.
 */
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/shots/offline-${name}.png` });

async function apiAs(baseURL: string, username: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL });
  const res = await ctx.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  return ctx;
}

async function sign(page: Page, testId: string) {
  const pad = page.getByTestId(testId);
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++)
    await page.mouse.move(box.x + 20 + i * 18, box.y + box.height * (0.6 - 0.3 * Math.sin(i / 2)));
  await page.mouse.up();
  await page.getByTestId(`${testId}-confirm`).click();
}

/** An inspection of the demo project with two items of the major-hazard list and two confirmed officers. */
async function assignedInspection(lead: APIRequestContext, colleague: APIRequestContext, title: string) {
  const projects = await (await lead.get('/api/projects?q=恒锐')).json();
  const projectId = projects.items[0].id as string;
  const p = await (
    await lead.get(`/api/inspections/proposal?targetKind=project&targetId=${projectId}`)
  ).json();
  const mh = p.libraries.find((l: { code: string }) => l.code === 'major-hazards-housing-2024');
  const itemIds = [mh.modules[0].items[0].itemId, mh.modules[0].items[1].itemId];
  const created = await lead.post('/api/inspections', {
    data: { kind: 'routine', targetKind: 'project', targetId: projectId, itemIds, title },
  });
  expect(created.status(), await created.text()).toBe(201);
  const v = await created.json();
  const co = p.candidates.find((c: { displayName: string }) => c.displayName === '陆晓峰');
  expect(
    (await lead.post(`/api/inspections/${v.id}/participants`, { data: { userId: co.userId } })).status(),
  ).toBe(200);
  for (const ctx of [lead, colleague])
    expect((await ctx.post(`/api/inspections/${v.id}/participants/confirm`)).status()).toBe(200);
  return v.id as string;
}

test('an inspection captured without a network is stored once when the network is back', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(540_000);
  const lead = await apiAs(baseURL!, 'jinshan.inspector');
  const colleague = await apiAs(baseURL!, 'jinshan.inspector2');
  const id = await assignedInspection(lead, colleague, '离线检查：地下室');
  const other = await assignedInspection(lead, colleague, '离线检查：将被撤销');

  // ---- online: log in, take the day's work offline, open the capture page once
  await page.goto('/login');
  await page.getByTestId('login-username').fill('jinshan.inspector');
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const slow = { timeout: 60_000 }; // first loads on a busy machine
  await page.goto('/offline');
  await page.getByTestId('take-offline').click();
  await expect(page.getByTestId('pack-status')).toContainText('项检查', slow);
  await shot(page, '01-pack');
  await page.goto(`/inspections/${id}/capture`);
  await expect(page.getByTestId('capture-item')).toBeVisible(slow);
  await page.goto(`/inspections/${id}/sign`);
  await expect(page.getByTestId('sign-page')).toBeVisible(slow);
  await page.goto(`/inspections/${id}/capture`);
  await expect(page.getByTestId('capture-item')).toBeVisible(slow);
  // the service worker controls the page (app shell from the cache)
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  // ---- offline: capture the whole inspection
  await context.setOffline(true);
  await expect(page.getByTestId('not-sent')).toBeVisible();
  await page.getByTestId('result-fail').click();
  await page.getByTestId('hazard-description').fill('地下室临时用电线路浸水，未采取防护措施');
  await page.getByTestId('photo-input').setInputFiles({
    name: 'IMG_3001.jpg',
    mimeType: 'image/jpeg',
    buffer: jpegWithExif({ taken: '2026:12:07 10:15:30', lat: 30.7412, lng: 121.3418 }),
  });
  await expect(page.getByTestId('photo')).toHaveCount(1);
  await page.getByTestId('save-next').click();
  await page.getByTestId('result-pass').click();
  await expect(page.getByTestId('capture-progress')).toHaveText('2/2');
  await shot(page, '02-captured-offline');

  // a record of the other inspection too (it will conflict: cancelled meanwhile)
  await page.goto(`/inspections/${other}/capture`);
  await expect(page.getByTestId('capture-item')).toBeVisible(slow);
  await page.getByTestId('result-pass').click();

  // the page reloaded without a network: the queue is still there
  await page.reload();
  await expect(page.getByTestId('capture-item')).toBeVisible(slow);
  await page.goto(`/inspections/${id}/sign`);
  await expect(page.getByTestId('sign-page')).toBeVisible(slow);
  await expect(page.getByTestId('not-sent')).toContainText('条记录未发送');
  const pads = await page
    .locator('[data-testid^="pad-inspector-"]:not([data-testid$="-confirm"])')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  expect(pads).toHaveLength(2);
  for (const [i, padId] of pads.entries()) {
    await sign(page, padId);
    await expect(page.getByTestId('signed')).toHaveCount(i + 1);
  }
  await page.getByTestId('inspected-name').fill('王建国');
  await sign(page, 'pad-inspected');
  await expect(page.getByTestId('signed')).toHaveCount(3);
  await page.getByTestId('finish').click();
  await expect(page.getByTestId('finished')).toBeVisible();
  await shot(page, '03-finished-offline');

  await page.reload();
  await page.goto('/offline');
  await expect(page.getByTestId('offline-alert')).toBeVisible(slow);
  const queued = page.locator('[data-testid^="outbox-item-"]');
  await expect(queued).toHaveCount(8); // 2 findings, 1 photo, 3 signatures, finish; 1 of the other
  await expect(page.getByTestId('outbox-badge')).toBeVisible();
  await page.screenshot({ path: 'test-results/shots/offline-04-outbox-offline.png', fullPage: true });

  // the other inspection is cancelled meanwhile by the lead's colleague (a change on the server)
  const cancelled = await colleague.post(`/api/inspections/${other}/cancel`, {
    data: { reason: '企业停工，改期检查' },
  });
  expect(cancelled.status(), await cancelled.text()).toBe(200);

  // ---- back online: the first finding's answer is dropped after the server stored it
  let dropped = 0;
  await page.route(`**/api/inspections/${id}/findings/*`, async (route) => {
    if (route.request().method() === 'PUT' && dropped === 0) {
      dropped++;
      await route.fetch(); // the server has it…
      await route.abort('connectionreset'); // …but the phone never hears
      return;
    }
    await route.continue();
  });
  await context.setOffline(false);
  await page
    .getByTestId('sync-now')
    .click({ timeout: 10_000 })
    .catch(() => undefined);
  // retried after its backoff (2 s), still once
  await expect
    .poll(
      async () => {
        await page
          .getByTestId('sync-now')
          .click({ timeout: 2_000 })
          .catch(() => undefined);
        return queued.count();
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBe(1);
  expect(dropped).toBe(1);

  // everything stored exactly once
  const v = await (await lead.get(`/api/inspections/${id}`)).json();
  expect(v.status).toBe('finished');
  expect(v.findings.map((f: { result: string }) => f.result)).toEqual(['fail', 'pass']);
  expect(v.findings[0].photos).toHaveLength(1);
  expect(v.findings[0].photos[0].exifTakenAt).toBe('2026-12-07T02:15:30.000Z');
  expect(v.signatures).toHaveLength(3);
  expect(v.hazards).toHaveLength(1);
  const hazards = await (await lead.get(`/api/inspections/${id}/hazards`)).json();
  expect(hazards.items).toHaveLength(1);
  expect(hazards.items[0].title ?? hazards.items[0].description ?? '').toBeTruthy();

  // ---- the conflict: shown with the server's answer and what to do
  const conflict = page.getByTestId('outbox-item-conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict.getByTestId('outbox-answer')).toContainText('服务器答复');
  await expect(conflict.getByTestId('outbox-keep-server')).toBeVisible();
  await page.screenshot({ path: 'test-results/shots/offline-05-conflict.png', fullPage: true });
  await conflict.getByTestId('outbox-keep-server').click();
  await page.locator('.ant-popconfirm .ant-btn-primary').click();
  await expect(page.getByTestId('outbox-empty')).toBeVisible();
  await expect(page.getByTestId('outbox-badge')).toHaveCount(0);
  const o = await (await lead.get(`/api/inspections/${other}`)).json();
  expect(o.status).toBe('cancelled');
  expect(o.findings.every((f: { result: string }) => f.result === 'pending')).toBe(true);
});
