import { sql, type QueryExecutorProvider, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { PAGE_TOTAL_CAP, type PageOf } from '@redline/contracts';
import { escapeLike } from '../auth/scope.ts';
import { validation } from '../errors.ts';

/**
 * Keyset pagination (issue 13). A list is ordered by one sort key and the row id, both in the same
 * direction, so `(key, id) > (last key, last id)` (or `<` descending) continues exactly after the
 * last row shown — no OFFSET, and a page never repeats or skips a row that existed when the first
 * page was read, whatever is inserted meanwhile. The cursor handed to clients is base64url JSON of
 * the sort's name and the last row's key (the key as PostgreSQL's text, so timestamps keep their
 * microseconds); it is checked on the way back in and a tampered one is a 400 `cursor`.
 *
 * A nullable sort column is sorted through `coalesce(col, 'infinity')` (see `nullsLast`), so the key
 * is never NULL and the row comparison stays one index range.
 *
 * The page is chosen from the base query (scope, filters, keyset, ORDER BY, LIMIT) selecting only the
 * id and the key; the columns and names of the page's rows are then read for those ids alone, so no
 * join runs over the whole scope before the LIMIT. The total is counted for the first page only, up to
 * PAGE_TOTAL_CAP + 1 rows (`totalCapped` says "more than PAGE_TOTAL_CAP"), never the whole scope —
 * unless the list reads an exact total from a rollup (`exactTotal`); the cursor carries it to the
 * following pages, so a deep page costs its index walk alone.
 */
export type KeyType = 'timestamptz' | 'date' | 'text' | 'int';
export type SortKey = { sql: string; type: KeyType };
export type IdType = 'uuid' | 'int' | 'text';

/** A sort key over a nullable date/time column: NULLs sort after every value ascending. */
export const nullsLast = (column: string, type: 'timestamptz' | 'date'): SortKey => ({
  sql: `coalesce(${column}, 'infinity'::${type})`,
  type,
});
export const key = (column: string, type: KeyType): SortKey => ({ sql: column, type });

/** s: sort name:order, k: last key, i: last id, n/c: the total and totalCapped of the first page. */
type Cursor = { s: string; k: string; i: string; n: number; c: boolean };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP =
  /^(infinity|\d{4,}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2}(:?\d{2})?)?|Z)?)$/;
const DATE = /^(infinity|\d{4,}-\d{2}-\d{2})$/;
const INT = /^-?\d{1,18}$/;

const badCursor = () =>
  validation('cursor', 'cursor is not one this list handed out (start again from the first page)');

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.s, c.k, c.i, c.n, c.c ? 1 : 0]), 'utf8').toString('base64url');
}

/** The cursor's key and id, checked against the sort it was made for and the key's type. */
export function decodeCursor(token: string, sortName: string, type: KeyType, idType: IdType): Cursor {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(token)) throw badCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 5 ||
    !parsed.slice(0, 3).every((p) => typeof p === 'string') ||
    !Number.isSafeInteger(parsed[3]) ||
    parsed[3] < 0 ||
    (parsed[4] === 1 && parsed[3] !== PAGE_TOTAL_CAP) ||
    (parsed[4] !== 0 && parsed[4] !== 1)
  )
    throw badCursor();
  const [s, k, i, n, c] = parsed as [string, string, string, number, 0 | 1];
  if (s !== sortName)
    throw validation('cursor', 'cursor belongs to another sort order (start again from the first page)');
  if (
    idType === 'uuid'
      ? !UUID.test(i)
      : idType === 'int'
        ? !INT.test(i)
        : i.length > 1000 || i.includes('\u0000')
  )
    throw badCursor();
  const ok =
    type === 'timestamptz'
      ? TIMESTAMP.test(k) &&
        (k === 'infinity' || !Number.isNaN(Date.parse(k.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'))))
      : type === 'date'
        ? DATE.test(k) && (k === 'infinity' || !Number.isNaN(Date.parse(k)))
        : type === 'int'
          ? INT.test(k)
          : k.length <= 1000 && !k.includes('\u0000');
  if (!ok) throw badCursor();
  return { s, k, i, n, c: c === 1 };
}

export type KeysetOptions = {
  /** Page token from the previous page's `nextCursor`; absent = first page. */
  cursor?: string;
  pageSize?: number;
  /** The name of the sort as the client asked for it (part of the cursor). */
  sortName: string;
  sort: SortKey;
  order: 'asc' | 'desc';
  idColumn: string;
  idType?: IdType;
  /**
   * The exact total from a rollup, when the list can answer its filters from one (null: it cannot);
   * otherwise the first page counts up to PAGE_TOTAL_CAP.
   */
  exactTotal?: () => Promise<number | null>;
};

const castKey = (k: string, type: KeyType) =>
  type === 'text' ? sql`${k}::text` : type === 'int' ? sql`${k}::bigint` : sql`${k}::${sql.raw(type)}`;

/**
 * One page of a filtered query by key. `base` carries FROM/JOIN/WHERE (joins must not multiply
 * rows: left joins on primary keys); `select` adds the columns shown.
 */
export async function keysetPage<DBT, TB extends keyof DBT, Row, DBS, TBS extends keyof DBS>(
  db: QueryExecutorProvider,
  base: SelectQueryBuilder<DBT, TB, object>,
  select: (qb: SelectQueryBuilder<DBT, TB, object>) => SelectQueryBuilder<DBS, TBS, Row>,
  opts: KeysetOptions,
): Promise<PageOf<Row>> {
  const pageSize = opts.pageSize ?? 20;
  const sortName = `${opts.sortName}:${opts.order}`;
  const idType = opts.idType ?? 'uuid';
  const keySql = sql.raw(opts.sort.sql);
  const idRef = sql.ref(opts.idColumn);
  const after = opts.cursor ? decodeCursor(opts.cursor, sortName, opts.sort.type, idType) : undefined;
  let ids = base;
  if (after) {
    const cmp = sql.raw(opts.order === 'asc' ? '>' : '<');
    const idVal = sql`${after.i}::${sql.raw(idType === 'int' ? 'bigint' : idType)}`;
    ids = ids.where(
      sql<boolean>`(${keySql}, ${idRef}) ${cmp} (${castKey(after.k, opts.sort.type)}, ${idVal})`,
    );
  }
  const pageIds = ids
    .select(sql`${idRef}`.as('page_id'))
    .orderBy(keySql, opts.order)
    .orderBy(idRef, opts.order)
    .limit(pageSize + 1);
  const [rows, total] = await Promise.all([
    select(base)
      .select([sql<string>`(${keySql})::text`.as('__page_key'), sql<string>`${idRef}::text`.as('__page_id')])
      .where(sql<boolean>`${idRef} IN (${pageIds})`)
      .orderBy(keySql, opts.order)
      .orderBy(idRef, opts.order)
      .execute()
      .catch((e: unknown) => {
        // A cursor that passed the checks but is still no value of its type (a 30 February).
        if (after && /^22/.test(String((e as { code?: unknown }).code ?? ''))) throw badCursor();
        throw e;
      }) as Promise<Array<Row & { __page_key: string; __page_id: string }>>,
    // Counted once, for the first page; the cursor carries that total on to the next pages.
    after ? { total: after.n, totalCapped: after.c } : firstPageTotal(db, base, opts.exactTotal),
  ]);
  const more = rows.length > pageSize;
  const shown = more ? rows.slice(0, pageSize) : rows;
  const last = shown[shown.length - 1];
  const nextCursor =
    more && last
      ? encodeCursor({
          s: sortName,
          k: last.__page_key,
          i: last.__page_id,
          n: total.total,
          c: total.totalCapped,
        })
      : null;
  const items = shown.map((r) => {
    const { __page_key: _k, __page_id: _i, ...rest } = r;
    return rest as Row;
  });
  return { items, pageSize, nextCursor, ...total };
}

/** How many rows a query has, counted up to PAGE_TOTAL_CAP + 1 (never the whole scope). */
async function firstPageTotal<DBT, TB extends keyof DBT>(
  db: QueryExecutorProvider,
  base: SelectQueryBuilder<DBT, TB, object>,
  exactTotal: KeysetOptions['exactTotal'],
): Promise<{ total: number; totalCapped: boolean }> {
  const exact = exactTotal ? await exactTotal() : null;
  return exact === null ? cappedCount(db, base) : { total: exact, totalCapped: false };
}

export async function cappedCount<DBT, TB extends keyof DBT>(
  db: QueryExecutorProvider,
  base: SelectQueryBuilder<DBT, TB, object>,
): Promise<{ total: number; totalCapped: boolean }> {
  const limited = base.select(sql`1`.as('one')).limit(PAGE_TOTAL_CAP + 1);
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${limited}) AS capped`.execute(
    db,
  );
  const n = rows[0]?.n ?? 0;
  return n > PAGE_TOTAL_CAP ? { total: PAGE_TOTAL_CAP, totalCapped: true } : { total: n, totalCapped: false };
}

/**
 * Case-insensitive "contains" over several columns. Each column the list searches has a pg_trgm GIN
 * index (migration 0400), which serves `ILIKE '%…%'` for a term of 3 characters or more. A trigram
 * needs three characters, so a 1–2 character term (two Chinese characters are a common word) cannot
 * use it: the same predicate then runs as a filter while the list walks its jurisdiction index in
 * order — cheap for a first page of a common word, a scan of the jurisdiction for a rare one.
 */
export function searchAny(q: string, columns: string[]): RawBuilder<boolean> {
  const pattern = `%${escapeLike(q.trim())}%`;
  return sql<boolean>`(${sql.join(
    columns.map((c) => sql`${sql.ref(c)} ILIKE ${pattern}`),
    sql` OR `,
  )})`;
}

export const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** A page so far out that its offset is not a safe integer is bad input, not a database error. */
export function assertOffset(page: number, pageSize: number) {
  if (!Number.isSafeInteger((page - 1) * pageSize))
    throw validation('page', `page ${page} is far beyond the last page`);
}
