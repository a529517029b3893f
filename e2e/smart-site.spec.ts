import { expect, request, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { DEMO_PASSWORD, loginAs } from './helpers.ts';
import { png } from '../packages/server/test/helpers/images.ts';

/**
 * Issue 17 part 1 done-means, in the browser, on the demo's Ordos showcase project: the
 * contractor's safety officer uploads rectification evidence and submits it; the regulator cannot
 * review yet; the supervisor (监理) confirms; the regulator reviews and closes. The contractor of
 * another project sees none of it (hazard and project page answer "not found", the portal lists
 * only their own project). Screenshots go to test-results/smart-site/.
 */
const OUT = 'test-results/smart-site';
const shot = (page: Page, name: string) => page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });

async function logout(page: Page) {
  await page.context().clearCookies();
}

test('evidence → supervision confirms → regulator closes; another project sees nothing', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  mkdirSync(OUT, { recursive: true });
  // The demo's showcase: find the hazard through the safety officer's portal and project page.
  const api = await request.newContext({ baseURL });
  expect(
    (
      await api.post('/api/auth/login', { data: { username: 'ordos.builder', password: DEMO_PASSWORD } })
    ).status(),
  ).toBe(200);
  const portal = (await (await api.get('/api/portal/projects?pageSize=100')).json()) as {
    items: Array<{ id: string; name: string; myPositions: string[] }>;
  };
  // the showcase: the project the safety officer is named on
  const showcase = portal.items.find((p) => p.myPositions.includes('safety_officer'))!;
  expect(showcase).toBeDefined();

  // 1. The contractor's safety officer: portal → project page → hazard → upload and submit.
  await loginAs(page, 'ordos.builder');
  await page.goto('/portal');
  await expect(page.getByTestId('portal-project').first()).toBeVisible();
  await shot(page, '01-portal-builder');
  await page.getByTestId('portal-project').filter({ hasText: showcase.name }).click();
  await expect(page.getByTestId('project-site')).toBeVisible();
  await expect(page.getByTestId('my-party')).toContainText('施工单位');
  await expect(page.getByTestId('project-member').first()).toBeVisible();
  await shot(page, '02-project-page-builder');
  const projectUrl = page.url();
  await page.getByTestId('project-hazard').first().getByRole('link').click();
  await expect(page.getByTestId('hazard-page')).toHaveAttribute('data-status', 'rectifying');
  const hazardUrl = page.url();
  await page
    .getByTestId('evidence')
    .locator('input[type=file]')
    .setInputFiles({ name: '整改后螺栓紧固.png', mimeType: 'image/png', buffer: png(64, 48) });
  await expect(page.getByTestId('evidence-file')).toHaveCount(1);
  await page.getByTestId('action-submit_evidence').click();
  await expect(page.locator('.ant-modal .ant-form')).toBeVisible();
  await page.getByTestId('action-submit').click();
  await expect(page.locator('.ant-modal')).toHaveCount(0);
  await expect(page.getByTestId('hazard-page')).toHaveAttribute('data-status', 'submitted');
  await expect(page.getByTestId('supervision-state')).toBeVisible();
  await shot(page, '03-submitted-waiting-supervision');
  await logout(page);

  // 2. The regulator may not review yet: no review button.
  await loginAs(page, 'ordos.inspector');
  await page.goto(hazardUrl);
  await expect(page.getByTestId('hazard-page')).toHaveAttribute('data-status', 'submitted');
  await expect(page.getByTestId('action-review')).toHaveCount(0);
  await logout(page);

  // 3. The supervisor confirms.
  await loginAs(page, 'ordos.supervisor');
  await page.goto(hazardUrl);
  await page.getByTestId('action-confirm_evidence').click();
  await expect(page.locator('.ant-modal .ant-form')).toBeVisible();
  await page.getByTestId('field-comment').fill('已到现场核实，螺栓已紧固并补做月检记录');
  await page.getByTestId('action-submit').click();
  await expect(page.locator('.ant-modal')).toHaveCount(0);
  await expect(page.getByTestId('supervision-state')).toContainText('监理单位已于');
  await shot(page, '04-confirmed-by-supervision');
  await logout(page);

  // 4. The regulator reviews and closes.
  await loginAs(page, 'ordos.inspector');
  await page.goto(hazardUrl);
  await page.getByTestId('action-review').click();
  await expect(page.locator('.ant-modal .ant-form')).toBeVisible();
  await page.getByTestId('action-submit').click();
  await expect(page.locator('.ant-modal')).toHaveCount(0);
  await expect(page.getByTestId('hazard-page')).toHaveAttribute('data-status', 'closed');
  await shot(page, '05-closed-by-regulator');
  await page.goto(projectUrl);
  await expect(page.getByTestId('project-site')).toBeVisible();
  await expect(page.getByTestId('project-timeline')).toBeVisible();
  await shot(page, '06-project-page-regulator');
  await logout(page);

  // 5. The contractor of another project: none of it.
  await loginAs(page, 'ordos.builder2');
  await page.goto(hazardUrl);
  await expect(page.getByTestId('hazard-page')).toHaveCount(0);
  await expect(page.getByText(/不存在|未找到|not found/i).first()).toBeVisible();
  await page.goto(projectUrl);
  await expect(page.getByTestId('project-site')).toHaveCount(0);
  await page.goto('/portal');
  await expect(page.getByTestId('portal-project').first()).toBeVisible();
  const names = await page.getByTestId('portal-project').allTextContents();
  expect(names).not.toContain(showcase.name);
  await shot(page, '07-other-builder-portal');
});

test('per-member scoping and a survey request: ask, answer, close; a non-member sees no page', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  mkdirSync(OUT, { recursive: true });
  const api = await request.newContext({ baseURL });
  await api.post('/api/auth/login', { data: { username: 'ordos.surveyor', password: DEMO_PASSWORD } });
  const portal = (await (await api.get('/api/portal/projects?pageSize=100')).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  // a project account: exactly the project it is named on
  expect(portal.items).toHaveLength(1);
  const projectUrl = `/projects/${portal.items[0].id}/site`;

  // the demo's answered request, seen by the survey lead, whose portal says it is a project account
  await loginAs(page, 'ordos.surveyor');
  await page.goto('/portal');
  await expect(page.getByTestId('portal')).toContainText('本人被列为项目人员的项目');
  await expect(page.getByTestId('portal-project')).toHaveCount(1);
  await page.goto(projectUrl);
  await expect(page.getByTestId('project-requests')).toBeVisible();
  await expect(page.getByTestId('project-request').first()).toHaveAttribute('data-status', 'answered');
  await expect(page.getByTestId('request-ask')).toHaveCount(0);
  await logout(page);

  // the constructor's safety officer asks a new question and the survey lead answers it
  await loginAs(page, 'ordos.builder');
  await page.goto(projectUrl);
  await page.getByTestId('request-ask').click();
  await page.getByTestId('field-subject').fill('南侧地下水位');
  await page.getByTestId('field-question').fill('请说明南侧降水井的设计水位依据。');
  await page.getByTestId('request-submit').click();
  await expect(page.locator('.ant-modal')).toHaveCount(0);
  const mine = page.getByTestId('project-request').filter({ hasText: '南侧地下水位' });
  await expect(mine).toHaveAttribute('data-status', 'open');
  await shot(page, '08-request-asked');
  await logout(page);
  await loginAs(page, 'ordos.surveyor');
  await page.goto(projectUrl);
  await mine.getByTestId('request-answer-open').click();
  await page.getByTestId('field-answer').fill('按勘察报告第 4.1 节，稳定水位 -3.2 m。');
  await page.getByTestId('request-submit').click();
  await expect(mine).toHaveAttribute('data-status', 'answered');
  await shot(page, '09-request-answered');
  await logout(page);
  await loginAs(page, 'ordos.builder');
  await page.goto(projectUrl);
  await mine.getByTestId('request-close').click();
  await expect(mine).toHaveAttribute('data-status', 'closed');

  // the city inspector names a person of the constructor on the project, then ends the membership
  await logout(page);
  await loginAs(page, 'ordos.inspector');
  await page.goto(projectUrl);
  await page.getByTestId('member-add').click();
  const dialog = page.locator('.ant-modal:visible');
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  const choose = async (field: string, text: string) => {
    await dialog.locator(`#${field}`).click();
    await option.filter({ hasText: text }).click();
    await expect(dialog.locator(`.ant-form-item:has(#${field})`)).toContainText(text);
  };
  // only parties that are registered enterprises can have people (the demo's owner is named only)
  await dialog.locator('#partyRole').click();
  await expect(option.filter({ hasText: '施工单位' })).toHaveCount(1);
  await expect(option.filter({ hasText: '建设单位' })).toHaveCount(0);
  await option.filter({ hasText: '施工单位' }).click();
  await choose('position', '技术负责人');
  await dialog.locator('#name').fill('白雅琴');
  // the constructor's accounts are offered to link, its project accounts first
  await dialog.locator('#userId').click();
  await expect(option.first()).toContainText('项目账号');
  await dialog.locator('.ant-modal-title').click();
  await dialog.locator('.ant-btn-primary').click();
  const named = page.getByTestId('project-member').filter({ hasText: '白雅琴' });
  await expect(named).toContainText('技术负责人');
  await named.getByTestId('member-remove').click();
  await page.getByTestId('member-remove-confirm').click();
  await expect(named).toHaveCount(0);
  await expect(page.locator('.ant-message')).toContainText('已将 白雅琴 移出本项目');

  // the contractor of another project: no page
  await logout(page);
  await loginAs(page, 'ordos.builder2');
  await page.goto(projectUrl);
  await expect(page.getByTestId('project-site')).toHaveCount(0);
});
