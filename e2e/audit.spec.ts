import { expect, test } from '@playwright/test';
import { loginAs } from './helpers.ts';

/**
 * The audit page: the administrator verifies the chains, and the page checks them against the
 * newest routine checkpoint, which the scheduler's job writes outside the database soon after start.
 */
test('an administrator verifies the audit chains against the newest routine checkpoint', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/audit');
  const checkpoint = page.getByTestId('audit-checkpoint');
  // The job's first run comes within about half a minute of the start; until then the page says so.
  await expect(async () => {
    await page.getByTestId('audit-verify').click();
    await expect(checkpoint.locator('[data-ok="true"]')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 75_000 });
  await expect(page.getByTestId('audit-result')).toHaveAttribute('data-ok', 'true');
  await expect(checkpoint).toContainText('签名有效，记录一致');
  await expect(checkpoint).toContainText('例行检查点');
  await expect(page.getByTestId('audit-result').getByText('一致 #').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/audit-checkpoint.png', fullPage: true });
});
