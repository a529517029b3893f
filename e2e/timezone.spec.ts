import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers.ts';

/**
 * Issue 16, one time zone: a browser in New York shows an alarm at the jurisdiction's time (Beijing),
 * the same hour and minute its pre-filled document states ("…11时04分…"), not New York's.
 */
test.use({ timezoneId: 'America/New_York' });

test('an alarm reads the same time on screen as in its document, with the browser in New York', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // the browser really is in New York
  await page.goto('/login');
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(
    'America/New_York',
  );
  await page.getByTestId('login-username').fill('jinshan.duty');
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('header-user-name')).toBeVisible({ timeout: 60_000 });

  const me = await (await page.request.get('/api/auth/me')).json();
  expect(me.timeZone).toBe('Asia/Shanghai');
  const alarms = (await (await page.request.get('/api/alarms?pageSize=5')).json()).items as Array<{
    id: string;
    firstEventAt: string;
  }>;
  expect(alarms.length).toBeGreaterThan(0);
  const alarm = alarms[0];
  const preview = await (await page.request.get(`/api/alarms/${alarm.id}/enforcement`)).json();
  const text = JSON.stringify(preview.drafts);
  const m = text.match(/(\d{4})年(\d{1,2})月(\d{1,2})日(\d{1,2})时(\d{2})分/);
  expect(m, 'the document states when the alarm began').not.toBeNull();
  const [, y, mo, d, h, mi] = m!;
  const docTime = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')} ${h.padStart(2, '0')}:${mi}`;

  await page.goto(`/offsite?status=all&id=${alarm.id}`);
  const detail = page.getByTestId('alarm-detail');
  await expect(detail).toBeVisible({ timeout: 60_000 });
  await expect(detail).toContainText(docTime);
  // …and not the New York reading of the same instant
  const nyTime = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(alarm.firstEventAt));
  expect(nyTime).not.toBe(docTime);
  await expect(detail).not.toContainText(nyTime);
  await page.screenshot({ path: 'test-results/shots/timezone-alarm.png', fullPage: true });
});
