import type { Static } from '@sinclair/typebox';
import type { AlarmRuleBody } from '@redline/contracts';
import { validateRule, type AlarmRule } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { activateRuleVersion, lastRuleVersion, lockRules } from './rules-repo.ts';
import { notifyLive } from './live-repo.ts';

/**
 * A new version of a rule from the console: numbered after the last one, checked by the domain,
 * made the active one (earlier alarms keep their version), audited; every instance reloads its
 * rules on commit. Answers the new version number.
 */
export async function addRuleVersion(
  db: Db,
  actor: Actor,
  code: string,
  body: Static<typeof AlarmRuleBody>,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    await lockRules(trx);
    const last = await lastRuleVersion(trx, code);
    const rule = { ...body, code, version: last + 1 } as AlarmRule;
    const checked = validateRule(rule);
    if (!checked.ok) throw new AppError('VALIDATION', checked.message, checked.field);
    await activateRuleVersion(trx, rule, 'edited', actor.userId);
    await appendAudit(trx, {
      actor,
      action: 'alarm_rule.version',
      subjectType: 'alarm_rule',
      subjectId: `${code}@${rule.version}`,
      regionCode: actor.regionCode,
      after: rule,
      details: { code, version: rule.version },
    });
    await notifyLive(trx, 'R');
    return rule.version;
  });
}
