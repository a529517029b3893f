import type { Kysely } from 'kysely';
import type { HazardStats } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { hazardFigureRows, type FigureQuery } from './stats-repo.ts';
import { statsOf } from './presenters.ts';

/**
 * Rectification rate (closed / found, overall and on time), overdue and open major hazards of the
 * actor's hazards — total, and grouped when asked. Counted in SQL (stats-repo.ts).
 */
export async function hazardStats(
  db: Kysely<DB>,
  actor: Actor,
  q: FigureQuery,
  now: Date,
  timeZone: string,
): Promise<HazardStats> {
  return statsOf(await hazardFigureRows(db, actor, q, now, timeZone), q.groupBy ?? null, now);
}
