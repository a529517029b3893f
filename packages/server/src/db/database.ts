import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlitePool } from './pglite-pool.ts';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  /** LISTEN on a channel; returns an unsubscribe function. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PGlite only: the data dir as a tarball (the tests' template database; `loadDataDir` opens one). */
  dumpDataDir?(): Promise<Blob>;
}

// Dates stay 'YYYY-MM-DD' strings, counts and numerics become numbers: one shape on both engines.
const DATE = 1082;
const INT8 = 20;
const NUMERIC = 1700;
pg.types.setTypeParser(DATE, (v) => v);
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));

/**
 * The extensions the migrations create (0400: pg_trgm for the lists' text search). PGlite must load
 * them whenever it opens a data dir whose indexes use them (db/database.ts, backup/restore.ts).
 */
export const PGLITE_EXTENSIONS = { pg_trgm };

/** `postgres://…` → PostgreSQL; `memory://` → in-memory PGlite; otherwise PGlite on disk under dataDir. */
export async function openDatabase(opts: {
  url?: string;
  dataDir?: string;
  poolSize?: number;
  /** PGlite: start from this dumped data dir (dumpDataDir) instead of an empty one. */
  loadDataDir?: Blob;
}): Promise<Database> {
  if (opts.url && /^postgres(ql)?:\/\//.test(opts.url)) return openPostgres(opts.url, opts.poolSize ?? 8);
  const dir = opts.url === 'memory://' || !opts.dataDir ? undefined : path.join(opts.dataDir, 'pgdata');
  if (dir) mkdirSync(dir, { recursive: true });
  const lite = await PGlite.create(dir ?? 'memory://', {
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    extensions: PGLITE_EXTENSIONS,
    parsers: {
      [DATE]: (v: string) => v,
      [INT8]: (v: string) => Number(v),
      [NUMERIC]: (v: string) => Number(v),
    },
  });
  const pool = new PGlitePool(lite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as never }) });
  return {
    db,
    kind: 'pglite',
    exec: async (script) => {
      const conn = await pool.connect();
      try {
        await lite.exec(script);
      } catch (e) {
        await lite.exec('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        conn.release();
      }
    },
    listen: async (channel, onMessage) => lite.listen(channel, onMessage),
    close: async () => {
      await db.destroy();
      await lite.close();
    },
    dumpDataDir: () => lite.dumpDataDir('none'),
  };
}

/**
 * Session settings of every pooled connection, for an OLTP API on two cores (issue 13): no parallel
 * workers (a list or a figure is an index walk of a few pages; two workers per query made ten pooled
 * queries about thirty backends), and no JIT (it compiles for tens of milliseconds whenever a plan's
 * cost estimate is high, more than such a query runs). A maintenance command that wants them sets
 * them for its own transaction (SET LOCAL).
 */
const OLTP_SESSION = '-c max_parallel_workers_per_gather=0 -c jit=off';

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, options: OLTP_SESSION });
  // An idle client whose connection drops emits 'error' on the pool; unhandled, it would end the
  // process. The pool discards that client and the next query opens a new connection.
  pool.on('error', (e) => console.error(`database: idle connection lost (${e.message})`));
  // Fail fast with a clear message when the server is unreachable.
  const probe = await pool.connect().catch((e: Error) => {
    throw new Error(`cannot connect to DATABASE_URL (${redactUrl(url)}): ${e.message}`);
  });
  probe.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    exec: async (script) => {
      // One client for the whole script, so a failed BEGIN…COMMIT script is rolled back on it.
      const client = await pool.connect();
      try {
        await client.query(script);
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    listen: async (channel, onMessage) => {
      // A dedicated connection; when it drops, reconnect (every 2 s until it succeeds) so live
      // signals resume instead of silently stopping or crashing the process.
      let client: pg.PoolClient | undefined;
      let stopped = false;
      // Our listeners come off the client when it goes back to the pool: a pooled client that errors
      // later (say, its database is dropped) must not be released a second time by them.
      const detach = new WeakMap<pg.PoolClient, () => void>();
      const release = (c: pg.PoolClient, e?: Error) => {
        detach.get(c)?.();
        c.release(e);
      };
      const attach = async () => {
        const c = await pool.connect();
        const onNotification = (n: pg.Notification) => n.channel === channel && onMessage(n.payload ?? '');
        const onError = (e: Error) => {
          console.error(`database: LISTEN ${channel} connection lost (${e.message}); reconnecting`);
          if (client === c) client = undefined;
          release(c, e);
          retry();
        };
        c.on('notification', onNotification);
        c.on('error', onError);
        detach.set(c, () => {
          c.off('notification', onNotification);
          c.off('error', onError);
        });
        try {
          await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        } catch (e) {
          release(c, e as Error);
          throw e;
        }
        client = c;
      };
      const retry = () => {
        if (stopped) return;
        setTimeout(() => void attach().catch(retry), 2000).unref();
      };
      await attach(); // the first attempt fails loudly: a server that cannot LISTEN should not start
      return async () => {
        stopped = true;
        const c = client;
        client = undefined;
        if (!c) return;
        await c.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => {});
        release(c);
      };
    },
    close: async () => {
      await db.destroy();
    },
  };
}

export function redactUrl(url: string) {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

export { sql };
