import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** Export files parsed back into a header and rows keyed by it, checking what every export promises. */
export type Table = { header: string[]; rows: Array<Record<string, string>> };

export function fromCsv(res: LightMyRequestResponse): Table {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])); // BOM for Excel
  const [header, ...rows] = parseCsv(res.rawPayload.toString('utf8').slice(1), {
    relax_column_count: false,
  }) as string[][];
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

export async function fromXlsx(res: LightMyRequestResponse, sheetName?: string): Promise<Table> {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (sheetName !== undefined) expect(ws.name).toBe(sheetName);
  const values: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = row.getCell(c).value;
      if (v !== null && typeof v === 'object' && !(v instanceof Date))
        throw new Error(`cell ${row.number}/${c} is not plain: ${JSON.stringify(v)}`);
      cells.push(v === null || v === undefined ? '' : String(v));
    }
    values.push(cells);
  });
  const [header, ...rows] = values;
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}
