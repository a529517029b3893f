import type {
  InspectorConflictView,
  SpotCheckPlanSummary,
  SpotCheckPlanView,
  SpotCheckTaskView,
} from '@redline/contracts';
import {
  FREQUENCY_RULE_ZH,
  canonicalRules,
  compareDates,
  type DrawOutcome,
  type DrawPool,
  type DrawRules,
} from '@redline/domain';
import { iso } from '../../db/paging.ts';
import type { SpotCheckItem, SpotCheckPoolFilter } from '../../db/schema-spot-checks.ts';
import type { ConflictRow } from './conflicts-repo.ts';
import type { PlanRow, TaskRow, inspectorsOf, publishedModules } from './repo.ts';

/** Rows → responses. A task is done when its inspection is finished, overdue when past due and not done. */

export function taskStatus(
  t: Pick<TaskRow, 'inspection_status' | 'due_on'>,
  today: string,
): SpotCheckTaskView['status'] {
  if (t.inspection_status === 'finished') return 'done';
  if (compareDates(today, t.due_on) > 0) return 'overdue';
  if (t.inspection_status && t.inspection_status !== 'cancelled') return 'in_progress';
  return 'due';
}

export function taskView(t: TaskRow, names: Map<string, string>, today: string): SpotCheckTaskView {
  return {
    id: t.id,
    planId: t.plan_id,
    planTitle: t.plan_title,
    kind: t.plan_kind,
    targetKind: t.target_kind,
    targetId: (t.enterprise_id ?? t.project_id)!,
    targetName: t.target_name,
    regionCode: t.region_code,
    regionName: t.region_name,
    basis: t.basis,
    reasons: t.reasons as SpotCheckTaskView['reasons'],
    inspectors: t.inspector_ids.map((id) => ({ id, name: names.get(id) ?? '' })),
    dueOn: t.due_on,
    status: taskStatus(t, today),
    inspectionId: t.inspection_status === 'cancelled' ? null : t.inspection_id,
    inspectionNumber: t.inspection_status === 'cancelled' ? null : t.inspection_number,
  };
}

export function countTasks(statuses: Array<SpotCheckTaskView['status']>) {
  return {
    due: statuses.filter((s) => s === 'due').length,
    inProgress: statuses.filter((s) => s === 'in_progress').length,
    done: statuses.filter((s) => s === 'done').length,
    overdue: statuses.filter((s) => s === 'overdue').length,
  };
}

export function planSummary(p: PlanRow, counts: SpotCheckPlanSummary['tasks']): SpotCheckPlanSummary {
  return {
    id: p.id,
    title: p.title,
    kind: p.kind,
    status: p.status,
    authorityName: p.authority_name,
    regionCode: p.region_code,
    periodStart: p.period_start,
    periodEnd: p.period_end,
    createdAt: iso(p.created_at),
    tasks: counts,
  };
}

const isoOrNull = (d: Date | string | null) => (d ? iso(d) : null);

export function planView(
  p: PlanRow,
  x: {
    tasks: SpotCheckTaskView[];
    inspectors: Awaited<ReturnType<typeof inspectorsOf>>;
    modules: Awaited<ReturnType<typeof publishedModules>>;
    gradesAvailable: boolean;
  },
): SpotCheckPlanView {
  const pool = p.pool as DrawPool | null;
  const result = p.result as DrawOutcome | null;
  const filter = p.pool_filter as SpotCheckPoolFilter;
  return {
    ...planSummary(p, countTasks(x.tasks.map((t) => t.status))),
    authorityId: p.authority_id,
    regionName: p.region_name,
    items: p.items as SpotCheckItem[],
    modules: x.modules.map((m) => ({ id: m.id, name: m.name_zh, library: m.library_name })),
    poolFilter: filter,
    inspectors: x.inspectors.map((u) => ({
      id: u.id,
      name: u.display_name,
      regionCode: u.region_code,
      regionName: u.region_name,
      licenceNo: u.licence_no,
    })),
    rules: canonicalRules(p.rules as DrawRules),
    frequencyRule: FREQUENCY_RULE_ZH,
    commitment: p.commitment,
    committedAt: isoOrNull(p.committed_at),
    drawnAt: isoOrNull(p.drawn_at),
    revealedAt: isoOrNull(p.revealed_at),
    seed: p.status === 'revealed' ? p.seed : null,
    poolSize: pool ? { targets: pool.targets.length, inspectors: pool.inspectors.length } : null,
    digest: result?.digest ?? null,
    groups: result?.groups ?? null,
    ungraded: result?.ungraded ?? null,
    unstaffed: result?.unstaffed ?? [],
    taskList: x.tasks,
    gradesAvailable: x.gradesAvailable,
  };
}

export function conflictView(c: ConflictRow): InspectorConflictView {
  return {
    id: c.id,
    userId: c.user_id,
    userName: c.user_name,
    targetKind: c.target_kind,
    targetId: (c.enterprise_id ?? c.project_id)!,
    targetName: c.target_name,
    reason: c.reason,
    declaredAt: iso(c.declared_at),
  };
}
