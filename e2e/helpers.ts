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
