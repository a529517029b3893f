import type { PGlite } from '@electric-sql/pglite';

/**
 * Makes one PGlite instance look like a `pg` Pool to Kysely's PostgresDialect.
 * PGlite is a single connection, so connections are handed out one at a time: a transaction
 * owns the database until it releases it. Code inside a transaction must use that transaction.
 */
export class PGlitePool {
  private queue: Array<() => void> = [];
  private busy = false;

  constructor(private readonly db: PGlite) {}

  async connect() {
    if (this.busy) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.busy = true;
    let released = false;
    return {
      query: async (sql: string, params: readonly unknown[] = []) => {
        const res = await this.db.query(sql, params as unknown[], { rowMode: 'object' });
        return {
          rows: res.rows,
          rowCount: res.affectedRows ?? res.rows.length,
          command: sql.trimStart().slice(0, 6).toUpperCase(),
        };
      },
      release: () => {
        if (released) return;
        released = true;
        const next = this.queue.shift();
        if (next) next();
        else this.busy = false;
      },
    };
  }

  async end() {}
}
