import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { loginAs } from './helpers.ts';

/** List exports from the browser: the hazard list as Excel, the enterprises as CSV. */

test('an inspector exports the hazard list as Excel and the enterprises as CSV', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');

  await page.goto('/hazards');
  await page.getByTestId('hazard-export').click();
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Excel（.xlsx）' }).click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/^隐患清单-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = readFileSync((await xlsx.path())!);
  expect(workbook.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip: an .xlsx, not an error page

  await page.goto('/registry/enterprises');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(csv.suggestedFilename()).toMatch(/^enterprises-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text.split('\n').length).toBeGreaterThan(2); // a header and the jurisdiction's enterprises
  expect(text).toContain('上海恒锐精密机械有限公司');
});
