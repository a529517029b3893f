import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../lazy-packages.ts';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AppError } from '../../errors.ts';
import type { SheetColumn } from './kind.ts';

/** A spreadsheet as text: a header row and data rows, every cell a trimmed string. */
export interface Sheet {
  headers: string[];
  rows: string[][];
}

const MAX_ROWS = 20_000;

/** Reads CSV (UTF-8 with or without BOM, or GB18030 as saved by Chinese Excel) or XLSX, judged by content. */
export async function readSheet(buf: Buffer, filename: string): Promise<Sheet> {
  const isZip = buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  if (isZip) return readXlsx(buf);
  if (/\.xlsx?$/i.test(filename))
    throw new AppError('UNSUPPORTED_FILE', `${filename} is not a valid Excel .xlsx file`);
  if (buf.includes(0))
    throw new AppError('UNSUPPORTED_FILE', `${filename} is not a text CSV file (binary content)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    text = new TextDecoder('gb18030').decode(buf);
  }
  let records: string[][];
  try {
    records = (
      parseCsv(text.replace(/^\uFEFF/, ''), {
        relax_column_count: true,
        skip_empty_lines: true,
        trim: true,
      }) as string[][]
    ).map((r) => r.map(csvUnescape));
  } catch (e) {
    throw new AppError('BAD_FILE', `The CSV cannot be read: ${(e as Error).message}`);
  }
  return toSheet(records);
}

async function readXlsx(buf: Buffer): Promise<Sheet> {
  const wb = new (await loadExcelJs()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('BAD_FILE', `The Excel file cannot be read: ${(e as Error).message}`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('BAD_FILE', 'The Excel file has no worksheet');
  const records: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
    records.push(cells);
  });
  return toSheet(records);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    return '';
  }
  return String(v).trim();
}

function toSheet(records: string[][]): Sheet {
  if (!records.length)
    throw new AppError('BAD_FILE', 'The file is empty: it needs a header row and at least one data row');
  if (records.length - 1 > MAX_ROWS)
    throw new AppError(
      'BAD_FILE',
      `Too many rows (${records.length - 1}); import at most ${MAX_ROWS} at a time`,
    );
  const [headers, ...rows] = records;
  const data = rows.filter((r) => r.some((c) => c !== ''));
  if (!data.length)
    throw new AppError(
      'BAD_FILE',
      'The file has a header row but no data rows: add at least one row below the header',
    );
  return { headers: headers.map((h) => h.trim()), rows: data };
}

/** Which column each header is: by Chinese name, English name or key, case-insensitively. */
export function matchHeaders(headers: string[], columns: SheetColumn[]) {
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/[\s*（）()]/g, '');
  const index = new Map<string, SheetColumn>();
  for (const c of columns) for (const name of [c.zh, c.en, c.key]) index.set(norm(name), c);
  const mapped = headers.map((h) => index.get(norm(h)) ?? null);
  const unknown = headers.filter((h, i) => h && !mapped[i]);
  const missing = columns.filter((c) => c.required && !mapped.includes(c));
  return { mapped, unknown, missing };
}

/**
 * Text that Excel would run as a formula when it opens a CSV (=, +, -, @ first: "CSV injection")
 * is written with a leading apostrophe; the import takes it off again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const csvSafe = (v: string | number | null) => (typeof v === 'string' && FORMULA_START.test(v) ? "'" + v : v);
const csvUnescape = (v: string) => (v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v);

export function csvOf(columns: SheetColumn[], views: unknown[]): Buffer {
  const body = stringify([
    columns.map((c) => c.zh),
    ...views.map((v) => columns.map((c) => csvSafe(c.format?.(v) ?? ''))),
  ]);
  return Buffer.from('\uFEFF' + body, 'utf8'); // BOM so Excel opens UTF-8 Chinese correctly
}

export async function xlsxOf(sheetName: string, columns: SheetColumn[], views: unknown[]): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'Redline';
  const ws = wb.addWorksheet(sheetName);
  ws.columns = columns.map((c) => ({ header: c.zh, key: c.key, width: Math.max(12, c.zh.length * 2 + 4) }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const v of views) ws.addRow(columns.map((c) => c.format?.(v) ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
