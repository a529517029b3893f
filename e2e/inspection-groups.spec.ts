import { expect, test } from '@playwright/test';
import { loginAs, pickNth } from './helpers.ts';

/**
 * A regulator leader sets up a supervision group: leader and members from the regulators who may
 * serve, a task book with a target, a period; the group appears with its task-book progress.
 */
test('a leader sets up a supervision group with a task book', async ({ page }) => {
  await loginAs(page, 'jinshan.leader');
  await page.goto('/inspections');
  await page.getByTestId('open-groups').click();
  await expect(page.getByTestId('groups-page')).toBeVisible();
  await page.getByTestId('new-group').click();
  // Submitting empty names the missing fields next to them.
  await page.getByTestId('group-submit').click();
  await expect(page.locator('.ant-form-item-explain-error').first()).toBeVisible();

  const name = `金山区高支模专项督导组 ${Date.now() % 10000}`;
  await page.getByTestId('group-name').fill(name);
  const leader = await pickNth(page, 'group-leader');
  expect(leader.length).toBeGreaterThan(0);
  const member = await pickNth(page, 'group-members', 1);
  await page.getByTestId('group-tasks').fill('重点督导高支模、深基坑和起重机械');
  const target = await pickNth(page, 'group-target-search');
  await page.getByTestId('group-target-add').click();
  await expect(page.getByTestId('group-targets')).toContainText(target);
  await page.screenshot({ path: 'test-results/shots/group-new.png', fullPage: true });
  await page.getByTestId('group-submit').click();

  const row = page.getByTestId('groups-table').locator('tr', { hasText: name });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('group-progress')).toHaveText(/0 \/ 1/);
  await expect(row).toContainText(member.split(' · ')[0]!);
  await row.locator('.ant-table-row-expand-icon').click();
  await expect(page.getByTestId('groups-table')).toContainText(target);
  await page.screenshot({ path: 'test-results/shots/group-list.png', fullPage: true });
});
