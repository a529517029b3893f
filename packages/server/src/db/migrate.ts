import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** The ledger of applied migrations (also created by restore, at the backup's schema level). */
export const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;

/** The migration files in order, with the checksum the ledger records. */
export function readMigrations(
  dir = MIGRATIONS_DIR,
): Array<{ name: string; checksum: string; script: string }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      const script = readFileSync(path.join(dir, name), 'utf8');
      return { name, checksum: createHash('sha256').update(script).digest('hex'), script };
    });
}

/**
 * Applies plain-SQL migrations in file-name order, forward only. Each file runs once, in its own
 * transaction, and is recorded with its checksum so an edited, already-applied file is caught.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  // Under the same lock as the files: two instances creating the table at once on a new PostgreSQL
  // database can collide in the catalogue even with IF NOT EXISTS.
  await database.exec(`BEGIN;\nSELECT pg_advisory_xact_lock(727274);\n${LEDGER_DDL};\nCOMMIT;`);
  const { rows } = await sql<{
    name: string;
    checksum: string;
  }>`SELECT name, checksum FROM schema_migrations`.execute(database.db);
  const applied = new Map(rows.map((r) => [r.name, r.checksum]));
  const done: string[] = [];
  for (const { name: file, script, checksum } of readMigrations(dir)) {
    const previous = applied.get(file);
    if (previous) {
      if (previous !== checksum)
        throw new Error(`migration ${file} was edited after it was applied; add a new migration instead`);
      continue;
    }
    const name = file.replace(/'/g, "''");
    try {
      // The advisory lock serialises instances starting together on one PostgreSQL.
      await database.exec(
        `BEGIN;\nSELECT pg_advisory_xact_lock(727274);\n${script}\n;INSERT INTO schema_migrations (name, checksum) VALUES ('${name}', '${checksum}');\nCOMMIT;`,
      );
    } catch (e) {
      const again = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM schema_migrations WHERE name = ${file}`.execute(database.db);
      if (again.rows[0]?.n) continue; // another instance applied it meanwhile
      throw new Error(`migration ${file} failed: ${(e as Error).message}`);
    }
    done.push(file);
  }
  return done;
}
