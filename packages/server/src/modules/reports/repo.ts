import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { PeriodicReportsTable } from '../../db/schema-reports.ts';
import type { Actor } from '../../auth/actor.ts';
import { inRegion, inScope } from '../../auth/scope.ts';
import { key, keysetPage } from '../../db/paging.ts';

/**
 * The periodic reports' queries: the counter that numbers them, the kept rows, the list, and the two
 * figures the dashboard does not read (accountability actions and equipment due in the period) — small
 * counts on region-prefix indexes (accountability_region 0520, equipment_region_next 0620).
 */
type Db = Kysely<DB>;

/**
 * The next serial of a jurisdiction's reports in a year. Called inside the generating transaction:
 * the counter row is inserted or advanced by one statement whose row lock holds until commit, so
 * concurrent generators queue and get consecutive serials; a rolled-back generation rolls it back.
 */
export async function nextReportSerial(trx: Db, regionCode: string, year: number): Promise<number> {
  const r = await sql<{ last_serial: number }>`
    INSERT INTO report_counters (region_code, year, last_serial) VALUES (${regionCode}, ${year}, 1)
    ON CONFLICT (region_code, year) DO UPDATE SET last_serial = report_counters.last_serial + 1
    RETURNING last_serial`.execute(trx);
  return Number(r.rows[0].last_serial);
}

export async function insertReport(trx: Db, values: Insertable<PeriodicReportsTable>): Promise<string> {
  const r = await trx.insertInto('periodic_reports').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

const columns = (qb: ReturnType<typeof base>) =>
  qb.select([
    'r.id',
    'r.number',
    'r.region_code',
    'r.region_name',
    'r.kind',
    'r.period_start',
    'r.period_end',
    'r.pdf_sha256',
    'r.pdf_size',
    'r.xlsx_sha256',
    'r.xlsx_size',
    'r.generated_by',
    'r.generated_by_system',
    'r.generated_at',
    'u.display_name as generated_by_name',
  ]);
const base = (db: Db) =>
  db.selectFrom('periodic_reports as r').leftJoin('users as u', 'u.id', 'r.generated_by');

export type ReportRow = Awaited<ReturnType<ReturnType<typeof columns>['executeTakeFirstOrThrow']>>;

export interface ReportListFilter {
  regionCode?: string;
  kind?: 'month' | 'quarter' | 'year';
  cursor?: string;
  pageSize?: number;
}

/** The reports of the actor's jurisdiction, newest first, a page by key (generated_at, id). */
export async function listReports(db: Db, actor: Actor, q: ReportListFilter) {
  let b = base(db).where(inScope(actor, 'report', 'r', { range: true }));
  if (q.regionCode) b = b.where(inRegion(q.regionCode, 'r', 'region_code', { range: true }));
  if (q.kind) b = b.where('r.kind', '=', q.kind);
  return keysetPage(db, b, columns, {
    cursor: q.cursor,
    pageSize: q.pageSize,
    sortName: 'generatedAt',
    sort: key('r.generated_at', 'timestamptz'),
    order: 'desc',
    idColumn: 'r.id',
  });
}

/** One report the actor may see, with its figures; undefined when missing or outside the jurisdiction. */
export async function findReport(db: Db, actor: Actor, id: string) {
  return columns(base(db))
    .select('r.figures')
    .where('r.id', '=', id)
    .where(inScope(actor, 'report', 'r', { range: true }))
    .executeTakeFirst();
}

/** The region's Chinese name, or undefined when no such region exists. */
export async function regionName(db: Db, code: string): Promise<string | undefined> {
  const r = await db.selectFrom('regions').select('name_zh').where('code', '=', code).executeTakeFirst();
  return r?.name_zh;
}

/** The instant a day starts in `zone`, as SQL. */
const dayStart = (day: string, zone: string) => sql`(${day}::date)::timestamp AT TIME ZONE ${zone}`;

/**
 * Accountability actions (问责, 0520) recorded in the region between `from` and `to` (days in `zone`),
 * and special equipment whose next periodic inspection date falls in the period — one statement.
 */
export async function reportExtraCounts(
  db: Db,
  prefix: string,
  from: string,
  to: string,
  zone: string,
): Promise<{ accountability: number; equipment_due: number }> {
  const r = await sql<{ accountability: number; equipment_due: number }>`
    SELECT
      (SELECT count(*)::int FROM accountability_actions a
        WHERE ${inRegion(prefix, 'a', 'region_code', { range: true })}
          AND a.created_at >= ${dayStart(from, zone)}
          AND a.created_at < (${to}::date + 1)::timestamp AT TIME ZONE ${zone}) AS accountability,
      (SELECT count(*)::int FROM equipment q
        WHERE ${inRegion(prefix, 'q', 'region_code', { range: true })}
          AND q.next_inspection_on >= ${from}::date AND q.next_inspection_on <= ${to}::date) AS equipment_due`.execute(
    db,
  );
  return r.rows[0];
}

export interface DueReport {
  region_code: string;
  kind: 'month' | 'quarter' | 'year';
  period_start: string;
}

/**
 * The (jurisdiction, kind, period) the scheduled job still owes: each active leader's jurisdiction ×
 * the last closed month, quarter and year, without a report the job generated — at most `limit`.
 */
export async function dueScheduled(
  db: Db,
  periods: Array<{ kind: DueReport['kind']; start: string }>,
  limit: number,
): Promise<DueReport[]> {
  const values = sql.join(periods.map((p) => sql`(${p.kind}, ${p.start}::date)`));
  const r = await sql<DueReport>`
    SELECT j.code AS region_code, k.kind, k.start::text AS period_start
    FROM (SELECT DISTINCT u.region_code AS code FROM users u JOIN regions g ON g.code = u.region_code
          WHERE u.role = 'leader' AND u.active) j
    CROSS JOIN (VALUES ${values}) AS k(kind, start)
    WHERE NOT EXISTS (SELECT 1 FROM periodic_reports r WHERE r.generated_by_system
                        AND r.region_code = j.code AND r.kind = k.kind AND r.period_start = k.start)
    ORDER BY k.start, j.code, k.kind LIMIT ${limit}`.execute(db);
  return r.rows;
}
