import type { PublicNotices } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import { iso } from '../../db/paging.ts';
import { notFound } from '../../errors.ts';
import type { SpotCheckItem } from '../../db/schema-spot-checks.ts';
import { publicAuthority, publicFinishedTasks, publicPlans } from './public-repo.ts';

/**
 * The four notices of an authority (national portals' 抽查事项清单, 抽查计划, 抽查任务, 抽查结果).
 * A task is published once its inspection is finished (who inspected whom, when); its result says
 * whether problems were found and how many are rectified.
 */
export async function publicNotices(db: Db, authorityId: string, timeZone: string): Promise<PublicNotices> {
  const a = await publicAuthority(db, authorityId);
  if (!a) throw notFound('Authority');
  const plans = await publicPlans(db, authorityId);
  const tasks = await publicFinishedTasks(db, authorityId, timeZone);
  const seen = new Set<string>();
  const items: PublicNotices['items'] = [];
  for (const p of plans)
    for (const i of p.items as SpotCheckItem[]) {
      const k = `${p.id}\u0000${i.title}`;
      if (seen.has(k)) continue;
      seen.add(k);
      items.push({ planId: p.id, title: i.title, basis: i.basis });
    }
  return {
    authority: {
      id: a.id,
      name: a.name,
      regionCode: a.region_code,
      regionName: a.region_name,
      plans: plans.length,
    },
    items,
    plans: plans.map((p) => ({
      id: p.id,
      title: p.title,
      kind: p.kind,
      status: p.status,
      periodStart: p.period_start,
      periodEnd: p.period_end,
      targets: p.targets ?? 0,
      drawn: p.status === 'revealed' ? p.drawn : null,
      commitment: p.commitment!,
      committedAt: iso(p.committed_at!),
      drawnAt: p.drawn_at ? iso(p.drawn_at) : null,
      revealedAt: p.revealed_at ? iso(p.revealed_at) : null,
    })),
    tasks: tasks.map((t) => ({
      planId: t.plan_id,
      targetName: t.target_name,
      regionName: t.region_name,
      officers: t.officers,
      inspectedOn: t.inspected_on,
    })),
    results: tasks.map((t) => ({
      planId: t.plan_id,
      targetName: t.target_name,
      inspectedOn: t.inspected_on,
      outcome: t.problems > 0 ? ('problems_found' as const) : ('no_problems' as const),
      problems: t.problems,
      rectified: t.rectified,
    })),
  };
}
