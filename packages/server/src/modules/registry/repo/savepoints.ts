import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';

/**
 * Savepoints inside an import's transaction: a failed row is undone alone and the transaction
 * stays usable. Names are built by the caller from row numbers, never from input text.
 */
export async function savepoint(tx: Kysely<DB>, name: string): Promise<void> {
  await sql.raw(`SAVEPOINT ${name}`).execute(tx);
}

export async function releaseSavepoint(tx: Kysely<DB>, name: string): Promise<void> {
  await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(tx);
}

export async function rollbackToSavepoint(tx: Kysely<DB>, name: string): Promise<void> {
  await sql.raw(`ROLLBACK TO SAVEPOINT ${name}`).execute(tx);
}
