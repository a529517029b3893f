import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, loginAs } from './helpers.ts';

/** Issue 12: the change-password form says why a password would be refused, next to the field, as it is typed. */

test('the password form explains a refused password and shows its strength', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  await page.goto('/account/password');
  await page.getByTestId('password-current').fill(DEMO_PASSWORD);
  const field = page.locator('.ant-form-item').filter({ has: page.getByTestId('password-new') });
  // antd animates one message out while the next comes in: look for the message, not the only one.
  const explains = (text: string) => field.locator('.ant-form-item-explain-error', { hasText: text });

  await page.getByTestId('password-new').fill('jinshan.inspector2026');
  await expect(explains('不能包含你的用户名或姓名')).toBeVisible();

  await page.getByTestId('password-new').fill('password1234');
  await expect(explains('常见密码')).toBeVisible();

  await page.getByTestId('password-new').fill('aaaaaaaaaaaa');
  await expect(explains('太容易被猜中')).toBeVisible();
  await expect(page.getByTestId('password-strength')).toHaveAttribute('data-score', '0');
  await page.screenshot({ path: 'test-results/shots/password-refused.png' });

  await page.getByTestId('password-new').fill('塔吊司机每天早上六点检查钢丝绳');
  await expect(field.locator('.ant-form-item-explain-error')).toHaveCount(0);
  await expect(page.getByTestId('password-strength')).toContainText(/强/);
  await page.screenshot({ path: 'test-results/shots/password-strong.png' });
});
