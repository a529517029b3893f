import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Off-site enforcement in the browser: the Jinshan duty officer watches the console; a camera at
 * the industrial-park welding shop sees welding while the worker on duty holds no certificate; the
 * alarm arrives live (no reload), naming the worker and the certificate facts; the officer verifies
 * it in one click; the law-enforcement inspector then issues the pre-filled rectification order and
 * on-site treatment decision (the rectification order is the inspector's to sign: template rule).
 */
const PASSWORD = 'Redline2026!';
const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results/offsite');

async function login(page: Page, username: string) {
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function apiLogin(request: APIRequestContext, username: string) {
  const res = await request.post('/api/auth/login', { data: { username, password: PASSWORD } });
  expect(res.ok(), await res.text()).toBeTruthy();
}

test('a welding alarm arrives live, is verified, and the pre-filled documents are issued', async ({
  page,
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await login(page, 'jinshan.duty');
  await page.goto('/offsite');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', 'true');
  await page.screenshot({ path: `${shots}/01-console-before.png`, fullPage: true });
  await expect(page.getByTestId('alarm-total')).toHaveText(/^待处理 \d+$/);
  const openNow = async () =>
    Number((await page.getByTestId('alarm-total').textContent())?.match(/\d+/)?.[0]);
  const openBefore = await openNow();

  // A device integrator (as the Jinshan inspector, through the API) installs a camera at the welding shop.
  const api = await playwright.request.newContext({ baseURL });
  await apiLogin(api, 'jinshan.inspector');
  const demoCam = (await (await api.get('/api/devices?q=JS-CAM-0101')).json()).items[0];
  const siteId: string = demoCam.siteId;
  const onDuty = (await (await api.get(`/api/sites/${siteId}/attendance?onDuty=true`)).json())
    .items as Array<{ workerId: string; workerName: string; trade: string }>;
  // A certified welder is on duty beside him (issue 11): pick the one without a valid welding certificate.
  let welder: (typeof onDuty)[number] | undefined;
  for (const w of onDuty.filter((x) => x.trade === 'welder')) {
    const rec = (await (await api.get(`/api/workers/${w.workerId}`)).json()) as {
      certificates: Array<{ categoryCode: string; status: string }>;
    };
    const certified = rec.certificates.some(
      (c) => ['EM-02', 'HS-07'].includes(c.categoryCode) && ['valid', 'review_due'].includes(c.status),
    );
    if (!certified) welder = w;
  }
  expect(welder, 'the demo puts a welder without a certificate on duty in the welding shop').toBeTruthy();
  const code = `E2E-CAM-${Date.now().toString(36).toUpperCase()}`;
  const created = await api.post('/api/devices', {
    data: { code, name: 'E2E 焊接车间摄像机', kind: 'ai_camera', siteId },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { token } = await created.json();

  // The camera uploads its snapshot and reports what it sees — while the console is open.
  const png = readFileSync(
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/welding-snapshot.png'),
  );
  const snap = await api.post('/api/ingest/snapshots', {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
    data: png,
  });
  expect(snap.status(), await snap.text()).toBe(201);
  const now = new Date();
  const event = {
    schema: 'redline.event/1',
    eventId: `${code}-1`,
    deviceId: code,
    time: now.toISOString(),
    type: 'detection',
    detections: [
      { type: 'welding', confidence: 0.94, box: { x: 0.4, y: 0.36, w: 0.16, h: 0.26 } },
      { type: 'person', confidence: 0.98, box: { x: 0.35, y: 0.24, w: 0.1, h: 0.58 } },
    ],
    image: { ref: (await snap.json()).ref, contentType: 'image/png' },
  };
  const sent = await api.post('/api/ingest/events', {
    headers: { authorization: `Bearer ${token}` },
    data: { events: [event] },
  });
  expect(await sent.json()).toMatchObject({ accepted: 1 });

  // It appears without a reload.
  const card = page.locator(
    `[data-testid="alarm-card"][data-device="${code}"][data-type="uncertified_special_operation"]`,
  );
  await expect(card).toBeVisible({ timeout: 15_000 });
  await expect(card).toHaveClass(/fresh/);
  // The count follows (the demo's gentle stream may raise other alarms meanwhile).
  await expect.poll(openNow).toBeGreaterThan(openBefore);
  await card.click();
  const detail = page.getByTestId('alarm-detail');
  await expect(detail.getByTestId('detail-type')).toHaveText('无证特种作业');
  await expect(detail.getByTestId('crosscheck-verdict')).toHaveText('核查发现违法违规');
  await expect(detail.getByTestId('crosscheck')).toContainText(
    `${welder!.workerName} 没有焊接与热切割作业操作证`,
  );
  await expect(detail.getByTestId('alarm-snapshot')).toBeVisible();
  await page.screenshot({ path: `${shots}/02-alarm-arrived.png`, fullPage: true });

  // One click: verified as real.
  await detail.getByTestId('action-verify_real').click();
  await expect(detail).toHaveAttribute('data-status', 'verified');
  const alarmId = await detail.getAttribute('data-alarm-id');
  await page.screenshot({ path: `${shots}/03-verified.png`, fullPage: true });

  // The law-enforcement inspector issues the pre-filled documents.
  const ctx = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 900 },
  });
  const officer = await ctx.newPage();
  await login(officer, 'jinshan.inspector');
  await officer.goto(`/offsite?status=all&id=${alarmId}`);
  const d2 = officer.getByTestId('alarm-detail');
  await expect(d2).toHaveAttribute('data-status', 'verified');
  await d2.getByTestId('action-enforce').click();
  await expect(officer.getByTestId('prefill-hazard')).toContainText('未取得相应资格');
  await expect(officer.getByTestId('prefill-hazard')).toContainText(welder!.workerName);
  await expect(officer.getByTestId('enforce-findings')).toHaveValue(
    new RegExp(`${welder!.workerName}未持有焊接与热切割作业操作证`),
  );
  await officer.screenshot({ path: `${shots}/04-prefilled.png`, fullPage: true });
  // The second officer (Administrative Penalty Law 2021 art. 42): the inspector names a certified
  // colleague; the documents are drafted and wait for the colleague's own confirmation.
  await officer.getByTestId('enforce-co-officer').click();
  await officer.keyboard.type('陆晓峰');
  await officer
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: '陆晓峰' })
    .first()
    .click();
  await officer.getByTestId('enforce-issue').click();
  const drafted = officer.getByTestId('drafted-document');
  await expect(drafted).toHaveCount(2);
  const docIds = (await drafted.evaluateAll((els) => els.map((e) => e.getAttribute('href')!))).map((h) =>
    h.split('/').pop()!,
  );
  await officer.screenshot({ path: `${shots}/05-drafted-awaiting-colleague.png`, fullPage: true });
  await officer.keyboard.press('Escape');
  await expect(d2).toHaveAttribute('data-status', 'dispatched');
  await expect(d2.getByTestId('disposition-document')).toHaveCount(2);
  const colleague = await playwrightRequest.newContext({
    baseURL: officer.url().replace(/\/offsite.*$/, ''),
  });
  await apiLogin(colleague, 'jinshan.inspector2');
  for (const id of docIds) {
    const c = await colleague.post(`/api/documents/${id}/officers/confirm`);
    expect(c.status(), await c.text()).toBe(200);
  }
  await colleague.dispose();
  // The inspector issues both from their pages: each names both officers with their numbers.
  const numbers: string[] = [];
  for (const id of docIds) {
    await officer.goto(`/documents/${id}`);
    await expect(officer.getByTestId('officer-rule')).toContainText('第四十二条');
    await expect(officer.getByTestId('officer-licence')).toHaveCount(2);
    await officer.getByTestId('issue').click();
    await officer.getByTestId('issue-confirm').click();
    await expect(officer.getByTestId('document-page')).toHaveAttribute('data-status', 'issued');
    numbers.push((await officer.getByTestId('document-number').textContent())!);
  }
  expect(numbers[0]).toContain('责改');
  expect(numbers[1]).toContain('现决');
  await officer.screenshot({ path: `${shots}/05b-issued.png`, fullPage: true });

  // The duty officer's console hears of it live too.
  await expect(detail).toHaveAttribute('data-status', 'dispatched', { timeout: 15_000 });
  await page.screenshot({ path: `${shots}/06-duty-sees-dispatched.png`, fullPage: true });
  await ctx.close();
  await api.dispose();
});
