import { lastClosedPeriod } from '@redline/domain';
import type { Job } from '../../jobs/scheduler.ts';
import type { Deps } from '../../http/context.ts';
import { dueScheduled } from './repo.ts';
import { generateReport } from './generate-report.ts';

/**
 * At most this many reports per run (each is a PDF and a workbook, about a second of CPU and, on
 * PGlite, of the only connection); the rest wait for the next run, a quarter of an hour later.
 */
export const REPORTS_PER_RUN = 2;

function closedPeriods(today: string) {
  return (['month', 'quarter', 'year'] as const).map((kind) => {
    const span = lastClosedPeriod(kind, today);
    return { kind, start: span.start, period: span.period };
  });
}

/**
 * Generates, for the jurisdiction of every active leader, the report of the last closed month,
 * quarter and year, once: a report the job made is unique per (jurisdiction, kind, period) — a
 * partial unique index, so two instances racing produce one and the loser's transaction rolls back
 * (its number with it). Rendering happens after the job's locked transaction (which only counts
 * what is due), one transaction per report, so no connection is held while PDFs are drawn.
 */
export const periodicReportsJob: Job = {
  name: 'periodic-reports',
  everyMs: 15 * 60_000,
  async run(trx, deps) {
    const due = await dueScheduled(trx, closedPeriods(deps.today()), REPORTS_PER_RUN);
    return `${due.length} report(s) due`;
  },
  async afterCommit(deps: Deps) {
    const periods = closedPeriods(deps.today());
    const due = await dueScheduled(deps.database.db, periods, REPORTS_PER_RUN);
    const made: string[] = [];
    const failed: string[] = [];
    for (const d of due) {
      const period = periods.find((p) => p.kind === d.kind && p.start === d.period_start)!.period;
      try {
        const r = await generateReport(
          deps,
          { system: 'periodic-reports' },
          { regionCode: d.region_code, kind: d.kind, period },
        );
        made.push(r.number);
      } catch (e) {
        failed.push(`${d.region_code} ${period}: ${(e as Error).message}`);
      }
    }
    return `generated ${made.length}${made.length ? ` (${made.join(', ')})` : ''}${failed.length ? `; failed ${failed.join('; ')}` : ''}`;
  },
};
