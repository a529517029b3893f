import { expect, test } from '@playwright/test';
import { loginAs } from './helpers.ts';

/**
 * Issue 14: a leader opens the demo campaign, sees its groups with their progress, opens a
 * supervision group, records an interview (约谈) — time, attendees, minutes — for one of the
 * group's problems, and finds it on the enterprise's supervision file.
 */
test("record an interview for a group's problem and see it on the enterprise's file", async ({ page }) => {
  await loginAs(page, 'jinshan.leader');
  await page.getByTestId('nav-campaigns').click();
  await expect(page.getByTestId('campaigns-page')).toBeVisible();
  await page
    .getByTestId('campaigns-table')
    .getByRole('link', { name: /冬季安全生产督导检查/ })
    .click();

  // The campaign: overall figures and its groups (supervision groups first) with their progress.
  await expect(page.getByTestId('campaign-page')).toBeVisible();
  await expect(page.getByTestId('campaign-progress')).toContainText('发现问题');
  const groups = page.getByTestId('campaign-groups');
  await expect(groups.locator('tr.ant-table-row')).toHaveCount(3);
  // Rates are rounded down with their counts beside them, never 100 % while a problem is open.
  await expect(groups.getByTestId('group-rectified').first()).toHaveText(
    /^(—|\d{1,2}\.\d % \(\d+ \/ \d+\))$/,
  );
  await page.screenshot({ path: 'test-results/shots/campaign.png', fullPage: true });
  await groups.getByRole('link', { name: '第一督导组（工贸企业）' }).click();

  // The group: its problems; record an interview from the first one.
  await expect(page.getByTestId('campaign-group-page')).toBeVisible();
  const problems = page.getByTestId('group-problems');
  await expect(problems.locator('tr.ant-table-row').first()).toBeVisible();
  const row = problems
    .locator('tr.ant-table-row', { has: page.getByTestId('record-accountability') })
    .first();
  const enterprise = (await row.locator('td').nth(1).innerText()).trim();
  await row.getByTestId('record-accountability').click();

  const title = `关于隐患整改逾期的约谈 ${Date.now() % 100000}`;
  await page.getByTestId('action-title').fill(title);
  // Without minutes the form names the missing field.
  await page.getByTestId('action-submit').click();
  await expect(page.locator('.ant-form-item-explain-error').first()).toBeVisible();
  await page.getByTestId('action-reason').fill('督导检查发现的事故隐患逾期未整改');
  await page.getByTestId('action-place').fill('区应急管理局三楼会议室');
  await page.getByTestId('attendee-name-0').fill('朱海明');
  await page.getByTestId('attendee-unit-0').fill('企业');
  await page.getByTestId('attendee-role-0').fill('主要负责人');
  await page.getByTestId('attendee-name-1').fill('陈志强');
  await page.getByTestId('attendee-unit-1').fill('金山区应急管理局');
  await page.getByTestId('attendee-role-1').fill('约谈人');
  await page.getByTestId('action-minutes').fill('企业承诺十五日内完成整改并书面报告。');
  await page.screenshot({ path: 'test-results/shots/interview-form.png', fullPage: true });
  await page.getByTestId('action-submit').click();

  // On the group's list of actions, and the problem now counts one more action.
  await expect(page.getByTestId('group-actions')).toContainText(title);

  // The enterprise's supervision file lists the interview.
  await row.locator('td').nth(1).getByRole('link').click();
  await expect(page.getByTestId('supervision-file-page')).toBeVisible();
  await expect(page.getByTestId('supervision-file-page')).toContainText(enterprise);
  const onFile = page
    .getByTestId('file-accountability')
    .getByTestId('file-action')
    .filter({ hasText: title });
  await expect(onFile).toBeVisible();
  await expect(onFile).toContainText('约谈');
  await expect(onFile).toContainText('待跟进');
  await page.screenshot({ path: 'test-results/shots/file-accountability.png', fullPage: true });

  // Its page carries the minutes and attendees.
  await onFile.getByRole('link', { name: title }).click();
  await expect(page.getByTestId('action-minutes-text')).toHaveText('企业承诺十五日内完成整改并书面报告。');
  await expect(page.getByTestId('accountability-page')).toContainText('朱海明');
});
