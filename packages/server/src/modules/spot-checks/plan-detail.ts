import type { SpotCheckPlanSummary, SpotCheckPlanView } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import {
  getPlan,
  inspectorsOf,
  planPage,
  publishedModules,
  taskStatesOf,
  tasksOfPlan,
  userNames,
} from './repo.ts';
import { gradesInstalled } from './pool-facts-repo.ts';
import { countTasks, planSummary, planView, taskStatus, taskView } from './presenters.ts';

/** A plan with its inspectors, modules and tasks (done / due / overdue as of today). */
export async function planDetail(
  db: Db,
  actor: Actor,
  id: string,
  today: string,
): Promise<SpotCheckPlanView> {
  const p = await getPlan(db, actor, id);
  if (!p) throw notFound('Spot-check plan');
  const tasks = await tasksOfPlan(db, id);
  const names = await userNames(db, [
    ...new Set([...tasks.flatMap((t) => t.inspector_ids), ...p.inspector_ids]),
  ]);
  return planView(p, {
    tasks: tasks.map((t) => taskView(t, names, today)),
    inspectors: await inspectorsOf(db, p.inspector_ids),
    modules: await publishedModules(db, p.module_ids),
    gradesAvailable: await gradesInstalled(db),
  });
}

/** A page of the plans of the actor's jurisdiction, newest first, with their task counts. */
export async function planList(
  db: Db,
  actor: Actor,
  q: { cursor?: string; pageSize?: number },
  today: string,
) {
  const page = await planPage(db, actor, q);
  const states = await taskStatesOf(
    db,
    page.items.map((p) => p.id),
  );
  const items: SpotCheckPlanSummary[] = page.items.map((p) =>
    planSummary(p, countTasks(states.filter((s) => s.plan_id === p.id).map((s) => taskStatus(s, today)))),
  );
  return { ...page, items };
}
