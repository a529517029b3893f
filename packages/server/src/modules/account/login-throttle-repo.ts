import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * The failed-login counts per client address (table login_address_failures, migration
 * 0203_login_throttle), in raw SQL: the count and the block are computed in one statement so
 * that instances racing on the same address each add theirs.
 */

const MAX_BLOCK_SECONDS = 3600;
const FORGET_AFTER_HOURS = 24;

/** Until when the address is blocked (null or undefined: it is not). */
export async function addressBlockedUntil(
  db: Kysely<DB>,
  address: string,
): Promise<Date | string | null | undefined> {
  const { rows } = await sql<{ blocked_until: Date | string | null }>`
    SELECT blocked_until FROM login_address_failures WHERE address = ${address}`.execute(db);
  return rows[0]?.blocked_until;
}

/**
 * Counts one failed login from this address, in one statement, and forgets addresses quiet for a
 * day. Returns until when the address is now blocked (null or undefined: it is not).
 */
export async function countAddressFailure(
  db: Kysely<DB>,
  address: string,
  now: Date,
  limits: { limit: number; windowMinutes: number; blockSeconds: number },
): Promise<Date | string | null | undefined> {
  const at = sql`${now.toISOString()}::timestamptz`;
  // The count starts again after a quiet pause of the window (measured from the end of a block).
  const next = sql`(CASE WHEN greatest(f.last_failure_at, coalesce(f.blocked_until, f.last_failure_at))
      < ${at} - make_interval(mins => ${limits.windowMinutes}) THEN 1 ELSE f.failures + 1 END)`;
  const wait = (failures: ReturnType<typeof sql>) =>
    sql`make_interval(secs => least(${MAX_BLOCK_SECONDS}::float8,
      ${limits.blockSeconds}::float8 * power(2::float8, (${failures} - ${limits.limit})::float8)))`;
  const { rows } = await sql<{ blocked_until: Date | string | null }>`
    INSERT INTO login_address_failures AS f (address, failures, last_failure_at, blocked_until)
    VALUES (${address}, 1, ${at}, CASE WHEN 1 >= ${limits.limit} THEN ${at} + ${wait(sql`1`)} END)
    ON CONFLICT (address) DO UPDATE SET
      failures = ${next},
      last_failure_at = ${at},
      blocked_until = CASE WHEN ${next} >= ${limits.limit} THEN ${at} + ${wait(next)} ELSE f.blocked_until END
    RETURNING blocked_until`.execute(db);
  await sql`DELETE FROM login_address_failures
    WHERE last_failure_at < ${at} - make_interval(hours => ${FORGET_AFTER_HOURS})
      AND (blocked_until IS NULL OR blocked_until < ${at})`.execute(db);
  return rows[0]?.blocked_until;
}
