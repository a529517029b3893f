import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Redline2026!';

/** Logs in through the login page as a demo user and waits for the overview. */
export async function loginAs(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('header-user-name')).toBeVisible();
}

/**
 * Picks the option of a searchable antd Select (its root carries the test id) whose text contains
 * `text`, and checks the select shows it; a click lost while the list re-rendered is tried again.
 */
export async function pickOption(page: Page, testId: string, text: string) {
  const select = page.getByTestId(testId);
  await expect(async () => {
    if (await page.locator('.ant-select-dropdown:visible').count()) await page.keyboard.press('Escape');
    await select.click();
    await page.keyboard.type(text);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: text })
      .first()
      .click({ timeout: 10_000 });
    await expect(select).toContainText(text, { timeout: 3_000 });
  }).toPass({ timeout: 45_000 });
}

/** The dropdown of a select now open (a closed one keeps its node, marked hidden). */
const openDropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

/**
 * Closes a select's dropdown if it is still open: a multiple select stays open after a pick, a single
 * one has closed, and an Escape then would close the form around it.
 */
async function closeDropdown(page: Page) {
  if (await openDropdown(page).count()) await page.keyboard.press('Escape');
  await expect(openDropdown(page)).toHaveCount(0);
}

/** Opens the select and picks its option number `nth` (one dropdown at a time); returns its text. */
export async function pickNth(page: Page, testId: string, nth = 0): Promise<string> {
  const open = openDropdown(page);
  await expect(open).toHaveCount(0);
  await page.getByTestId(testId).click();
  await expect(open).toHaveCount(1);
  const option = open.locator('.ant-select-item-option').nth(nth);
  await expect(option).toBeVisible();
  const text = (await option.textContent()) ?? '';
  await option.click();
  await closeDropdown(page);
  return text;
}

/** Opens a multiple select and picks every option not yet chosen; returns all their texts. */
export async function pickAll(page: Page, testId: string): Promise<string[]> {
  const open = openDropdown(page);
  await expect(open).toHaveCount(0);
  await page.getByTestId(testId).click();
  await expect(open).toHaveCount(1);
  const options = open.locator('.ant-select-item-option');
  await expect(options.first()).toBeVisible();
  const texts: string[] = [];
  for (let i = 0; i < (await options.count()); i++) {
    const o = options.nth(i);
    texts.push((await o.textContent()) ?? '');
    if (!(await o.getAttribute('aria-selected'))?.includes('true')) await o.click();
  }
  await closeDropdown(page);
  return texts;
}

export async function listTotal(page: Page): Promise<number> {
  const el = page.getByTestId('list-total');
  await expect(el).toBeVisible();
  return Number(await el.getAttribute('data-total'));
}

/** Clicks a menu item, opening its group first when it is folded. */
export async function openNav(page: Page, group: string, item: string) {
  const link = page.getByTestId(item);
  if (!(await link.isVisible())) await page.getByTestId(group).click();
  await link.click();
}
