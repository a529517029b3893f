import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { AppError, fromDatabaseError } from '../errors.ts';

/**
 * Runs fn in a transaction, retrying (up to 3 times) when PostgreSQL aborts it for a deadlock or
 * a serialization failure — the work is then simply done again. Database constraint errors become
 * 4xx; the immutability guard of issued documents becomes ISSUED_IMMUTABLE (409).
 */
export async function inTransaction<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (e) {
      const pg = e as { code?: string; hint?: string; message?: string };
      if ((pg?.code === '40P01' || pg?.code === '40001') && attempt < 3) continue;
      if (pg?.code === 'P0001' && pg.hint === 'ISSUED_IMMUTABLE')
        throw new AppError('ISSUED_IMMUTABLE', pg.message ?? 'Issued documents cannot be changed');
      throw fromDatabaseError(e) ?? e;
    }
  }
}
