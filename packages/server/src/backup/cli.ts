import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { openDatabase, redactUrl } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { createBackup } from './backup.ts';
import { backupError, configuredKey } from './format.ts';
import { restoreBackup } from './restore.ts';
import { elapsedMs } from '../clock.ts';

export const BACKUP_USAGE = `  backup --out DIR [--include-key]           back up the database and stored files into a new directory
                                            (DIR, or a dated one inside DIR when it exists); embedded: stop the server first
  restore --from DIR [--force]              restore a backup into an empty database and DATA_DIR (--force replaces them);
                                            needs the backup's key (SECRET_KEY or DATA_DIR/secret.key)`;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** `redline backup`: exit 0 done, 2 refused (message on stderr). */
export async function backupCommand(args: string[], config: Config): Promise<number> {
  return refusals(async () => {
    const { values } = parseArgs({
      args,
      options: { out: { type: 'string' }, 'include-key': { type: 'boolean' } },
    });
    if (!values.out) throw backupError('VALIDATION', '--out DIR is required: where to write the backup');
    const embedded = !config.DATABASE_URL;
    const pgdata = path.join(config.dataDir, 'pgdata');
    if (embedded && !(existsSync(pgdata) && readdirSync(pgdata).length))
      throw backupError(
        'NOT_FOUND',
        `There is no embedded database in ${config.dataDir} (DATA_DIR) to back up`,
        404,
      );
    const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 1 });
    try {
      const ledger = await sql<{
        t: string | null;
      }>`SELECT to_regclass('schema_migrations')::text AS t`.execute(database.db);
      if (!ledger.rows[0]?.t)
        throw backupError(
          'NOT_FOUND',
          'The database has no Redline schema (no schema_migrations): nothing to back up',
          404,
        );
      const started = elapsedMs();
      console.log(
        `backing up ${embedded ? `the embedded database in ${config.dataDir}` : redactUrl(config.DATABASE_URL!)}…`,
      );
      const { dir, manifest, warnings } = await createBackup({
        db: database.db,
        engine: database.kind,
        dataDir: config.dataDir,
        key: configuredKey(config.SECRET_KEY, config.dataDir),
        out: values.out,
        includeKey: values['include-key'],
      });
      for (const w of warnings) console.error(`warning: ${w}`);
      const rows = manifest.tables.reduce((s, t) => s + t.rows, 0);
      const tableBytes = manifest.tables.reduce((s, t) => s + t.bytes, 0);
      console.log(
        `backup written to ${dir}
  schema: ${manifest.migrations.at(-1)?.name ?? '(none)'}; ${manifest.tables.length} tables, ${rows} rows (${mb(tableBytes)} compressed)
  files: ${manifest.files.count} (${mb(manifest.files.bytes)})${manifest.missingFiles.length ? `, ${manifest.missingFiles.length} missing` : ''}
  audit chains: ${manifest.auditHeads.length}
  key fingerprint: ${manifest.key.fingerprint}${manifest.key.included ? ' (key INCLUDED in the backup)' : ' — the key is not in the backup: keep SECRET_KEY / DATA_DIR/secret.key safe separately, restore needs it'}
  took ${((elapsedMs() - started) / 1000).toFixed(1)} s`,
      );
      return 0;
    } finally {
      await database.close();
    }
  });
}

/** `redline restore`: exit 0 restored and verified, 1 restored but the audit chains do not verify, 2 refused. */
export async function restoreCommand(args: string[], config: Config): Promise<number> {
  return refusals(async () => {
    const { values } = parseArgs({ args, options: { from: { type: 'string' }, force: { type: 'boolean' } } });
    if (!values.from) throw backupError('VALIDATION', '--from DIR is required: the backup directory');
    const started = elapsedMs();
    const r = await restoreBackup({
      from: values.from,
      databaseUrl: config.DATABASE_URL,
      dataDir: config.dataDir,
      secretKey: config.SECRET_KEY,
      force: values.force,
      log: (line) => console.log(line),
    });
    if (r.keySource === 'backup')
      console.log(
        `the key came from the backup and was written to ${path.join(config.dataDir, 'secret.key')}`,
      );
    if (r.replacedTo) console.log(`the previous embedded database was moved to ${r.replacedTo}`);
    const broken = r.chains.filter((c) => !c.ok);
    console.log(
      `restored ${r.rows} rows in ${r.manifest.tables.length} tables and ${r.files} files from the backup of ${r.manifest.createdAt} (${r.manifest.engine})
  migrations applied after loading: ${r.migratedForward.length ? r.migratedForward.join(', ') : 'none (same schema level)'}
  audit chains: ${r.chains.length - broken.length} of ${r.chains.length} verify${r.headMismatches.length ? `; heads differing from the backup's: ${r.headMismatches.join(', ')}` : ''}
  took ${((elapsedMs() - started) / 1000).toFixed(1)} s`,
    );
    if (r.manifest.missingFiles.length)
      console.error(
        `warning: ${r.manifest.missingFiles.length} file(s) were already missing when the backup was made`,
      );
    for (const c of broken) console.error(`audit chain ${c.chain}: ${c.problem?.message}`);
    return broken.length || r.headMismatches.length ? 1 : 0;
  });
}

/** Expected refusals print `error CODE: message` and exit 2; anything else is a crash (exit 1). */
async function refusals(fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError) {
      console.error(`error ${e.code}: ${e.message}`);
      return 2;
    }
    if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`error VALIDATION: ${(e as Error).message}`);
      return 2;
    }
    throw e;
  }
}
