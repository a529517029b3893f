// Screenshots of the web app against a running server, for a person to look at.
// Usage: BASE=http://127.0.0.1:3000 OUT=/tmp/redline-shots node packages/web/scripts/shots.mjs
// Logs console errors, failed requests (≥ 400 other than the expected 401 on /api/auth/me) and the
// JavaScript transferred for the first screen after login.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE ?? 'http://127.0.0.1:3000';
const OUT = process.env.OUT ?? '/tmp/redline-shots';
const USER = process.env.SHOT_USER ?? 'jinshan.inspector';
const PASSWORD = process.env.SHOT_PASSWORD ?? 'Redline2026!';
mkdirSync(OUT, { recursive: true });

// a fresh valid unified social credit code each run (GB 32100 check character), so imports never collide
const ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode() {
  let body = '91310116MA1';
  while (body.length < 17) body += ALPHA[Math.floor(Math.random() * 31)];
  const sum = [...body].reduce((n, ch, i) => n + ALPHA.indexOf(ch) * W[i], 0);
  return body + ALPHA[(31 - (sum % 31)) % 31];
}
const RUN = Date.now().toString(36).slice(-5);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const problems = [];

async function newPage(width, height = 900) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      problems.push(`[console ${m.type()} @${width}] ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (e) => problems.push(`[pageerror @${width}] ${e.message}`));
  page.on('response', (r) => {
    const u = r.url();
    if (r.status() >= 400 && !(u.endsWith('/api/auth/me') && r.status() === 401))
      problems.push(`[http ${r.status()} @${width}] ${r.request().method()} ${u}`);
  });
  return { context, page };
}

const shot = async (page, name, fullPage = true) => {
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage });
  console.log('shot', name);
};

async function login(page, user = USER) {
  await page.goto(`${BASE}/login`);
  await page.getByTestId('login-username').fill(user);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('overview-page').waitFor();
}

// 1. login page, desktop and phone, plus a failed login
{
  const { context, page } = await newPage(1280, 800);
  await page.goto(`${BASE}/login`);
  await page.getByTestId('login-form').waitFor();
  await shot(page, '01-login-zh', false);
  await page.getByTestId('login-username').fill(USER);
  await page.getByTestId('login-password').fill('wrong-password');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-error').waitFor();
  await shot(page, '02-login-error', false);
  await page.getByTestId('lang-en').click();
  await shot(page, '03-login-en', false);
  await page.getByTestId('lang-zh').click();
  await context.close();
}
{
  const { context, page } = await newPage(375, 760);
  await page.goto(`${BASE}/login`);
  await page.getByTestId('login-form').waitFor();
  await shot(page, '04-login-375', true);
  await context.close();
}

// 2. overview, lists, detail, forms, import — desktop
{
  const { context, page } = await newPage(1366, 900);
  let jsBytes = 0;
  page.on('response', async (r) => {
    if (r.url().endsWith('.js')) {
      const len = Number(r.headers()['content-length'] ?? 0);
      jsBytes += len || (await r.body().catch(() => Buffer.alloc(0))).length;
    }
  });
  await page.goto(`${BASE}/login`);
  await page.getByTestId('login-form').waitFor();
  const before = jsBytes;
  await login(page);
  await page.waitForLoadState('networkidle');
  console.log(
    `JS transferred: login page ${(before / 1024).toFixed(1)} KB, + first screen ${((jsBytes - before) / 1024).toFixed(1)} KB (encoding as served)`,
  );
  await shot(page, '10-overview');

  await page.getByTestId('nav-enterprises').click();
  await page.getByTestId('list-table').locator('.ant-table-row').first().waitFor();
  await shot(page, '11-enterprises-list');

  await page.goto(`${BASE}/registry/certificates?status=expired&sort=expiresOn&order=desc`);
  await page.getByTestId('list-table').locator('.ant-table-row').first().waitFor();
  await shot(page, '12-certificates-expired');

  await page.goto(`${BASE}/registry/equipment`);
  await page.getByTestId('list-table').locator('.ant-table-row').first().waitFor();
  await shot(page, '13-equipment-list');

  await page.goto(`${BASE}/registry/enterprises?q=zzzz-no-match`);
  await page.getByTestId('list-empty').waitFor();
  await shot(page, '14-empty-filtered', false);

  // project detail with its parties
  await page.goto(`${BASE}/registry/projects`);
  await page.getByTestId('row-link').first().click();
  await page.getByTestId('project-parties').waitFor();
  await page.waitForLoadState('networkidle');
  await shot(page, '15-project-detail');

  // edit form of the project (parties sub-forms)
  await page.getByTestId('detail-edit').click();
  await page.getByTestId('record-form').waitFor();
  await shot(page, '16-project-edit', false);
  await page.getByTestId('form-cancel').click();

  // create enterprise with a bad credit code: client-side check
  await page.goto(`${BASE}/registry/enterprises`);
  await page.getByTestId('create-button').click();
  await page.getByTestId('field-creditCode').fill('91310116MA1UNEKUCA');
  await page.getByTestId('field-name').fill('测');
  await page.getByTestId('form-submit').click();
  await page.waitForTimeout(300);
  await shot(page, '17-enterprise-form-errors', false);
  // the server names the field of a duplicate credit code
  await page.getByTestId('field-creditCode').fill('91310116MA1UNEKUCJ');
  await page.getByTestId('field-name').fill('重复的企业');
  // antd selects: open, type to filter, Enter picks the first match
  for (const [field, text] of [
    ['field-industryCode', '制造业'],
    ['field-scale', '小型'],
    ['field-regionCode', '金山区'],
  ]) {
    await page.getByTestId(field).click();
    await page.keyboard.type(text);
    await page.waitForTimeout(200);
    await page.keyboard.press('Enter');
  }
  await page.getByTestId('form-submit').click();
  await page.waitForTimeout(1200);
  await shot(page, '18-enterprise-form-server-error', false);
  await page.getByTestId('form-cancel').click();

  // import with errors
  const csv = [
    '统一社会信用代码,企业名称,行业,规模,行政区划代码,地址,法定代表人,安全负责人,联系电话',
    `${creditCode()},上海测试导入${RUN}有限公司,manufacturing,small,310116,金山区测试路1号,张三,李四,13800000000`,
    `${creditCode()},上海测试导入${RUN}二有限公司,chemicals,medium,310116101,金山区测试路2号,王五,赵六,13800000001`,
    '91310116MA1UNEKUCA,坏校验位公司,manufacturing,small,310116,,,,',
    ',缺少代码公司,chemicals,medium,310116,,,,',
    '91310116MA1J8P6X2C,行业不存在公司,no_such_industry,small,999999,,,,',
  ].join('\n');
  const file = path.join(OUT, 'import-with-errors.csv');
  writeFileSync(file, '\ufeff' + csv);
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-dialog-body').waitFor();
  await shot(page, '19-import-pick', false);
  await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(file);
  await page.getByTestId('import-report').or(page.getByTestId('import-error')).waitFor();
  await shot(page, '20-import-report-errors', false);
  await page.getByTestId('import-commit-valid').click();
  await page.getByTestId('import-result').waitFor();
  await shot(page, '21-import-result', false);
  await page.getByTestId('import-close').click();
  await context.close();
}

// 3. phone: detail pages at 375 px
{
  const { context, page } = await newPage(375, 812);
  await login(page);
  await shot(page, '30-overview-375');
  await page.goto(`${BASE}/registry/workers?certificateStatus=expired`);
  await page.getByTestId('list-table').locator('.ant-table-row').first().waitFor();
  await shot(page, '31-workers-list-375');
  await page.getByTestId('row-link').first().click();
  await page.getByTestId('worker-certificates').waitFor();
  await page.getByTestId('worker-show-id').click();
  await page.waitForTimeout(500);
  await shot(page, '32-worker-detail-375');
  await page.goto(`${BASE}/registry/enterprises`);
  await page.getByTestId('row-link').first().click();
  await page.getByTestId('detail-fields').waitFor();
  await page.waitForLoadState('networkidle');
  await shot(page, '33-enterprise-detail-375');
  await page.goto(`${BASE}/registry/equipment?status=overdue`);
  await page.getByTestId('row-link').first().click();
  await page.getByTestId('status-reason').waitFor();
  await shot(page, '34-equipment-detail-375');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  console.log(`horizontal overflow at 375 px on equipment detail: ${overflow}px`);
  await page.getByTestId('nav-toggle').click();
  await page.waitForTimeout(400);
  await shot(page, '35-nav-drawer-375', false);
  await context.close();
}

// 4. admin: users and account
{
  const { context, page } = await newPage(1366, 900);
  await login(page, 'admin');
  await page
    .getByTestId('nav-users')
    .click()
    .catch(async () => {
      await page.getByTestId('nav-admin').click();
      await page.getByTestId('nav-users').click();
    });
  await page.getByTestId('users-page').waitFor();
  await page.getByTestId('list-table').locator('.ant-table-row').first().waitFor();
  await shot(page, '40-users');
  await page.getByTestId('create-button').click();
  await page.getByTestId('user-form').waitFor();
  await shot(page, '41-user-create', false);
  await page.keyboard.press('Escape');
  await page.goto(`${BASE}/account/tokens`);
  await page.getByTestId('token-name').fill('screenshot token');
  await page.getByTestId('token-create').click();
  await page.getByTestId('token-value').waitFor();
  await shot(page, '42-token-created', false);
  await page.getByTestId('token-done').click();
  await shot(page, '43-tokens', false);
  // a new user must change the password first
  const username = `shot.${RUN}`;
  await page.goto(`${BASE}/admin/users`);
  await page.getByTestId('create-button').click();
  await page.getByTestId('field-username').fill(username);
  await page.getByTestId('field-displayName').fill('截图用户');
  await page.getByTestId('field-password').fill('Initial-Passw0rd');
  await page.getByTestId('field-authorityId').click();
  await page.keyboard.type('金山区应急');
  await page.waitForTimeout(200);
  await page.keyboard.press('Enter');
  await page.getByTestId('form-submit').click();
  await page.getByTestId('user-form').waitFor({ state: 'detached' });
  const { context: c2, page: p2 } = await newPage(1280, 800);
  await p2.goto(`${BASE}/login`);
  await p2.getByTestId('login-username').fill(username);
  await p2.getByTestId('login-password').fill('Initial-Passw0rd');
  await p2.getByTestId('login-submit').click();
  await p2.getByTestId('password-form').waitFor();
  await shot(p2, '45-forced-password-change', false);
  await p2.getByTestId('password-current').fill('Initial-Passw0rd');
  await p2.getByTestId('password-new').fill('A-much-better-passphrase');
  await p2.getByTestId('password-confirm').fill('A-much-better-passphrase');
  await p2.getByTestId('password-submit').click();
  await p2.getByTestId('overview-page').waitFor();
  await shot(p2, '46-after-password-change', false);
  await c2.close();

  await page.getByTestId('lang-en').click();
  await page.goto(`${BASE}/registry/sites`);
  await page.getByTestId('list-table').locator('.ant-table-row').first().waitFor();
  await shot(page, '44-sites-en');
  await context.close();
}

// 5. the enterprise safety manager and the worker
for (const [user, name] of [
  ['jinshan.manager', '50-manager-overview'],
  ['jinshan.worker', '51-worker-overview'],
]) {
  const { context, page } = await newPage(1280, 900);
  await login(page, user);
  await page.waitForLoadState('networkidle');
  await shot(page, name);
  await context.close();
}

await browser.close();
console.log(
  problems.length
    ? `\n${problems.length} problems:\n${[...new Set(problems)].join('\n')}`
    : '\nno console errors or failed requests',
);
