import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, loginAs } from './helpers.ts';

/** Issue 12: the change-password form says why a password would be refused, next to the field, as it is typed. */

test('the password form explains a refused password and shows its strength', async ({ page }) => {
  await loginAs(page, 'jinshan.inspector');
  await page.goto('/account/password');
  await page.getByTestId('password-current').fill(DEMO_PASSWORD);
  const field = page.locator('.ant-form-item').filter({ has: page.getByTestId('password-new') });

  await page.getByTestId('password-new').fill('jinshan.inspector2026');
  await expect(field.locator('.ant-form-item-explain-error')).toContainText('不能包含你的用户名或姓名');

  await page.getByTestId('password-new').fill('password1234');
  await expect(field.locator('.ant-form-item-explain-error')).toContainText('常见密码');

  await page.getByTestId('password-new').fill('aaaaaaaaaaaa');
  await expect(field.locator('.ant-form-item-explain-error')).toContainText('太容易被猜中');
  await expect(page.getByTestId('password-strength')).toHaveAttribute('data-score', '0');
  await page.screenshot({ path: 'test-results/shots/password-refused.png' });

  await page.getByTestId('password-new').fill('塔吊司机每天早上六点检查钢丝绳');
  await expect(field.locator('.ant-form-item-explain-error')).toHaveCount(0);
  await expect(page.getByTestId('password-strength')).toContainText(/强/);
  await page.screenshot({ path: 'test-results/shots/password-strong.png' });
});
