import { expect, test } from '@playwright/test';
import { loginAs, pickOption } from './helpers.ts';

/**
 * An inspector reports an accident (事故快报): the server grades it (three deaths → 较大, the reason
 * shown), the reporting deadlines appear, and the accident counts in the statistics with its
 * year-on-year comparison.
 */
test('report an accident, see its grade and reason, see it in the statistics', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  await page.goto('/accidents');
  await expect(page.getByTestId('accidents-page')).toBeVisible();
  // the demo's accidents are listed
  await expect(page.getByTestId('accident-list').locator('tbody tr.ant-table-row').first()).toBeVisible();

  await page.getByTestId('accident-new').click();
  const form = page.getByTestId('accident-form');
  await expect(form).toBeVisible();
  // Submitting empty names the missing fields.
  await page.getByTestId('accident-submit').click();
  await expect(form.locator('.ant-form-item-explain-error').first()).toBeVisible();

  // Yesterday 09:30 Beijing time.
  const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA', {
    timeZone: 'Asia/Shanghai',
  });
  await form.locator('#occurredAt').click();
  await form.locator('#occurredAt').fill(`${yesterday} 09:30`);
  const ok = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-ok button');
  if (await ok.isVisible()) await ok.click();
  else await page.keyboard.press('Enter');
  await expect(form.locator('#occurredAt')).toHaveValue(`${yesterday} 09:30`);
  await pickOption(page, 'accident-type', '物体打击');
  await form.locator('#address').fill('金山工业区测试路 8 号');
  await form.locator('#deaths').fill('3');
  await form.locator('#seriousInjuries').fill('2');
  await form.locator('#lossWan').fill('180');
  await form.locator('#course').fill('吊装作业时吊物坠落，砸中下方三名作业人员。');
  await page.screenshot({ path: 'test-results/shots/accident-form.png', fullPage: true });
  await page.getByTestId('accident-submit').click();

  const detail = page.getByTestId('accident-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('accident-grade').first()).toHaveText('较大事故');
  await expect(page.getByTestId('accident-grade-reason')).toHaveText('死亡 3 人 ≥ 3 人 → 较大');
  await expect(page.getByTestId('accident-casualties')).toHaveText('3 / 2 / 0 / 0');
  // larger accidents are reported up to the province: three levels, the county's already late
  const reporting = page.getByTestId('accident-reporting');
  await expect(reporting.locator('tbody tr.ant-table-row')).toHaveCount(3);
  await expect(reporting.locator('tbody tr.ant-table-row').first()).toContainText('已超时未报');
  await expect(page.getByTestId('accident-versions').locator('tbody tr.ant-table-row')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/shots/accident-detail.png', fullPage: true });

  // the statistics by type: 物体打击 this year, with last year beside it
  await page.goto('/accidents/stats?groupBy=type');
  const groups = page.getByTestId('accident-stats-groups');
  const row = groups.locator('tr.ant-table-row', { hasText: '物体打击' });
  await expect(row).toBeVisible();
  await expect(row).toContainText(/[1-9]\d*（去年 \d+）/);
  await expect(page.getByTestId('accident-stats-total')).toContainText('去年同期');
  await page.screenshot({ path: 'test-results/shots/accident-stats.png', fullPage: true });
});

/** Chinese characters and full-width punctuation: none may be left on an English page's own text. */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/**
 * Issue 16: the accident pages in English. Names the users typed (units, addresses, the course) stay
 * as written; every title, label, code and figure of the pages is English.
 */
test('the accident list, a detail and the statistics read English', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  await page.goto('/accidents');
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('lang-en').click();
  const list = page.getByTestId('accidents-page');
  await expect(list.locator('.page-header')).toContainText('Production safety accidents');
  await expect(list.locator('.page-header')).not.toContainText(CJK);
  await expect(list.locator('.ant-table-thead')).not.toContainText(CJK);
  const first = page.getByTestId('accident-list').locator('tbody tr.ant-table-row').first();
  await expect(first.getByTestId('accident-grade')).toHaveText(/accident$/);
  await expect(first.locator('td').nth(3)).not.toContainText(CJK); // the GB 6441 type
  await expect(first.locator('td').nth(6)).toContainText('yuan');
  await page.screenshot({ path: 'test-results/shots/accidents-en.png', fullPage: true });
  // the report form: every label and the submit button in English
  await page.getByTestId('accident-new').click();
  const form = page.getByTestId('accident-form');
  await expect(form).toBeVisible();
  for (const label of await form.locator('.ant-form-item-label, .ant-checkbox-wrapper').allTextContents())
    expect(label).not.toMatch(CJK);
  await expect(page.getByTestId('accident-submit')).toContainText('Submit the report');
  await page.screenshot({ path: 'test-results/shots/accident-form-en.png' });
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();

  await first.click();
  const detail = page.getByTestId('accident-detail');
  await expect(detail).toBeVisible();
  await expect(detail.locator('.page-header h3')).toContainText(' accident · ');
  await expect(detail.locator('.page-header h3')).not.toContainText(CJK);
  for (const head of await detail.locator('.ant-card-head').allTextContents()) expect(head).not.toMatch(CJK);
  await expect(detail.locator('.ant-descriptions-item-label').first()).toHaveText('Occurred at');
  for (const label of await detail.locator('.ant-descriptions-item-label').allTextContents())
    expect(label).not.toMatch(CJK);
  await expect(page.getByTestId('accident-grade-reason')).toContainText('→');
  await expect(page.getByTestId('accident-grade-reason')).not.toContainText(CJK);
  await expect(page.getByTestId('accident-reporting')).not.toContainText(CJK);
  await expect(page.getByTestId('accident-versions').locator('.ant-table-thead')).not.toContainText(CJK);
  // version 1's note is the server's own 首报, shown as a label
  const v1 = page.getByTestId('accident-versions').locator('tbody tr.ant-table-row').first();
  await expect(v1.locator('td').last()).toHaveText('First report');
  await page.screenshot({ path: 'test-results/shots/accident-detail-en.png', fullPage: true });

  await page.goto('/accidents/stats?groupBy=type');
  const stats = page.getByTestId('accident-stats-page');
  await expect(page.getByTestId('accident-stats-groups').locator('tr.ant-table-row').first()).toBeVisible();
  await expect(page.getByTestId('accident-stats-total')).toContainText('Same period last year');
  await expect(stats).not.toContainText(CJK);
  await page.screenshot({ path: 'test-results/shots/accident-stats-en.png', fullPage: true });
  await page.goto('/accidents/stats?groupBy=grade');
  await expect(page.getByTestId('accident-stats-groups').locator('tr.ant-table-row').first()).toBeVisible();
  await expect(stats).not.toContainText(CJK);

  // special equipment due dates: the page's own words in English (names and registry data stay as kept)
  await page.goto('/equipment-inspections?list=overdue');
  const due = page.getByTestId('equipment-due-page');
  await expect(due.locator('.page-header')).toContainText('Special equipment periodic inspection');
  await expect(due.locator('.page-header')).not.toContainText(CJK);
  await expect(page.getByTestId('equipment-flags')).toContainText('Overdue');
  await expect(page.getByTestId('equipment-flags')).not.toContainText(CJK);
  await expect(page.getByTestId('equipment-due-tabs')).not.toContainText(CJK);
  await expect(due.locator('.ant-table-thead')).not.toContainText(CJK);
  const overdue = page.getByTestId('equipment-due-list').locator('tbody tr.ant-table-row').first();
  await expect(overdue).toContainText(/days? overdue|Not to be used until/);
  await expect(overdue).toContainText('Must not be used');
  await page.screenshot({ path: 'test-results/shots/equipment-due-en.png', fullPage: true });
});

/**
 * Special equipment due-date work: the overdue list (must not be used), a passed inspection recorded
 * for one of them takes it off the list with the next date computed from the interval.
 */
test('record a passed periodic inspection for overdue equipment', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  await page.goto('/equipment-inspections?list=overdue');
  await expect(page.getByTestId('equipment-due-page')).toBeVisible();
  await expect(page.getByTestId('equipment-flags')).toContainText('超期未检');
  const rows = page.getByTestId('equipment-due-list').locator('tbody tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText('不得使用');
  const code = (await rows.first().locator('a').first().textContent())!.trim();
  await page.screenshot({ path: 'test-results/shots/equipment-overdue.png', fullPage: true });
  await page.getByTestId(`record-${code}`).click();
  const dialog = page.locator('.ant-modal:visible');
  await expect(dialog).toContainText(code);
  await dialog.locator('#inspectorOrg').fill('上海市特种设备监督检验技术研究院');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.locator('.ant-message')).toContainText('下次检验日期已按周期推算');
  await expect(page.getByTestId('equipment-due-list')).not.toContainText(code);
  // the other lists open too
  await page.getByTestId('equipment-due-tabs').getByText('一个月内到期').click();
  await expect(page).toHaveURL(/list=due/);
  await page.screenshot({ path: 'test-results/shots/equipment-due.png', fullPage: true });
});
