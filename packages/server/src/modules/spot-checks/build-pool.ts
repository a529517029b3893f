import type { Kysely } from 'kysely';
import type { DrawPool, DrawTarget, HighRiskReason } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { SpotCheckPoolFilter } from '../../db/schema-spot-checks.ts';
import { validation } from '../../errors.ts';
import { conflictsOf, POOL_LIMIT, poolTargets, usersByIds } from './repo.ts';
import { poolFacts } from './pool-facts-repo.ts';
import { mayPool } from './eligibility.ts';

/**
 * The pool a plan freezes at commit: the registry's targets matching its filters now (in the
 * author's scope), each with its grade, its high-risk reasons and the enterprises involved; and
 * the inspector pool with jurisdictions and declared conflicts. Only what the draw needs and the
 * public may see: names, division codes, ids — no addresses, phones or certificate numbers.
 */
export async function buildPool(
  db: Kysely<DB>,
  actor: Actor,
  plan: {
    kind: 'routine' | 'cross';
    region_code: string;
    pool_filter: SpotCheckPoolFilter;
    inspector_ids: string[];
  },
): Promise<{ pool: DrawPool; gradesAvailable: boolean }> {
  // Never wider than the plan's own jurisdiction, whoever commits it.
  const rows = await poolTargets(db, actor, {
    ...plan.pool_filter,
    regionCode: plan.pool_filter.regionCode || plan.region_code,
  });
  for (const kind of ['enterprise', 'project'] as const)
    if (rows.filter((r) => r.kind === kind).length > POOL_LIMIT)
      throw validation(
        'poolFilter',
        `More than ${POOL_LIMIT} ${kind}s match: narrow the pool (region, industry, type)`,
      );
  if (!rows.length) throw validation('poolFilter', 'No enterprise or project matches the pool filters');
  const facts = await poolFacts(
    db,
    rows.map((r) => ({ kind: r.kind, id: r.id })),
    [...new Set(rows.flatMap((r) => r.enterprise_ids))],
  );
  const targets: DrawTarget[] = rows.map((r) => {
    const grade = facts.grades.get(`${r.kind}:${r.id}`) ?? null;
    const highRisk: HighRiskReason[] = [];
    if (r.red) highRisk.push('red_risk');
    if (r.key_source) highRisk.push('key_risk_source');
    if (grade === 'C') highRisk.push('grade_c');
    if (r.enterprise_ids.some((e) => facts.creditListed.has(e))) highRisk.push('credit_list');
    return {
      kind: r.kind,
      id: r.id,
      name: r.name,
      regionCode: r.region_code,
      grade,
      highRisk,
      enterpriseIds: r.enterprise_ids,
    };
  });
  const users = (await usersByIds(db, plan.inspector_ids)).filter((u) => mayPool(actor, plan.kind, u));
  if (users.length < 2)
    throw validation('inspectorIds', 'Fewer than two of the pooled inspectors are still active');
  const conflicts = await conflictsOf(
    db,
    users.map((u) => u.id),
  );
  return {
    pool: {
      targets,
      inspectors: users.map((u) => ({
        id: u.id,
        name: u.display_name,
        regionCode: u.region_code,
        enterpriseId: u.enterprise_id,
        conflicts: conflicts.get(u.id) ?? [],
      })),
    },
    gradesAvailable: facts.gradesAvailable,
  };
}
