import type { SpotCheckPlanInput } from '@redline/contracts';
import {
  DEFAULT_PER_YEAR,
  HIGH_RISK_REASONS,
  MIN_DRAW_INSPECTORS,
  compareDates,
  isIsoDate,
  periodMonthsOf,
  type DrawRules,
} from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { insertPlan, publishedModules, usersByIds } from './repo.ts';
import { checkPoolInspector } from './eligibility.ts';

/**
 * A plan of the actor's authority for a period, as a draft: the spot-check item list, the
 * checklist modules, the pool's filters over the registry (the pool itself is frozen at commit),
 * the inspector pool and the rules (frequency by grade, inspectors per target, full coverage).
 */
export async function createPlan(
  db: Db,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  input: SpotCheckPlanInput,
): Promise<string> {
  if (!actor.authorityId)
    throw new AppError(
      'AUTHORITY_REQUIRED',
      'A spot-check plan is made by an authority: your account has none',
    );
  if (!input.title.trim()) throw validation('title', 'The plan needs a title');
  for (const f of ['periodStart', 'periodEnd'] as const)
    if (!isIsoDate(input[f])) throw validation(f, 'Not a calendar date (YYYY-MM-DD)');
  if (compareDates(input.periodEnd, input.periodStart) < 0)
    throw validation('periodEnd', 'The period ends before it starts');
  const periodMonths = periodMonthsOf(input.periodStart, input.periodEnd);
  if (periodMonths > 12) throw validation('periodEnd', 'A plan covers at most a year (12 months)');
  const region = input.poolFilter.regionCode ?? '';
  if (region && !region.startsWith(actor.regionCode))
    throw validation('poolFilter.regionCode', 'The pool must lie inside your jurisdiction');

  // modules: published checklists usable in the plan's jurisdiction
  const moduleIds = [...new Set([...input.moduleIds, ...input.items.flatMap((i) => i.moduleIds)])];
  if (!input.moduleIds.length)
    throw validation('moduleIds', 'Choose the checklist modules the inspections will use');
  const modules = await publishedModules(db, moduleIds);
  const usable = new Set(
    modules
      .filter(
        (m) =>
          m.status === 'published' &&
          (m.region_code === '' ||
            actor.regionCode.startsWith(m.region_code) ||
            m.region_code.startsWith(actor.regionCode)),
      )
      .map((m) => m.id),
  );
  const missing = moduleIds.find((id) => !usable.has(id));
  if (missing)
    throw validation('moduleIds', `Checklist module ${missing} is not a published module you may use`);

  // inspector pool: certified officers this plan may draw
  const inspectorIds = [...new Set(input.inspectorIds)];
  if (inspectorIds.length < MIN_DRAW_INSPECTORS)
    throw validation('inspectorIds', 'The inspector pool needs at least two officers');
  const users = new Map((await usersByIds(db, inspectorIds)).map((u) => [u.id, u]));
  inspectorIds.forEach((id, i) => checkPoolInspector(actor, input.kind, users.get(id), `inspectorIds.${i}`));

  const rules: DrawRules = {
    kind: input.kind,
    periodMonths,
    perYear: { ...DEFAULT_PER_YEAR, ...input.rules?.perYear },
    inspectorsPerTarget: input.rules?.inspectorsPerTarget ?? MIN_DRAW_INSPECTORS,
    fullCoverage: [...new Set(input.rules?.fullCoverage ?? HIGH_RISK_REASONS)],
  };
  if (rules.inspectorsPerTarget > inspectorIds.length)
    throw validation('rules.inspectorsPerTarget', 'More inspectors per target than in the pool');

  return inTransaction(db, async (trx) => {
    const id = await insertPlan(trx, {
      authority_id: actor.authorityId!,
      region_code: actor.regionCode,
      title: input.title.trim(),
      kind: input.kind,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      items: JSON.stringify(input.items),
      module_ids: input.moduleIds,
      pool_filter: JSON.stringify({
        targetKinds: [...new Set(input.poolFilter.targetKinds)],
        regionCode: region,
        industries: input.poolFilter.industries ?? [],
        projectTypes: input.poolFilter.projectTypes ?? [],
        enterpriseIds: input.poolFilter.enterpriseIds ?? [],
        projectIds: input.poolFilter.projectIds ?? [],
      }),
      inspector_ids: inspectorIds,
      rules: JSON.stringify(rules),
      created_by: actor.userId,
    });
    await appendAudit(trx, {
      actor,
      action: 'spot_check_plan.create',
      subjectType: 'spot_check_plan',
      subjectId: id,
      regionCode: actor.regionCode,
      after: { title: input.title, kind: input.kind, period: [input.periodStart, input.periodEnd], rules },
      at: deps.now(),
    });
    return id;
  });
}
