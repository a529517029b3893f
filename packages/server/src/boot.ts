import { sql } from 'kysely';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { Secrets } from './crypto.ts';
import { loadReferenceData } from './modules/reference/load.ts';
import { loadStarterChecklists } from './modules/checklists/load-starter.ts';
import { ensureHazardRollupZone } from './modules/hazards/rebuild-rollups.ts';
import type { Deps } from './http/context.ts';
import { systemClock } from './clock.ts';

/** Opens the database, applies migrations and reference data, and checks the encryption key. */
export async function boot(config: Config): Promise<Deps & { database: Database }> {
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.dataDir,
    poolSize: config.DB_POOL_SIZE,
  });
  await migrate(database);
  await loadReferenceData(database.db);
  await loadStarterChecklists(database.db);
  // Hazard rollups count found days in TIME_ZONE: rebuilt once when it is not the zone they were built in.
  await ensureHazardRollupZone(database.db, config.TIME_ZONE);
  const secrets = Secrets.load(config.SECRET_KEY, config.dataDir);
  await checkKey(database, secrets);
  return { config, database, secrets, ...systemClock(config.TIME_ZONE) };
}

/** The first boot records the key's fingerprint; a later boot with another key stops before it can corrupt data. */
async function checkKey(database: Database, secrets: Secrets) {
  const { db } = database;
  const fp = secrets.fingerprint();
  const row = await db
    .selectFrom('app_meta')
    .select('value')
    .where('key', '=', 'key_fingerprint')
    .executeTakeFirst();
  if (!row) {
    await db
      .insertInto('app_meta')
      .values({ key: 'key_fingerprint', value: JSON.stringify(fp) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return;
  }
  if (row.value !== fp) {
    await database.close();
    throw new Error(
      'SECRET_KEY does not match the key this database was created with (personal data could not be read). Set the original SECRET_KEY, or keep DATA_DIR/secret.key.',
    );
  }
}

export async function countUsers(database: Database) {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(database.db);
  return r.rows[0].n;
}
