import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { FileRow } from '../../../storage/files.ts';

/** The original a file was marked up from (null for an original), or undefined when there is no such file. */
export async function derivedFromOf(db: Kysely<DB>, fileId: string): Promise<string | null | undefined> {
  const row = await db.selectFrom('files').select('derived_from').where('id', '=', fileId).executeTakeFirst();
  return row ? row.derived_from : undefined;
}

/** Links a marked-up copy to its original (files.derived_from, migration 0971). */
export const linkMarkup = (db: Kysely<DB>, fileId: string, originalId: string): Promise<FileRow> =>
  db
    .updateTable('files')
    .set({ derived_from: originalId })
    .where('id', '=', fileId)
    .returningAll()
    .executeTakeFirstOrThrow();
