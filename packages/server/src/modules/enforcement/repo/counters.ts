import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';

/**
 * The next serial of an authority's documents of one kind in one year. Called inside the issuing
 * transaction: the counter row is inserted or advanced by one statement whose row lock holds
 * until commit, so concurrent issuers queue and get consecutive serials; if the issue fails and
 * rolls back, so does the counter — no gaps, no duplicates (documents also has a unique key on
 * authority, kind, year and serial as a last guard).
 */
export async function nextSerial(
  trx: Kysely<DB>,
  authorityId: string,
  kind: string,
  year: number,
): Promise<number> {
  const r = await sql<{ last_serial: number }>`
    INSERT INTO document_counters (authority_id, kind, year, last_serial) VALUES (${authorityId}, ${kind}, ${year}, 1)
    ON CONFLICT (authority_id, kind, year) DO UPDATE SET last_serial = document_counters.last_serial + 1
    RETURNING last_serial`.execute(trx);
  return Number(r.rows[0].last_serial);
}
