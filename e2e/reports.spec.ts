import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { loginAs } from './helpers.ts';

/**
 * Periodic reports (issue 15): the Ordos city leader opens the reports from the dashboard, generates
 * last month's report of the city, downloads the PDF (rendered to PNG with pdftoppm to be looked at)
 * and the workbook (opened with exceljs: the figures are the report's); a district inspector has no
 * reports page and the API answers 403; another jurisdiction's leader gets 404 for it.
 */
const shots = 'test-results/shots';

interface Report {
  id: string;
  number: string;
  regionCode: string;
  figures: {
    dashboard: {
      figures: { problemsFound: number; closed: number; enterprisesInspected: number; majorFound: number };
    };
    extra: { headline: string };
  };
}

test('a city leader generates a monthly report and downloads it; a district inspector cannot see it', async ({
  page,
  browser,
}) => {
  // Generating renders a PDF and a workbook; on a loaded machine, beside the scheduled job's own
  // reports, that has taken over a minute.
  test.setTimeout(300_000);
  mkdirSync(shots, { recursive: true });
  await loginAs(page, 'ordos.leader');
  await page.goto('/dashboard');
  await page.getByTestId('dash-reports').click();
  await expect(page.getByTestId('reports-page')).toBeVisible();
  await expect(page.getByTestId('nav-reports')).toBeVisible();

  // Defaults: the leader's jurisdiction (Ordos, 1506), a monthly report, last month.
  const [posted] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/reports') && r.request().method() === 'POST', {
      timeout: 240_000,
    }),
    page.getByTestId('report-generate').click(),
  ]);
  expect(posted.status()).toBe(201);
  const report = (await posted.json()) as Report;
  expect(report.regionCode).toBe('1506');
  expect(report.number).toMatch(/^RPT-1506-\d{4}-\d{4}$/);
  const row = page.getByTestId('report-list').locator('tr', { hasText: report.number });
  await expect(row).toBeVisible();
  await expect(row).toContainText('月报');
  await expect(row).toContainText('乌日娜');
  await page.screenshot({ path: `${shots}/reports-list.png`, fullPage: true });

  // The PDF: downloaded as generated, rendered to look at.
  const [pdfDownload] = await Promise.all([
    page.waitForEvent('download'),
    row.getByTestId('report-pdf').click(),
  ]);
  const pdf = readFileSync((await pdfDownload.path())!);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  writeFileSync(`${shots}/report.pdf`, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '60', `${shots}/report.pdf`, `${shots}/report-page`]);
  const text = execFileSync('pdftotext', ['-layout', `${shots}/report.pdf`, '-'], { encoding: 'utf8' });
  expect(text).toContain(report.number);
  expect(text).toContain(report.figures.extra.headline);

  // The workbook: opens, and carries the report's figures.
  const [xlsxDownload] = await Promise.all([
    page.waitForEvent('download'),
    row.getByTestId('report-xlsx').click(),
  ]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync((await xlsxDownload.path())!) as never);
  const metric = new Map<string, unknown>();
  book.getWorksheet('主要指标')!.eachRow((r) => metric.set(String(r.getCell(1).value), r.getCell(2).value));
  const f = report.figures.dashboard.figures;
  expect(metric.get('发现问题（隐患）')).toBe(f.problemsFound);
  expect(metric.get('已整改')).toBe(f.closed);
  expect(metric.get('检查企业数')).toBe(f.enterprisesInspected);
  expect(metric.get('其中重大隐患')).toBe(f.majorFound);
  const info = new Map<string, unknown>();
  book.getWorksheet('报告')!.eachRow((r) => info.set(String(r.getCell(1).value), r.getCell(2).value));
  expect(info.get('编号')).toBe(report.number);

  // A district inspector: no reports entry, the page refuses, the API answers 403.
  const inspectorCtx = await browser.newContext();
  const inspector = await inspectorCtx.newPage();
  await loginAs(inspector, 'jinshan.inspector');
  await expect(inspector.getByTestId('nav-reports')).toHaveCount(0);
  await inspector.goto('/reports');
  await expect(inspector.getByTestId('reports-page')).toHaveCount(0);
  expect((await inspector.request.get('/api/reports')).status()).toBe(403);
  expect((await inspector.request.get(`/api/reports/${report.id}/pdf`)).status()).toBe(403);
  await inspector.screenshot({ path: `${shots}/reports-inspector.png`, fullPage: true });
  await inspectorCtx.close();

  // Another jurisdiction's leader: the report does not exist for them.
  const otherCtx = await browser.newContext();
  const other = await otherCtx.newPage();
  await loginAs(other, 'jinshan.leader');
  expect((await other.request.get(`/api/reports/${report.id}`)).status()).toBe(404);
  expect((await other.request.get(`/api/reports/${report.id}/xlsx`)).status()).toBe(404);
  const theirs = (await (await other.request.get('/api/reports')).json()) as {
    items: Array<{ number: string }>;
  };
  expect(theirs.items.map((i) => i.number)).not.toContain(report.number);
  await otherCtx.close();
});
