import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD, loginAs } from './helpers.ts';
import { jpegWithExif, png } from '../packages/server/test/helpers/images.ts';

/**
 * Issue 4 done-means, in the browser: an inspector orders rectification of the hazards an
 * inspection found and issues the order PDF; the enterprise manager uploads evidence and submits;
 * the inspector rejects once, then accepts and closes; the rectification rate changes; the review
 * opinion PDF is issued; the public verification page confirms it and refuses a forged number.
 * Screenshots and the PDFs (rendered to PNG) go to test-results/rectification/.
 */
const OUT = 'test-results/rectification';
const shot = (page: Page, name: string) => page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });

async function apiAs(baseURL: string, username: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL });
  const r = await ctx.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(r.status(), await r.text()).toBe(200);
  return ctx;
}

async function json<T>(res: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> {
  expect(res.status(), `${res.url()} → ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

/** An inspection of the manager's enterprise with two failed items, signed and finished: two hazards (issue 3's API). */
async function inspectionWithTwoHazards(
  inspector: APIRequestContext,
  coInspector: APIRequestContext,
  enterpriseId: string,
) {
  type Lib = {
    scored: boolean;
    applicable: boolean;
    modules: Array<{ items: Array<{ itemId: string; proposed: boolean }> }>;
  };
  const proposal = await json<{ libraries: Lib[] }>(
    await inspector.get(`/api/inspections/proposal?targetKind=enterprise&targetId=${enterpriseId}`),
  );
  const itemIds = proposal.libraries
    .filter((l) => l.applicable && !l.scored)
    .flatMap((l) => l.modules.flatMap((m) => m.items.filter((i) => i.proposed).map((i) => i.itemId)))
    .slice(0, 6);
  expect(itemIds.length).toBeGreaterThan(2);
  const created = await json<{ id: string }>(
    await inspector.post('/api/inspections', {
      data: {
        kind: 'routine',
        targetKind: 'enterprise',
        targetId: enterpriseId,
        itemIds,
        place: '焊接车间',
        // two certified officers (Administrative Penalty Law 2021 art. 42)
        memberIds: [
          (await json<{ id: string }>(await inspector.get('/api/auth/me'))).id,
          (await json<{ id: string }>(await coInspector.get('/api/auth/me'))).id,
        ],
      },
    }),
  );
  const view = await json<{
    findings: Array<{ id: string; result: string }>;
    members: Array<{ userId: string; displayName: string }>;
  }>(await inspector.get(`/api/inspections/${created.id}`));
  const [f1, f2] = view.findings;
  for (const [f, text] of [
    [f1, '焊接车间动火作业未办理动火审批手续，现场未配备灭火器材'],
    [f2, '配电箱未设置漏电保护器，电缆拖地敷设'],
  ] as const) {
    await json(
      await inspector.put(`/api/inspections/${created.id}/findings/${f.id}`, {
        data: { result: 'fail', hazardDescription: text, hazardGrade: 'general', rectifyDays: 7 },
      }),
    );
  }
  await json(
    await inspector.post(`/api/inspections/${created.id}/findings/bulk`, { data: { result: 'pass' } }),
  );
  const signature = `data:image/png;base64,${png(60, 20).toString('base64')}`;
  for (const m of view.members)
    await json(
      await inspector.post(`/api/inspections/${created.id}/signatures`, {
        data: { party: 'inspector', userId: m.userId, signerName: m.displayName, image: signature },
      }),
    );
  await json(
    await inspector.post(`/api/inspections/${created.id}/signatures`, {
      data: { party: 'inspected', signerName: '朱海明', image: signature },
    }),
  );
  // each officer confirms taking part, themself
  for (const officer of [inspector, coInspector])
    await json(await officer.post(`/api/inspections/${created.id}/participants/confirm`, { data: {} }));
  await json(await inspector.post(`/api/inspections/${created.id}/finish`, { data: {} }));
  const { items: list } = await json<{ items: Array<{ id: string }> }>(
    await inspector.get(`/api/inspections/${created.id}/hazards`),
  );
  expect(list).toHaveLength(2);
  return { inspectionId: created.id, hazardIds: list.map((h) => h.id) };
}

async function savePdf(ctx: APIRequestContext, documentId: string, name: string) {
  const res = await ctx.get(`/api/documents/${documentId}/pdf`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  const file = path.join(OUT, `${name}.pdf`);
  writeFileSync(file, await res.body());
  execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(OUT, name)]);
}

async function rate(page: Page): Promise<string> {
  await page.goto('/hazards');
  const el = page.getByTestId('hazard-figures').getByTestId('rate');
  await expect(el).toBeVisible();
  return (await el.textContent()) ?? '';
}

async function act(page: Page, hazardId: string, action: string, fill?: () => Promise<void>) {
  await page.goto(`/hazards/${hazardId}`);
  await page.getByTestId(`action-${action}`).click();
  await expect(page.locator('.ant-modal .ant-form')).toBeVisible();
  if (fill) await fill();
  await page.getByTestId('action-submit').click();
  await expect(page.locator('.ant-modal')).toHaveCount(0);
}

async function upload(page: Page, hazardId: string, name: string, buffer: Buffer, mimeType: string) {
  await page.goto(`/hazards/${hazardId}`);
  // Count the evidence once the hazard (and with it its evidence) is on screen, not before.
  await expect(page.getByTestId('hazard-page')).toBeVisible();
  const before = await page.getByTestId('evidence-file').count();
  await page.getByTestId('evidence').locator('input[type=file]').setInputFiles({ name, mimeType, buffer });
  await expect(page.getByTestId('evidence-file')).toHaveCount(before + 1);
}

test('rectification from order to closure, with verifiable documents', async ({ page, baseURL, browser }) => {
  test.setTimeout(240_000);
  mkdirSync(OUT, { recursive: true });
  const manager = await apiAs(baseURL!, 'jinshan.manager');
  const me = await json<{ enterpriseId: string }>(await manager.get('/api/auth/me'));
  const inspectorApi = await apiAs(baseURL!, 'jinshan.inspector');
  const coInspectorApi = await apiAs(baseURL!, 'jinshan.inspector2');
  const { inspectionId, hazardIds } = await inspectionWithTwoHazards(
    inspectorApi,
    coInspectorApi,
    me.enterpriseId,
  );
  const [h1] = hazardIds;

  // 1. The inspector orders rectification of the inspection's hazards and issues the order.
  await loginAs(page, 'jinshan.inspector');
  const rateBefore = await rate(page);
  await page.goto(`/hazards?tab=all&inspectionId=${inspectionId}`);
  await expect(page.getByTestId('hazard-row')).toHaveCount(2);
  for (const row of await page.getByTestId('hazard-row').all())
    await row.locator('input[type=checkbox]').check();
  await shot(page, '01-inspector-selects-hazards');
  await page.getByTestId('order-selected').click();
  await expect(page.getByTestId('document-page')).toHaveAttribute('data-status', 'draft');
  await shot(page, '02-order-draft');
  await page.getByTestId('issue').click();
  await page.getByTestId('issue-confirm').click();
  await expect(page.getByTestId('document-page')).toHaveAttribute('data-status', 'issued');
  const orderNumber = (await page.getByTestId('document-number').textContent())!;
  expect(orderNumber).toMatch(/^（金）应急责改〔\d{4}〕\d+号$/);
  const orderId = page.url().split('/').pop()!;
  await shot(page, '03-order-issued');
  await savePdf(inspectorApi, orderId, 'order');
  await page.goto(`/hazards/${h1}`);
  await expect(page.getByTestId('hazard-page')).toHaveAttribute('data-status', 'rectification_ordered');

  // 2. The enterprise manager sees it, starts, uploads evidence (a photo that predates the hazard) and submits.
  const managerCtx = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 860 },
  });
  const mp = await managerCtx.newPage();
  await loginAs(mp, 'jinshan.manager');
  await mp.goto('/hazards');
  await expect(mp.locator(`[data-id="${h1}"]`)).toBeVisible();
  await shot(mp, '04-manager-worklist');
  await act(mp, h1, 'start_rectification');
  await upload(
    mp,
    h1,
    'before.jpg',
    jpegWithExif({ taken: '2024:03:01 10:00:00', offset: '+08:00' }),
    'image/jpeg',
  );
  await expect(mp.getByTestId('taken-before-found')).toBeVisible();
  await act(mp, h1, 'submit_evidence');
  await expect(mp.getByTestId('hazard-page')).toHaveAttribute('data-status', 'submitted');
  await shot(mp, '05-manager-submitted');

  // 3. The inspector rejects once (the photo was taken before the hazard was found)…
  await act(page, h1, 'review', async () => {
    await page.getByTestId('review-reject').click();
    await page.getByTestId('field-deadline').click();
    const d = new Date(Date.now() + 5 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    await page.getByTestId('field-deadline').fill(d);
    await page.keyboard.press('Enter');
    await page
      .getByTestId('field-comment')
      .fill('整改照片拍摄时间早于隐患发现时间，不能证明已整改，请重新拍摄。');
  });
  await expect(page.getByTestId('hazard-page')).toHaveAttribute('data-status', 'rectifying');
  await shot(page, '06-inspector-rejected');

  // …the manager hands in a new photo…
  await upload(mp, h1, 'after.png', png(64, 48), 'image/png');
  await act(mp, h1, 'submit_evidence');
  await expect(mp.getByTestId('hazard-page')).toHaveAttribute('data-status', 'submitted');

  // …and the inspector accepts: the hazard is closed and the rate moves.
  await act(page, h1, 'review');
  await expect(page.getByTestId('hazard-page')).toHaveAttribute('data-status', 'closed');
  await shot(page, '07-inspector-accepted-closed');
  const rateAfter = await rate(page);
  expect(rateAfter).not.toBe(rateBefore);
  await shot(page, '08-rate-changed');

  // 4. The review opinion follows the order.
  await page.goto(`/documents/${orderId}`);
  await page.getByTestId('draft-review-opinion').click();
  await expect(page.getByTestId('document-page')).toHaveAttribute('data-status', 'draft');
  await page.getByTestId('issue').click();
  await page.getByTestId('issue-confirm').click();
  await expect(page.getByTestId('document-page')).toHaveAttribute('data-status', 'issued');
  const opinionNumber = (await page.getByTestId('document-number').textContent())!;
  expect(opinionNumber).toMatch(/^（金）应急复查〔\d{4}〕\d+号$/);
  const opinionId = page.url().split('/').pop()!;
  await shot(page, '09-review-opinion-issued');
  await savePdf(inspectorApi, opinionId, 'review-opinion');

  // 5. The public verification page (no login) confirms it and refuses a forged number.
  const publicCtx = await browser.newContext({ baseURL, locale: 'zh-CN' });
  const pub = await publicCtx.newPage();
  await pub.goto(`/verify/${opinionId}`);
  await expect(pub.locator('[data-status="genuine"]')).toBeVisible();
  await expect(pub.locator('body')).toContainText(opinionNumber);
  await expect(pub.locator('body')).not.toContainText('朱海明');
  await pub.screenshot({ path: `${OUT}/10-public-verification.png`, fullPage: true });
  await pub.goto('/verify');
  await pub.locator('input[name=q]').fill(orderNumber.replace(/〕\d+号$/, '〕99999号'));
  await pub.locator('button[type=submit]').click();
  await expect(pub.locator('[data-status="forged"]')).toBeVisible();
  await pub.screenshot({ path: `${OUT}/11-public-forged.png`, fullPage: true });

  await managerCtx.close();
  await publicCtx.close();
  await manager.dispose();
  await inspectorApi.dispose();
});
