import {
  canonicalRules,
  type DrawOutcome,
  type DrawPool,
  type DrawRules,
  type PublishedDraw,
} from '@redline/domain';
import { iso } from '../../db/paging.ts';
import type { publishedPlanRow } from './public-repo.ts';

type Row = NonNullable<Awaited<ReturnType<typeof publishedPlanRow>>>;

/**
 * The published file of a plan (`redline.draw/1`): the frozen pool and rules and the commitment
 * from the commit on; the seed and the draw's result once revealed (before, the assignment is not
 * public). `redline draw-verify` and the public page recompute the draw from it.
 */
export function publishedDraw(r: Row): PublishedDraw {
  const revealed = r.status === 'revealed';
  const result = r.result as DrawOutcome | null;
  return {
    format: 'redline.draw/1',
    plan: {
      id: r.id,
      title: r.title,
      authority: r.authority_name,
      regionCode: r.region_code,
      kind: r.kind,
      periodStart: r.period_start,
      periodEnd: r.period_end,
    },
    commitment: r.commitment!,
    committedAt: iso(r.committed_at!),
    pool: r.pool as DrawPool,
    rules: canonicalRules(r.rules as DrawRules),
    seed: revealed ? r.seed : null,
    result:
      revealed && result ? { digest: result.digest, tasks: result.tasks, unstaffed: result.unstaffed } : null,
  };
}
