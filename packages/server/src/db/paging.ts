import { sql, type SelectQueryBuilder } from 'kysely';
import type { PageOf } from '@redline/contracts';
import { escapeLike } from '../auth/scope.ts';
import { validation } from '../errors.ts';

/**
 * Count + one page of a filtered query. `base` carries FROM/JOIN/WHERE; `select` adds the columns.
 * Sorting is by a whitelisted SQL column with the id as tie-breaker, so pages never overlap.
 */
export async function pageOf<DB, TB extends keyof DB, Row>(
  base: SelectQueryBuilder<DB, TB, object>,
  select: (qb: SelectQueryBuilder<DB, TB, object>) => SelectQueryBuilder<DB, TB, Row>,
  opts: {
    page?: number;
    pageSize?: number;
    sortColumn: string;
    order?: 'asc' | 'desc';
    idColumn: string;
    limit?: number;
  },
): Promise<PageOf<Row>> {
  const page = opts.page ?? 1;
  const pageSize = opts.limit ?? opts.pageSize ?? 20;
  assertOffset(page, pageSize);
  const counted = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = (await select(base)
    .orderBy(sql.ref(opts.sortColumn), opts.order ?? 'asc')
    .orderBy(sql.ref(opts.idColumn))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()) as Row[];
  const total = (counted as { total: number }).total;
  return { items: rows, total, page, pageSize };
}

/** Case-insensitive "contains" over several columns. */
export function searchAny(q: string, columns: string[]) {
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
