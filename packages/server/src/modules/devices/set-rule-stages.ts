import { effectiveRuleVersion, type AlarmRule } from '@redline/domain';
import type { RuleStagesBody, RuleStagesView } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction } from '../../db/transaction.ts';
import { notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { scopeOf } from './add-rule-version.ts';
import {
  activateRuleVersion,
  activeRuleRows,
  activeVersionIn,
  lastRuleVersion,
  lockRules,
  setActiveRuleStages,
  type RuleRow,
} from './rules-repo.ts';
import { notifyLive } from './live-repo.ts';

const asRule = (d: unknown) => (typeof d === 'string' ? JSON.parse(d) : d) as AlarmRule;

/** Per rule, the version in force in the caller's jurisdiction and the stages it is bound to. */
export function stageBindings(inForce: readonly RuleRow[], regionCode: string): RuleStagesView[] {
  const codes = [...new Set(inForce.map((r) => r.code))].sort();
  return codes.flatMap((code) => {
    const v = effectiveRuleVersion(
      inForce.filter((r) => r.code === code).map((r) => ({ scope: r.region_code, r })),
      regionCode,
    )?.r;
    if (!v) return [];
    const def = asRule(v.definition);
    return [
      {
        code,
        name: def.name,
        version: v.version,
        scopeRegionCode: v.region_code,
        projectStages: (v.project_stages ?? null) as RuleStagesView['projectStages'],
      },
    ];
  });
}

/**
 * Binds a rule to project stages in the caller's own jurisdiction (ingest leaves it out while a
 * device's project is in another stage). When the jurisdiction has no version of its own, an
 * override is made: a copy of the version that applied there, with the binding. Audited.
 */
export async function setRuleStages(
  db: Db,
  actor: Actor,
  code: string,
  body: RuleStagesBody,
): Promise<RuleStagesView> {
  const scope = scopeOf(actor);
  return inTransaction(db, async (trx) => {
    await lockRules(trx);
    const own = await activeVersionIn(trx, code, scope);
    let before: string[] | null = null;
    if (own) {
      before = own.project_stages ?? null;
      await setActiveRuleStages(trx, code, scope, body.projectStages);
    } else {
      const applying = stageBindings(await activeRuleRows(trx, actor.regionCode), actor.regionCode).find(
        (r) => r.code === code,
      );
      if (!applying) throw notFound('Alarm rule');
      const source = (await activeRuleRows(trx, actor.regionCode)).find(
        (r) => r.code === code && r.region_code === applying.scopeRegionCode,
      )!;
      before = applying.projectStages;
      const version = (await lastRuleVersion(trx, code)) + 1;
      const rule = { ...asRule(source.definition), code, version };
      await activateRuleVersion(trx, rule, 'edited', actor.userId, scope, body.projectStages);
    }
    await appendAudit(trx, {
      actor,
      action: 'alarm_rule.stages',
      subjectType: 'alarm_rule',
      subjectId: code,
      regionCode: scope,
      before: { projectStages: before },
      after: { projectStages: body.projectStages },
      details: { code, scope },
    });
    await notifyLive(trx, 'R');
    const view = stageBindings(await activeRuleRows(trx, actor.regionCode), actor.regionCode).find(
      (r) => r.code === code,
    );
    if (!view) throw notFound('Alarm rule');
    return view;
  });
}
