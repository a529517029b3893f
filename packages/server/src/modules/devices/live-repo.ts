import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * One LISTEN/NOTIFY channel carries every live signal of this feature, so each server instance
 * holds a single listening connection: `A<c|u>:<alarm id>,…` alarms created or updated,
 * `D<device code>` a device changed, `R` the rules changed. NOTIFY inside a transaction is
 * delivered on commit, to every instance (this one included).
 */
export const LIVE_CHANNEL = 'redline_live';

export async function notifyLive(db: Db, message: string) {
  await sql`SELECT pg_notify(${LIVE_CHANNEL}, ${message})`.execute(db);
}
