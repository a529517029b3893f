import type { Kysely } from 'kysely';
import type { HazardStats } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { hazardFigureRows, type FigureQuery, type StatsGroup } from './stats-repo.ts';
import { statsOf } from './presenters.ts';

/**
 * Rectification rate (closed / found, overall and on time), overdue and open major hazards of the
 * actor's hazards — total, and grouped when asked. Read from the hazard rollups (stats-repo.ts),
 * which the hazards' own triggers keep in every write's transaction: no scan of hazards per request.
 * `from` / `to` are found days in `timeZone` (the server's TIME_ZONE, which the rollups count in).
 */
export async function hazardStats(
  db: Kysely<DB>,
  actor: Actor,
  q: FigureQuery & { groupBy?: StatsGroup },
  now: Date,
  timeZone: string,
): Promise<HazardStats> {
  return statsOf(await hazardFigureRows(db, actor, q, now, timeZone), q.groupBy ?? null, now);
}
