import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { loginAs } from './helpers.ts';

/**
 * The jurisdiction dashboard (issue 15): the Ordos city leader and the Jinshan district inspector
 * each open it and see only their own jurisdiction's figures (the tiles equal the API's answer for
 * their region; the other's region answers 404); the leader drills down to a district, exports the
 * figures to Excel and switches to big-screen mode, which fits 1920×1080 without scrolling.
 */
const day = (d: Date) => d.toISOString().slice(0, 10);
const to = day(new Date());
const from = day(new Date(Date.now() - 365 * 86_400_000));
const fmt = (n: number) => n.toLocaleString('zh-CN');

interface Figures {
  regionCode: string;
  regionName: string;
  figures: { problemsFound: number; enterprises: number; overdue: number; ratePercent: string | null };
  children: Array<{ key: string; name: string }>;
}

async function figures(page: Page, regionCode?: string): Promise<Figures> {
  const res = await page.request.get(
    `/api/dashboard?from=${from}&to=${to}${regionCode ? `&regionCode=${regionCode}` : ''}`,
  );
  expect(res.status()).toBe(200);
  return (await res.json()) as Figures;
}

async function expectTiles(page: Page, f: Figures) {
  await expect(page.getByTestId('dash-region-name')).toHaveText(f.regionName);
  await expect(page.getByTestId('tile-problemsFound-value')).toHaveText(fmt(f.figures.problemsFound));
  await expect(page.getByTestId('tile-enterprises-value')).toHaveText(fmt(f.figures.enterprises));
  await expect(page.getByTestId('tile-overdue-value')).toHaveText(fmt(f.figures.overdue));
  await expect(page.getByTestId('tile-rate-value')).toHaveText(
    f.figures.ratePercent === null ? '—' : `${f.figures.ratePercent} %`,
  );
}

test('a city leader and a district inspector each see their own jurisdiction, drill down, big screen', async ({
  page,
  browser,
}) => {
  await loginAs(page, 'ordos.leader');
  await page.goto(`/dashboard?from=${from}&to=${to}`);
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  const city = await figures(page);
  expect(city.regionCode).toBe('1506');
  await expectTiles(page, city);
  // Only Ordos below: its districts, nothing of Shanghai.
  const table = page.getByTestId('dash-children');
  await expect(table).toContainText('东胜区');
  await expect(page.getByTestId('dashboard-page')).not.toContainText('金山');
  expect((await page.request.get('/api/dashboard?regionCode=310116')).status()).toBe(404);
  await page.screenshot({ path: 'test-results/shots/dashboard-city.png', fullPage: true });

  // Drill down to Dongsheng district, and back up through the breadcrumb.
  await page.getByTestId('drill-150602').click();
  const district = await figures(page, '150602');
  await expectTiles(page, district);
  await expect(page.getByTestId('dash-breadcrumb')).toContainText('鄂尔多斯市');
  await page.getByTestId('crumb-1506').click();
  await expectTiles(page, city);

  // The same figures as a workbook.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dash-export').click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const book = readFileSync((await xlsx.path())!);
  expect(book.subarray(0, 2).toString('latin1')).toBe('PK');

  // Big-screen mode at 1920×1080: nothing scrolls, the alarm stream is connected.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByTestId('dash-screen').click();
  await expect(page.getByTestId('dashboard-screen')).toBeVisible();
  await expect(page.getByTestId('screen-tile-problemsFound-value')).toHaveText(
    fmt(city.figures.problemsFound),
  );
  await expect(page.locator('.dash-live.on')).toBeVisible();
  // A smoke detector in Ordos goes off: the alarm reaches the wall without a reload.
  const site = (
    (await (await page.request.get('/api/sites?pageSize=1')).json()) as {
      items: Array<{ id: string; name: string }>;
    }
  ).items[0];
  const code = `E2E-SMOKE-${Date.now().toString(36).toUpperCase()}`;
  const created = await page.request.post('/api/devices', {
    data: { code, name: 'E2E 烟感探测器', kind: 'smoke_sensor', siteId: site.id },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const sent = await page.request.post('/api/ingest/events', {
    headers: { authorization: `Bearer ${token}` },
    data: {
      events: [
        {
          schema: 'redline.event/1',
          eventId: `${code}-1`,
          deviceId: code,
          time: new Date().toISOString(),
          type: 'alarm',
          code: 'smoke',
        },
      ],
    },
  });
  expect(await sent.json()).toMatchObject({ accepted: 1 });
  const arrived = page.getByTestId('screen-alarm').filter({ hasText: site.name }).first();
  await expect(arrived).toBeVisible({ timeout: 15_000 });
  await expect(arrived).toHaveClass(/fresh/);
  await page.waitForTimeout(1500); // charts finish their entry animation
  const overflow = await page.evaluate(() => {
    const doc = document.documentElement;
    const panels = [...document.querySelectorAll<HTMLElement>('.dash-screen-panel, .dash-screen-tile')];
    return {
      page: doc.scrollHeight > window.innerHeight || doc.scrollWidth > window.innerWidth,
      clipped: panels.filter((p) => p.scrollHeight > p.clientHeight + 1).map((p) => p.className),
    };
  });
  expect(overflow.page).toBe(false);
  expect(overflow.clipped).toEqual([]);
  await page.screenshot({ path: 'test-results/shots/dashboard-screen.png' });
  await page.getByTestId('screen-exit').click();
  await expect(page.getByTestId('dashboard-page')).toBeVisible();

  // The Jinshan district inspector: Jinshan only.
  const other = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const p2 = await other.newPage();
  await loginAs(p2, 'jinshan.inspector');
  await p2.goto(`/dashboard?from=${from}&to=${to}`);
  const jinshan = await figures(p2);
  expect(jinshan.regionCode).toBe('310116');
  await expectTiles(p2, jinshan);
  await expect(p2.getByTestId('dashboard-page')).not.toContainText('鄂尔多斯');
  expect((await p2.request.get('/api/dashboard?regionCode=1506')).status()).toBe(404);
  expect((await p2.request.get('/api/dashboard?regionCode=150602')).status()).toBe(404);
  await p2.screenshot({ path: 'test-results/shots/dashboard-district.png', fullPage: true });
  await other.close();
});
