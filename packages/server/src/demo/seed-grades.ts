import { addDays } from '@redline/domain';
import { readMeta } from '../db/app-meta.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Deps } from '../http/context.ts';
import { toActor } from '../auth/actor.ts';
import { listEnterprise } from '../modules/credit/list-enterprise.ts';
import { recomputeById } from '../modules/grading/compute-grade.ts';
import { overrideGrade } from '../modules/grading/override-grade.ts';
import { activeModel, allTargets, countGrades, setMeta, takeDirty } from '../modules/grading/repo.ts';
import { NIGHTLY_KEY } from '../modules/grading/jobs.ts';
import { demoGradingPicks } from './seed-grades-repo.ts';

/**
 * Grades for the demo world (issue 14), after its history (inspections, hazards, alarms) is seeded:
 * one enterprise of Jinshan on the serious untrustworthy list (listed 200 days ago, so early removal
 * is still refused and the page names the date), every enterprise and project graded through the
 * grading use case, and one override by the Jinshan leader on the anchor project. Idempotent
 * (app_meta `demo_grades`); runs only on a demo database.
 */
export interface DemoGrades {
  graded: number;
  counts: Record<'A' | 'B' | 'C', number>;
  listedEnterpriseId: string | null;
  overriddenProjectId: string | null;
}

type SeedDeps = Pick<Deps, 'config' | 'database' | 'now' | 'today'>;

export async function seedDemoGrades(deps: SeedDeps): Promise<DemoGrades | null> {
  const db = deps.database.db;
  const done = await readMeta<DemoGrades>(db, 'demo_grades');
  if (done) return done;
  const demo = await readMeta<{ scenario: { enterpriseId: string; projectId: string } }>(db, 'demo');
  if (!demo) return null;
  const picks = await demoGradingPicks(db, 'jinshan.leader', demo.scenario.enterpriseId, '310116');
  if (!picks.leader) return null;
  const leader = toActor(picks.leader);
  const today = deps.today();
  let listedEnterpriseId: string | null = null;
  if (picks.enterprise) {
    await listEnterprise(db, deps, leader, {
      enterpriseId: picks.enterprise.id,
      conditionCode: 'concealed_accident',
      conditionText: '发生一般生产安全事故后迟报，经调查属实（演示数据）',
      decisionNo: '金应急信〔2026〕1号',
      startsOn: addDays(today, -200),
    });
    listedEnterpriseId = picks.enterprise.id;
  }
  // Everything is graded below; the marks the seeding left are covered by it.
  await inTransaction(db, async (trx) => {
    while ((await takeDirty(trx, 1000)).length > 0);
  });
  const targets = await allTargets(db);
  const { model } = await activeModel(db);
  for (let i = 0; i < targets.length; i += 100)
    await inTransaction(db, async (trx) => {
      for (const t of targets.slice(i, i + 100)) await recomputeById(trx, deps, t.kind, t.id, 'demo', model);
    });
  // Today's grades are fresh: the nightly run need not repeat them before tomorrow.
  await setMeta(db, NIGHTLY_KEY, today, deps.now());
  let overriddenProjectId: string | null = null;
  if (demo.scenario.projectId) {
    await overrideGrade(db, deps, leader, 'project', demo.scenario.projectId, {
      grade: 'B',
      reason: '近期塔吊顶升作业集中，专项检查前按B级加强指导（演示数据）',
      expiresOn: addDays(today, 90),
    });
    overriddenProjectId = demo.scenario.projectId;
  }
  const summary: DemoGrades = {
    graded: targets.length,
    counts: await countGrades(db),
    listedEnterpriseId,
    overriddenProjectId,
  };
  await db
    .insertInto('app_meta')
    .values({ key: 'demo_grades', value: JSON.stringify(summary) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return summary;
}
