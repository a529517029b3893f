import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Deps } from '../http/context.ts';

/**
 * A small scheduler for periodic jobs that is safe with several stateless server instances on one
 * database: each run happens in a transaction that first takes pg_try_advisory_xact_lock on the
 * job's name, so only one instance runs a job at a time and the others skip that tick; the lock
 * ends with the transaction. Jobs must be idempotent (they record what they did, e.g. with unique
 * keys), because the next tick — on any instance — may look at the same rows again.
 *
 * (pg-boss is not installed in this workspace; this covers what the rectification deadlines need.
 * Tests call tick() directly.)
 */
export interface Job {
  name: string;
  everyMs: number;
  /** Does one bounded batch of work; returns a short summary for job_runs. */
  run(trx: Kysely<DB>, deps: Deps): Promise<string>;
  /**
   * Work after the run committed, outside its transaction — network calls that must hold no
   * database connection or lock (on PGlite a transaction holds the only connection). Its summary
   * is appended to the run's.
   */
  afterCommit?(deps: Deps): Promise<string>;
}

const jobs = new Map<string, Job>();

export function registerJob(job: Job) {
  jobs.set(job.name, job);
}

export interface TickResult {
  name: string;
  ran: boolean;
  message: string;
}

/** Runs each (or the named) job once, if no other instance is running it right now. */
export async function tick(deps: Deps, names?: string[]): Promise<TickResult[]> {
  const out: TickResult[] = [];
  for (const job of jobs.values()) {
    if (names && !names.includes(job.name)) continue;
    out.push(await runOnce(deps, job));
  }
  return out;
}

async function runOnce(deps: Deps, job: Job): Promise<TickResult> {
  const result = await runInTransaction(deps, job);
  if (result.ran && job.afterCommit) {
    const more = await job.afterCommit(deps).catch((e: Error) => `failed after commit: ${e.message}`);
    if (more) result.message += `; ${more}`;
  }
  return result;
}

async function runInTransaction(deps: Deps, job: Job): Promise<TickResult> {
  const started = deps.now();
  try {
    return await deps.database.db.transaction().execute(async (trx) => {
      const lock = await sql<{
        locked: boolean;
      }>`SELECT pg_try_advisory_xact_lock(hashtext(${`redline-job:${job.name}`})) AS locked`.execute(trx);
      if (!lock.rows[0]?.locked)
        return { name: job.name, ran: false, message: 'another instance is running it' };
      const message = await job.run(trx, deps);
      await trx
        .insertInto('job_runs')
        .values({
          name: job.name,
          last_started_at: started,
          last_finished_at: deps.now(),
          last_ok: true,
          last_message: message,
        })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({
            last_started_at: started,
            last_finished_at: deps.now(),
            last_ok: true,
            last_message: message,
          }),
        )
        .execute();
      return { name: job.name, ran: true, message };
    });
  } catch (e) {
    const message = (e as Error).message.slice(0, 500);
    await deps.database.db
      .insertInto('job_runs')
      .values({
        name: job.name,
        last_started_at: started,
        last_finished_at: deps.now(),
        last_ok: false,
        last_message: message,
      })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          last_started_at: started,
          last_finished_at: deps.now(),
          last_ok: false,
          last_message: message,
        }),
      )
      .execute()
      .catch(() => {});
    return { name: job.name, ran: false, message: `failed: ${message}` };
  }
}

/** Starts the timers (unref'd, so they never keep the process alive); returns a stop function. */
export function startScheduler(deps: Deps, log: (msg: string) => void = () => {}): { stop(): Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  for (const job of jobs.values()) {
    // A random first delay spreads instances that start together.
    const first = setTimeout(
      () => {
        const fire = () => {
          if (stopped) return;
          running = runOnce(deps, job).then(
            (r) => (r.ran || r.message.startsWith('failed')) && log(`job ${r.name}: ${r.message}`),
          );
        };
        fire();
        const every = setInterval(fire, job.everyMs);
        every.unref();
        timers.push(every);
      },
      2_000 + Math.floor(Math.random() * Math.min(job.everyMs, 30_000)),
    );
    first.unref();
    timers.push(first);
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await running.catch(() => {});
    },
  };
}
