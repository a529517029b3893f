import { dateInZone } from '@redline/domain';
import type { Kysely } from 'kysely';
import { HAZARD_GRADE_NAMES, HAZARD_STATUS_NAMES, type HazardSummary } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import type { SheetColumn } from '../registry/kind.ts';
import { csvOf, xlsxOf } from '../registry/sheets.ts';
import { closingAndRegion, listHazardRows, type HazardListQuery } from './repo.ts';
import { summaryOf } from './presenters.ts';

/**
 * The hazard list as a spreadsheet: exactly the rows of GET /api/hazards/rectification for the same
 * filters and sort — the same repository query (`listHazardRows`), so the same scoping and the same
 * overdue definition (the domain's `isOverdue`) — with Chinese headers and labels.
 * Bounded, not streamed: at most HAZARD_EXPORT_LIMIT rows, else a 400 asking to narrow the filters.
 */
export const HAZARD_EXPORT_LIMIT = 50_000;
export const HAZARD_SHEET_NAME = '隐患清单';

export type HazardExportRow = HazardSummary & { closedAt: string | null; regionName: string | null };

const SOURCE_TEXT: Record<string, string> = {
  inspection: '监督检查',
  self_inspection: '企业自查',
  alarm: '监测预警',
  report: '举报投诉',
};
const yesNo = (v: boolean) => (v ? '是' : '否');

/** The columns of the export, in order; dates are calendar days in the service's time zone. */
export function hazardColumns(timeZone: string): SheetColumn[] {
  const day = (v: string | null) => (v ? dateInZone(timeZone, v) : '');
  const col = (
    key: string,
    zh: string,
    en: string,
    format: (r: HazardExportRow) => string | number | null,
  ) => ({
    key,
    zh,
    en,
    format,
  });
  return [
    col('id', '隐患编号', 'Hazard ID', (r) => r.id),
    col('title', '隐患名称', 'Title', (r) => r.title),
    col('grade', '隐患等级', 'Grade', (r) => HAZARD_GRADE_NAMES[r.grade] ?? r.grade),
    col('status', '状态', 'Status', (r) => HAZARD_STATUS_NAMES[r.status] ?? r.status),
    col('source', '来源', 'Source', (r) => SOURCE_TEXT[r.source] ?? r.source),
    col('enterprise', '企业名称', 'Enterprise', (r) => r.enterpriseName ?? ''),
    col('project', '项目名称', 'Project', (r) => r.projectName ?? ''),
    col('site', '场所', 'Site', (r) => r.siteName ?? ''),
    col('region', '所属区域', 'Region', (r) => r.regionName ?? ''),
    col('regionCode', '行政区划代码', 'Division code', (r) => r.regionCode),
    col('foundOn', '发现日期', 'Found on', (r) => day(r.foundAt)),
    col('deadline', '整改期限', 'Deadline', (r) => day(r.deadline)),
    col('overdue', '是否逾期', 'Overdue', (r) => yesNo(r.overdue)),
    col('overdueDays', '逾期天数', 'Days overdue', (r) => (r.overdue ? r.overdueDays : '')),
    col('listed', '挂牌督办', 'Listed for supervision', (r) => yesNo(r.listed)),
    col('foundBy', '发现人', 'Found by', (r) => r.foundByName ?? ''),
    col('closedOn', '销案日期', 'Closed on', (r) => day(r.closedAt)),
  ];
}

const tooMany = (total: number | string, limit: number) =>
  new AppError(
    'EXPORT_TOO_LARGE',
    `The filters match ${total} hazards; an export holds at most ${limit}. Narrow the filters (status, grade, region, enterprise, project or search text) and export in parts.`,
    undefined,
    { total, limit },
  );

/** The rows of the filtered list (scoped to the actor), with the closing date and the region name. */
export async function hazardExportRows(
  db: Kysely<DB>,
  actor: Actor,
  filters: Omit<HazardListQuery, 'cursor' | 'pageSize'>,
  now: Date,
  limit = HAZARD_EXPORT_LIMIT,
): Promise<HazardExportRow[]> {
  const list = async (pageSize: number) => {
    const rows = await listHazardRows(db, actor, { ...filters, pageSize }, now);
    return { ...rows, items: rows.items.map((r) => summaryOf(r, now)) };
  };
  // Count first (one row fetched; the count is capped), so a too-large request costs a count, not
  // `limit` rows; beyond the count's cap, the page of `limit` rows says whether there are more.
  const probe = await list(1);
  if (probe.total > limit) throw tooMany(probe.totalCapped ? `more than ${probe.total}` : probe.total, limit);
  const page = probe.nextCursor === null ? probe : await list(limit);
  if (page.nextCursor !== null) throw tooMany(`more than ${limit}`, limit);

  // The ids come from the scoped list; this only adds columns the summary does not carry.
  const extra = new Map<string, { closed_at: string | null; region_name: string | null }>();
  const ids = page.items.map((h) => h.id);
  for (let i = 0; i < ids.length; i += 2000)
    for (const r of await closingAndRegion(db, ids.slice(i, i + 2000))) extra.set(r.id, r);
  return page.items.map((h) => ({
    ...h,
    closedAt: extra.get(h.id)?.closed_at ?? null,
    regionName: extra.get(h.id)?.region_name ?? null,
  }));
}

export type SheetFormat = 'csv' | 'xlsx';

/** The file: bytes, content type and a download name (ASCII, plus the Chinese name per RFC 5987). */
export async function hazardSheet(
  rows: HazardExportRow[],
  format: SheetFormat,
  timeZone: string,
  day: string,
) {
  const columns = hazardColumns(timeZone);
  const body = format === 'xlsx' ? await xlsxOf(HAZARD_SHEET_NAME, columns, rows) : csvOf(columns, rows);
  const contentType =
    format === 'xlsx'
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv; charset=utf-8';
  const disposition = `attachment; filename="hazards-${day}.${format}"; filename*=UTF-8''${encodeURIComponent(`${HAZARD_SHEET_NAME}-${day}.${format}`)}`;
  return { body, contentType, disposition };
}
