import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { STATS_GROUPS } from '@redline/contracts';
import { addDays, dateInZone, daysBetween, isRegulator as isRegulatorRole } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope, inRegion } from '../../auth/scope.ts';

/**
 * Rectification figures read from the hazard rollups (migration 0401, rollups-repo.ts), never from
 * the hazard rows: overall and grouped by region (county), enterprise, project, checklist module or
 * the inspector who found them. The definitions are the domain's `hazardFigures` (tests compare the
 * two): found = not rejected; closed; closed on time; overdue = owed and past the deadline now;
 * major open = major, found and not closed.
 *
 * Scoping: the rollups carry the columns the hazard scope rule reads (region_code, enterprise_id,
 * project_id, inspection_id), so `inScope(actor, 'hazard', alias)` applies to them unchanged.
 * The period is of found days, counted in the zone the rollups were built in (= TIME_ZONE, see
 * rebuild-rollups.ts).
 */
export type StatsGroup = (typeof STATS_GROUPS)[number];
/** The groups of /api/hazards/stats, and the found month ('YYYY-MM', the dashboard's trend). */
export type FigureGroup = StatsGroup | 'month';

/** The rollups are indexed by region code range (text_pattern_ops), not by `left()` (see scope.ts). */
const RANGE = { range: true };

const DAILY_FIGURES = sql`
  coalesce(sum(r.found), 0)::int AS found,
  coalesce(sum(r.closed), 0)::int AS closed,
  coalesce(sum(r.closed_on_time), 0)::int AS closed_on_time,
  coalesce(sum(r.found - r.closed) FILTER (WHERE r.grade = 'major'), 0)::int AS major_open,
  coalesce(sum(r.found) FILTER (WHERE r.grade = 'major'), 0)::int AS major_found,
  coalesce(sum(r.closed) FILTER (WHERE r.grade = 'major'), 0)::int AS major_closed,
  coalesce(sum(r.listed) FILTER (WHERE r.grade = 'major'), 0)::int AS major_listed`;

/** The group's key over a rollup alias (text; '' for none), and its display name over the key `k`. */
const GROUPS: Record<FigureGroup, { key: (a: string) => RawBuilder<unknown>; name: RawBuilder<unknown> }> = {
  region: {
    key: (a) => sql`substr(${sql.ref(`${a}.region_code`)}, 1, 6)`,
    name: sql`coalesce((SELECT g.name_zh FROM regions g WHERE g.code = k.key), k.key)`,
  },
  enterprise: {
    key: (a) => sql`coalesce(${sql.ref(`${a}.enterprise_id`)}::text, '')`,
    name: sql`coalesce((SELECT g.name FROM enterprises g WHERE g.id::text = k.key), '（无企业）')`,
  },
  project: {
    key: (a) => sql`coalesce(${sql.ref(`${a}.project_id`)}::text, '')`,
    name: sql`coalesce((SELECT g.name FROM projects g WHERE g.id::text = k.key), '（无项目）')`,
  },
  module: {
    key: (a) => sql`coalesce(${sql.ref(`${a}.module_code`)}, '')`,
    name: sql`coalesce((SELECT max(g.name_zh) FROM checklist_modules g WHERE g.code = k.key), nullif(k.key, ''), '（非检查发现）')`,
  },
  inspector: {
    key: (a) => sql`coalesce(${sql.ref(`${a}.found_by`)}::text, '')`,
    name: sql`coalesce((SELECT g.display_name FROM users g WHERE g.id::text = k.key), '（未知）')`,
  },
  month: {
    key: (a) => sql`to_char(${sql.ref(`${a}.found_day`)}, 'YYYY-MM')`,
    name: sql`k.key`,
  },
};

/** The group's key over a rollup alias; regions by `regionDigits` (the dashboard's child level), else county. */
const groupKey = (group: FigureGroup, a: string, q: FigureQuery) =>
  group === 'region' && q.regionDigits
    ? sql`substr(${sql.ref(`${a}.region_code`)}, 1, ${sql.lit(q.regionDigits)})`
    : GROUPS[group].key(a);

export interface FigureRow {
  found: number;
  closed: number;
  closed_on_time: number;
  overdue: number;
  major_open: number;
}
export type GroupFigureRow = FigureRow & { key: string; name: string };
/** The figures with the major hazards' found / closed / listed (the dashboard's). */
export interface MajorFigureRow extends FigureRow {
  major_found: number;
  major_closed: number;
  major_listed: number;
}
export type MajorGroupFigureRow = MajorFigureRow & { key: string; name: string };

export interface FigureQuery {
  groupBy?: FigureGroup;
  /** For groupBy 'region': the length of the region key (2 province … 9 town; default 6, county). */
  regionDigits?: number;
  from?: string;
  to?: string;
  regionCode?: string;
  limit?: number;
  /** Today in the rollups' zone (a cost hint for periodParts: later days hold no hazard yet). */
  today?: string;
}

/** The conditions on a rollup alias: the actor's scope, the region asked for, the period of found days. */
function conditions(actor: Actor, q: FigureQuery, alias: string, days: Period = q): RawBuilder<unknown> {
  const where: RawBuilder<unknown>[] = [inScope(actor, 'hazard', alias, RANGE)];
  if (q.regionCode) where.push(inRegion(q.regionCode, alias, 'region_code', RANGE));
  if (days.from) where.push(sql`${sql.ref(`${alias}.found_day`)} >= ${days.from}::date`);
  if (days.to) where.push(sql`${sql.ref(`${alias}.found_day`)} <= ${days.to}::date`);
  return sql.join(where, sql` AND `);
}

interface Period {
  from?: string;
  to?: string;
}
/** Edge days of a period read from the daily rollup: added (1) or taken off a whole month (-1). */
export interface PeriodPart extends Period {
  sign: 1 | -1;
}

const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12
    ? `${String(y + 1).padStart(4, '0')}-01-01`
    : `${month.slice(0, 5)}${String(m + 1).padStart(2, '0')}-01`;
}
const prevMonth = (month: string) => monthOf(addDays(month, -1));

/**
 * A period of found days as whole months (read from hazard_monthly) and edge days (read from
 * hazard_daily), each edge either added to the whole months inside the period or taken off its
 * whole month, whichever reads fewer days: 3 Jan – 10 Mar = January − 1–2 Jan + February + 1–10 Mar.
 * Days after `today` (the rollups' zone) hold no hazard yet and cost nothing, so a period ending
 * today reads its month whole and takes off the empty rest. Either way the sums are the same.
 */
export function periodParts(
  from?: string,
  to?: string,
  today?: string,
): { months: Period | null; days: PeriodPart[] } {
  const cost = (a: string, b: string) => {
    const end = today !== undefined && today < b ? today : b;
    return end < a ? 0 : daysBetween(a, end) + 1;
  };
  const lastOf = (month: string) => addDays(nextMonth(month), -1);
  const cutsFrom = from !== undefined && !from.endsWith('-01');
  const cutsTo = to !== undefined && lastOf(monthOf(to)) !== to;
  if (from !== undefined && to !== undefined && monthOf(from) === monthOf(to) && (cutsFrom || cutsTo)) {
    // One month, cut at one end or both: its days, or the whole month minus the days outside.
    const month = monthOf(from);
    const outside: PeriodPart[] = [];
    if (cutsFrom) outside.push({ from: month, to: addDays(from, -1), sign: -1 });
    if (cutsTo) outside.push({ from: addDays(to, 1), to: lastOf(month), sign: -1 });
    const outsideCost = outside.reduce((n, d) => n + cost(d.from!, d.to!), 0);
    return outsideCost < cost(from, to)
      ? { months: { from: month, to: month }, days: outside }
      : { months: null, days: [{ from, to, sign: 1 }] };
  }
  const days: PeriodPart[] = [];
  let firstFull = from;
  if (from !== undefined && cutsFrom) {
    const month = monthOf(from);
    if (cost(month, addDays(from, -1)) < cost(from, lastOf(month))) {
      firstFull = month;
      days.push({ from: month, to: addDays(from, -1), sign: -1 });
    } else {
      firstFull = nextMonth(month);
      days.push({ from, to: lastOf(month), sign: 1 });
    }
  }
  let lastFull = to === undefined ? undefined : monthOf(to);
  if (to !== undefined && cutsTo) {
    const month = monthOf(to);
    if (cost(addDays(to, 1), lastOf(month)) < cost(month, to))
      days.push({ from: addDays(to, 1), to: lastOf(month), sign: -1 });
    else {
      lastFull = prevMonth(month);
      days.push({ from: month, to, sign: 1 });
    }
  }
  if (firstFull !== undefined && lastFull !== undefined && firstFull > lastFull)
    return { months: null, days: [{ from, to, sign: 1 }] }; // two adjacent months, both edges added
  return { months: { from: firstFull, to: lastFull }, days };
}

/**
 * Whether the monthly rollups can answer: a regulator whose scope is only their region (no
 * cross-inspection grant, which scopes by inspection), at county level or above. Totals and counties
 * read hazard_monthly, towns and the other groups hazard_monthly_groups (0405, towns 0409).
 * Everything else (enterprise managers, grants, a town's own figures) reads hazard_daily.
 */
function monthlyAnswers(actor: Actor, q: FigureQuery): boolean {
  return (
    isRegulatorRole(actor.role) &&
    !actor.crossGrants?.inspections?.length &&
    actor.regionCode.length <= 6 &&
    (q.regionCode ?? '').length <= 6 &&
    (q.groupBy !== 'region' || (q.regionDigits ?? 6) <= 9)
  );
}

/** Region keys longer than a county come from the towns of hazard_monthly_groups / hazard_owing_days. */
const townDigits = (group: FigureGroup, q: FigureQuery) =>
  group === 'region' && (q.regionDigits ?? 6) > 6 ? (q.regionDigits as number) : null;

/** A daily rollup's counts, negated for days taken off a whole month. */
const signed = (sign: 1 | -1, a: string) =>
  sign === 1
    ? sql`${sql.ref(`${a}.reported`)} AS reported, ${sql.ref(`${a}.found`)} AS found, ${sql.ref(`${a}.closed`)} AS closed, ${sql.ref(`${a}.closed_on_time`)} AS closed_on_time, ${sql.ref(`${a}.listed`)} AS listed`
    : sql`-${sql.ref(`${a}.reported`)} AS reported, -${sql.ref(`${a}.found`)} AS found, -${sql.ref(`${a}.closed`)} AS closed, -${sql.ref(`${a}.closed_on_time`)} AS closed_on_time, -${sql.ref(`${a}.listed`)} AS listed`;

/**
 * The counted rows (reported, found, closed, closed_on_time, listed, grade and the group's `key`: the
 * county or town, or the enterprise / project / module / inspector of `group`) of the period, from
 * whole months and edge days (added or taken off, see periodParts).
 */
function coarseRows(actor: Actor, q: FigureQuery, group: FigureGroup = 'region'): RawBuilder<unknown> {
  const { months, days } = periodParts(q.from, q.to, q.today);
  const town = townDigits(group, q);
  const parts: RawBuilder<unknown>[] = [];
  if (months) {
    const where: RawBuilder<unknown>[] = [inRegion(actor.regionCode, 'm', 'county_code', RANGE)];
    if (q.regionCode) where.push(inRegion(q.regionCode, 'm', 'county_code', RANGE));
    if (months.from) where.push(sql`m.month >= ${months.from}::date`);
    if (months.to) where.push(sql`m.month <= ${months.to}::date`);
    parts.push(
      town !== null
        ? sql`SELECT substr(m.key, 1, ${sql.lit(town)}) AS key, m.grade, m.reported, m.found, m.closed,
                     m.closed_on_time, m.listed
              FROM hazard_monthly_groups m WHERE m.dim = 'town' AND ${sql.join(where, sql` AND `)}`
        : group === 'region' || group === 'month'
          ? sql`SELECT ${
              group === 'month'
                ? sql`to_char(m.month, 'YYYY-MM')`
                : sql`substr(m.county_code, 1, ${sql.lit(Math.min(q.regionDigits ?? 6, 6))})`
            } AS key, m.grade, m.reported, m.found, m.closed, m.closed_on_time, m.listed
              FROM hazard_monthly m WHERE ${sql.join(where, sql` AND `)}`
          : sql`SELECT m.key, m.grade, m.reported, m.found, m.closed, m.closed_on_time, m.listed
              FROM hazard_monthly_groups m WHERE m.dim = ${group} AND ${sql.join(where, sql` AND `)}`,
    );
  }
  for (const d of days)
    parts.push(sql`SELECT ${groupKey(group, 'x', q)} AS key, x.grade, ${signed(d.sign, 'x')}
                   FROM hazard_daily x WHERE ${conditions(actor, q, 'x', d)}`);
  return sql.join(parts, sql` UNION ALL `);
}

/** The last day of a month given as its first day. */
const lastDayOf = (month: string) => addDays(nextMonth(month), -1);

/**
 * The owed hazards overdue at `now` (found in the period), as rows of (key, n) for the group's key:
 * hazard_owing_days (0408) for whole found months and deadline days before today (UTC), hazard_owing
 * for those due earlier today and for the edge days of the period. Only where the monthly rollups
 * answer (monthlyAnswers); elsewhere hazard_owing alone.
 */
function overdueRows(
  actor: Actor,
  q: FigureQuery,
  now: Date,
  group: FigureGroup = 'region',
): RawBuilder<unknown> {
  const at = now.toISOString();
  const today = at.slice(0, 10);
  const { months, days } = periodParts(q.from, q.to, q.today);
  // The month and the (child-level) region come from the 'region' rows (their key is the county),
  // regions below a county from the 'town' rows.
  const town = townDigits(group, q);
  const dim = town !== null ? 'town' : group === 'month' ? 'region' : group;
  const dayKey =
    group === 'month'
      ? sql`to_char(d.month, 'YYYY-MM')`
      : group === 'region'
        ? sql`substr(d.key, 1, ${sql.lit(town ?? Math.min(q.regionDigits ?? 6, 6))})`
        : sql`d.key`;
  const fine = (period: Period, from?: string, sign: 1 | -1 = 1) =>
    sql`SELECT ${groupKey(group, 'o', q)} AS key, ${sign === 1 ? sql`o.n` : sql`-o.n`} AS n FROM hazard_owing o
        WHERE ${conditions(actor, q, 'o', period)} AND o.deadline < ${at}::timestamptz
        ${from ? sql`AND o.deadline >= ${from}::timestamptz` : sql``}`;
  const parts: RawBuilder<unknown>[] = [];
  if (months) {
    const where: RawBuilder<unknown>[] = [
      sql`d.dim = ${dim}`,
      inRegion(actor.regionCode, 'd', 'county_code', RANGE),
      sql`d.deadline_day < ${today}::date`,
    ];
    if (q.regionCode) where.push(inRegion(q.regionCode, 'd', 'county_code', RANGE));
    if (months.from) where.push(sql`d.month >= ${months.from}::date`);
    if (months.to) where.push(sql`d.month <= ${months.to}::date`);
    parts.push(
      sql`SELECT ${dayKey} AS key, d.n FROM hazard_owing_days d WHERE ${sql.join(where, sql` AND `)}`,
    );
    parts.push(fine({ from: months.from, to: months.to && lastDayOf(months.to) }, `${today}T00:00:00Z`));
  }
  for (const d of days) parts.push(fine(d, undefined, d.sign));
  return sql.join(parts, sql` UNION ALL `);
}

/** The figures of the hazards the actor may see (found between from and to), and per group if asked. */
export async function hazardFigureRows(
  db: Kysely<DB>,
  actor: Actor,
  q: FigureQuery,
  now: Date,
  timeZone: string,
): Promise<{ total: MajorFigureRow; groups: MajorGroupFigureRow[] }> {
  q = { ...q, today: q.today ?? dateInZone(timeZone, now) };
  const at = now.toISOString();
  const coarse = monthlyAnswers(actor, q);
  const counted = coarse
    ? sql`(${coarseRows(actor, q)})`
    : sql`(SELECT ${GROUPS.region.key('x')} AS key, x.grade, x.found, x.closed, x.closed_on_time, x.listed
           FROM hazard_daily x WHERE ${conditions(actor, q, 'x')})`;
  const total = await sql<MajorFigureRow & { zone: string }>`
    SELECT d.*, o.overdue, (SELECT m.time_zone FROM hazard_rollup_meta m) AS zone
    FROM (SELECT ${DAILY_FIGURES} FROM ${counted} r) d,
         (SELECT coalesce(sum(o.n), 0)::int AS overdue
          FROM ${coarse ? sql`(${overdueRows(actor, q, now)}) o` : sql`hazard_owing o WHERE ${conditions(actor, q, 'o')} AND o.deadline < ${at}::timestamptz`}) o`.execute(
    db,
  );
  const { zone, ...figures } = total.rows[0];
  // Start-up rebuilds the rollups in TIME_ZONE (ensureHazardRollupZone); days of another zone would
  // put hazards found near midnight in the wrong period, so say so rather than answer wrongly.
  if (zone !== timeZone)
    throw new Error(
      `hazard rollups count found days in ${zone}, the server's TIME_ZONE is ${timeZone}: run \`redline rollups rebuild\``,
    );
  return {
    total: figures,
    groups: q.groupBy ? await hazardFigureGroups(db, actor, { ...q, groupBy: q.groupBy }, now) : [],
  };
}

/**
 * Only the groups of hazardFigureRows (no total, no zone check: call it beside hazardFigureRows,
 * as the dashboard does). `overdue: false` leaves the overdue column 0 and skips its read of
 * hazard_owing (the dashboard's trend and top modules show none).
 */
export async function hazardFigureGroups(
  db: Kysely<DB>,
  actor: Actor,
  q: FigureQuery & { groupBy: FigureGroup },
  now: Date,
  opts: { overdue?: boolean } = {},
): Promise<MajorGroupFigureRow[]> {
  const at = now.toISOString();
  const coarse = monthlyAnswers(actor, q);
  const g = GROUPS[q.groupBy];
  const rows = await sql<MajorGroupFigureRow>`
    WITH d AS (
      SELECT ${coarse ? sql`r.key` : groupKey(q.groupBy, 'r', q)} AS key, ${DAILY_FIGURES}
      FROM ${coarse ? sql`(${coarseRows(actor, q, q.groupBy)}) r` : sql`hazard_daily r WHERE ${conditions(actor, q, 'r')}`}
      GROUP BY 1
      HAVING sum(r.reported) > 0 -- a key whose days were all taken off its months is not in the period
      ORDER BY found DESC, key
      LIMIT ${q.limit ?? 50}
    ), o AS (
      ${
        opts.overdue === false
          ? sql`SELECT NULL::text AS key, 0 AS overdue WHERE false`
          : coarse
            ? sql`SELECT o.key, sum(o.n)::int AS overdue FROM (${overdueRows(actor, q, now, q.groupBy)}) o GROUP BY 1`
            : sql`SELECT ${groupKey(q.groupBy, 'o', q)} AS key, sum(o.n)::int AS overdue
                  FROM hazard_owing o
                  WHERE ${conditions(actor, q, 'o')} AND o.deadline < ${at}::timestamptz
                  GROUP BY 1`
      }
    )
    SELECT k.key, ${g.name} AS name, k.found, k.closed, k.closed_on_time, coalesce(o.overdue, 0)::int AS overdue,
           k.major_open, k.major_found, k.major_closed, k.major_listed
    FROM d k LEFT JOIN o ON o.key = k.key
    ORDER BY k.found DESC, k.key`.execute(db);
  return rows.rows;
}
