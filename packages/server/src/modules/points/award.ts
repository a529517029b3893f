import type { Kysely } from 'kysely';
import { applicableDeduction, pointsFor, type PointsEventCode } from '@redline/domain';
import { POINTS_EVENT_NAMES } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { appendAudit } from '../../audit/chain.ts';
import { appendEntry, lockAccount, rulesOf } from './repo.ts';

export interface Award {
  workerId: string;
  event: PointsEventCode;
  site: { id: string; region_code: string; enterprise_id: string | null; project_id: string | null };
  /** The record it comes from: the same record never earns twice for the same event. */
  source: { kind: string; id: string };
  reason: string;
}

/**
 * Points for an event by the rules of the site's project, else its enterprise, else the defaults — in
 * the caller's transaction. A deduction takes the balance to zero at most. Returns the points entered
 * (0 when nothing was: a repeated source, or a deduction from an empty balance).
 */
export async function awardPoints(
  trx: Kysely<DB>,
  actor: Actor | null,
  a: Award,
  now: Date,
): Promise<number> {
  const rules = await rulesOf(trx, a.site.enterprise_id, a.site.project_id);
  const balance = await lockAccount(trx, a.workerId, now);
  const points = applicableDeduction(balance, pointsFor(a.event, rules));
  if (points === 0) return 0;
  const entry = await appendEntry(trx, {
    worker_id: a.workerId,
    kind: 'earn',
    points,
    event: a.event,
    reason: `${POINTS_EVENT_NAMES[a.event]}：${a.reason}`.slice(0, 300),
    source_kind: a.source.kind,
    source_id: a.source.id,
    site_id: a.site.id,
    enterprise_id: a.site.enterprise_id,
    project_id: a.site.project_id,
    region_code: a.site.region_code,
    created_by: actor?.userId ?? null,
    created_at: now,
  });
  if (!entry) return 0;
  await appendAudit(trx, {
    actor: actor ?? { system: 'points' },
    action: 'points.earn',
    subjectType: 'points_entry',
    subjectId: entry.id,
    regionCode: a.site.region_code,
    details: { event: a.event, points, sourceKind: a.source.kind, sourceId: a.source.id },
    at: now,
  });
  return points;
}
