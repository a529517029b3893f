import type { Db } from './database.ts';

/**
 * An object or array kept in `app_meta` under `key`, or null when there is none. Drivers hand JSON
 * back parsed; text is parsed here, so a record written either way reads the same.
 */
export async function readMeta<T extends object>(db: Db, key: string): Promise<T | null> {
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  return (typeof row.value === 'string' ? JSON.parse(row.value) : row.value) as T;
}
