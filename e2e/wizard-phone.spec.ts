import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers.ts';

/**
 * Issue 16, the phone wizard at 390 × 844: full labels (no "工程…"), one search over every kind of
 * target with the kind shown, a hint when nothing matches, nothing over Next, every target ≥ 44 px,
 * "rest of module passes" asks with the count, and a full-width signature pad.
 */
test.use({ viewport: { width: 390, height: 844 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/shots/wizard-${name}.png` });

async function login(page: Page, username: string) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** The element's text is shown whole: not clipped by an ellipsis or overflow. */
async function expectWhole(el: Locator) {
  const m = await el.evaluate((e) => ({ sw: e.scrollWidth, cw: e.clientWidth, text: e.textContent }));
  expect(m.sw, `"${m.text}" is cut off`).toBeLessThanOrEqual(m.cw + 1);
}

/** The label lies wholly inside its menu item, and the item inside the 390 px screen. */
async function expectWithin(label: Locator, item: Locator) {
  const l = (await label.boundingBox())!;
  const b = (await item.boundingBox())!;
  const text = await label.textContent();
  expect(l.x, `"${text}" starts inside`).toBeGreaterThanOrEqual(b.x);
  expect(l.x + l.width, `"${text}" ends inside`).toBeLessThanOrEqual(b.x + b.width + 1);
  expect(b.x + b.width, `"${text}" on screen`).toBeLessThanOrEqual(390);
}

async function expectTarget(el: Locator, name: string) {
  // a dropdown opens with a zoom animation (scale 0.8 → 1): measure once it has settled
  await expect
    .poll(async () => (await el.boundingBox())?.height ?? 0, { message: `${name} height` })
    .toBeGreaterThanOrEqual(44);
  const box = (await el.boundingBox())!;
  expect(box.width, `${name} width`).toBeGreaterThanOrEqual(44);
}

/** Nothing covers the element: what is at its centre is the element or inside it. */
async function expectUncovered(page: Page, el: Locator) {
  const box = (await el.boundingBox())!;
  const hit = await page.evaluate(
    ([x, y]) => {
      const e = document.elementFromPoint(x, y);
      return e ? (e.closest('[data-testid]')?.getAttribute('data-testid') ?? e.tagName) : null;
    },
    [box.x + box.width / 2, box.y + box.height / 2],
  );
  expect(hit).toBe(await el.getAttribute('data-testid'));
}

/** Opens the header's user menu (on a phone it holds the language switch and log-out). */
async function openUserMenu(page: Page) {
  await page.getByTestId('user-menu').click();
  await expect(page.getByTestId('user-menu-who')).toBeVisible();
}

/** User menu → Language → the given language; the submenu opens on a tap. */
async function switchLanguage(page: Page, lang: 'zh' | 'en') {
  await openUserMenu(page);
  await langTitle(page).click();
  await page.getByTestId(`user-menu-lang-${lang}`).click();
}

/** The user menu's "Language" submenu title (rc-menu keys it by the item's key, `lang`). */
const langTitle = (page: Page) => page.locator('.ant-dropdown [data-menu-id$="-lang"]');

/** The menu item (li) around a label inside the user menu or its submenu. */
const itemOf = (label: Locator) => label.locator('xpath=ancestor::li[1]');

test('the new-inspection wizard and the field pages on a 390 px phone', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page, 'jinshan.inspector');

  // header targets: the language switch and log-out live in the user menu on a phone
  await expectTarget(page.getByTestId('nav-toggle'), 'menu');
  await expectTarget(page.getByTestId('user-menu'), 'user menu');
  await expectTarget(page.getByRole('button', { name: '通知' }), 'notifications');
  await expect(page.getByTestId('lang-switch')).toHaveCount(0);
  await openUserMenu(page);
  await expectTarget(itemOf(langTitle(page)), '语言');
  await expectTarget(itemOf(page.getByTestId('logout-button')), '退出登录');
  await langTitle(page).click();
  await expectTarget(itemOf(page.getByTestId('user-menu-lang-zh')), '中文');
  await expectTarget(itemOf(page.getByTestId('user-menu-lang-en')), 'English');
  // the submenu stays on the screen
  const sub = (await itemOf(page.getByTestId('user-menu-lang-en')).boundingBox())!;
  expect(sub.x).toBeGreaterThanOrEqual(0);
  expect(sub.x + sub.width).toBeLessThanOrEqual(390);
  await shot(page, '00-user-menu');
  await page.keyboard.press('Escape');

  const enterprise = (await (await page.request.get('/api/enterprises?pageSize=1')).json()).items[0] as {
    name: string;
  };
  await page.goto('/inspections/new');
  await expect(page.getByTestId('new-inspection-page')).toBeVisible({ timeout: 60_000 });

  // the kind filter: full labels, 44 px
  const chips = page.getByTestId('wz-target-kind').locator('.ant-radio-button-wrapper');
  await expect(chips).toHaveText(['全部', '工程项目', '企业', '场所', '特种设备']);
  for (let i = 0; i < (await chips.count()); i++) {
    await expectWhole(chips.nth(i));
    await expectTarget(chips.nth(i), `filter ${i}`);
  }
  await shot(page, '01-start');

  // an enterprise's name finds the enterprise, its kind shown, without choosing the kind first
  const q = enterprise.name.slice(0, 4);
  await page.getByTestId('wz-target').locator('input').fill(q);
  const hit = page
    .getByTestId('wz-hit')
    .and(page.locator('[data-kind="enterprise"]'))
    .filter({ hasText: q })
    .first();
  await expect(hit).toBeVisible({ timeout: 30_000 });
  await expect(hit.locator('.wz-hit-kind')).toHaveText('企业');
  await expectTarget(hit, 'hit');
  await expectWhole(hit.locator('.wz-hit-kind'));
  // Next stays reachable while results are shown
  await expectUncovered(page, page.getByTestId('wz-next'));
  await shot(page, '02-hits');

  // narrowed to projects, the enterprise's name says why nothing is found and offers all kinds
  await chips.filter({ hasText: '工程项目' }).click();
  await page.getByTestId('wz-target').locator('input').fill(enterprise.name);
  await expect(page.getByTestId('wz-no-hits')).toContainText('工程项目中没有');
  await expectUncovered(page, page.getByTestId('wz-next'));
  await shot(page, '03-no-hits');
  await page.getByTestId('wz-search-all').click();
  await expect(
    page.getByTestId('wz-hit').and(page.locator('[data-kind="enterprise"]')).first(),
  ).toBeVisible();
  await page.getByTestId('wz-hit').and(page.locator('[data-kind="enterprise"]')).first().click();
  await expect(page.getByTestId('wz-picked')).toContainText('（企业）');
  await expectUncovered(page, page.getByTestId('wz-next'));
  await page.getByTestId('wz-next').click();
  await expect(page.getByTestId('wz-chosen')).toContainText('已选');
  await expectUncovered(page, page.getByTestId('wz-next'));
  await page.getByTestId('wz-next').click();
  await expectUncovered(page, page.getByTestId('wz-create'));
  await page.getByTestId('wz-create').click();

  // capture: pass / fail / n/a and the module buttons at least 44 px
  await expect(page.getByTestId('capture-page')).toBeVisible({ timeout: 60_000 });
  for (const id of ['result-pass', 'result-fail', 'result-na', 'rest-pass', 'module-na', 'next'])
    await expectTarget(page.getByTestId(id), id);
  const progress = await page.getByTestId('capture-progress').textContent();
  await page.getByTestId('rest-pass').click();
  await expect(page.getByTestId('rest-pass-count')).toContainText(/将把本模块尚未检查的 \d+ 项记为“合格”/);
  await shot(page, '04-rest-pass-confirm');
  // cancelled: nothing recorded
  await page
    .getByRole('button', { name: '取 消' })
    .or(page.getByRole('button', { name: '取消' }))
    .click();
  await expect(page.getByTestId('capture-progress')).toHaveText(progress!);
  await shot(page, '05-capture');

  // the signature pad is the card's full width
  const url = page.url().replace(/\/capture$/, '/sign');
  await page.goto(url);
  await expect(page.getByTestId('sign-page')).toBeVisible({ timeout: 60_000 });
  const pad = page.locator('.sig-pad').first();
  await expect(pad).toBeVisible();
  const box = (await pad.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(330);
  expect(box.height).toBeGreaterThanOrEqual(200);
  await pad.scrollIntoViewIfNeeded();
  await shot(page, '06-sign');

  // log out from the user menu
  await openUserMenu(page);
  await page.getByTestId('logout-button').click();
  await page.waitForURL(/\/login/);
  await expect(page.getByTestId('login-username')).toBeVisible();
});

test('English: no cut-off menu labels on a phone', async ({ page }) => {
  await login(page, 'jinshan.inspector');
  await switchLanguage(page, 'en');
  await expect(page.getByTestId('user-menu-lang-en')).toBeHidden(); // the menu closed
  // the user menu itself reads English now, whole
  await openUserMenu(page);
  await expect(page.getByTestId('logout-button')).toHaveText('Log out');
  for (const id of ['user-menu-profile', 'logout-button'])
    await expectWithin(page.getByTestId(id), itemOf(page.getByTestId(id)));
  await expect(langTitle(page)).toHaveText('Language');
  await expectWithin(langTitle(page).locator('.ant-dropdown-menu-title-content'), langTitle(page));
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-toggle').click();
  const labels = page.locator('.ant-drawer .ant-menu-title-content');
  await expect(labels.first()).toBeVisible();
  // open every group so every item is laid out
  const groups = page.locator('.ant-drawer .ant-menu-submenu-title');
  for (let i = 0; i < (await groups.count()); i++) {
    const g = groups.nth(i);
    if ((await g.getAttribute('aria-expanded')) !== 'true') await g.click();
  }
  const n = await labels.count();
  expect(n).toBeGreaterThan(5);
  for (let i = 0; i < n; i++) if (await labels.nth(i).isVisible()) await expectWhole(labels.nth(i));
  await page.screenshot({ path: 'test-results/shots/wizard-07-menu-en.png' }); // the drawer scrolls: the viewport
});
