import { sql, type RawBuilder } from 'kysely';

/**
 * Certificate status in SQL, for filtering and counting. It mirrors the domain rule
 * (`certificateStatus`), which stays the source of truth for each record's status and reason;
 * a test checks the two agree on every demo certificate.
 * `c` is the certificates alias, `cc` the certificate_categories alias.
 */
export function certificateStatusSql(today: string, c = 'c', cc = 'cc'): RawBuilder<string> {
  const col = (a: string, name: string) => sql.ref(`${a}.${name}`);
  const win = col(cc, 'review_window_days');
  const next = col(c, 'next_review_on');
  return sql<string>`CASE
    WHEN ${today}::date > ${col(c, 'expires_on')} THEN 'expired'
    WHEN ${next} IS NOT NULL
         AND NOT (${col(c, 'last_reviewed_on')} IS NOT NULL AND ${col(c, 'last_reviewed_on')} >= ${next} - ${win})
         AND ${today}::date >= ${next} - ${win} THEN 'review_due'
    WHEN ${today}::date >= ${col(c, 'expires_on')} - ${win} THEN 'review_due'
    ELSE 'valid' END`;
}
