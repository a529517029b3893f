import type { Static } from '@sinclair/typebox';
import type { AlarmRuleBody } from '@redline/contracts';
import { ruleScopeFor, validateRule, type AlarmRule } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import {
  activateRuleVersion,
  activeVersionIn,
  lastRuleVersion,
  lockRules,
  retireScope,
  ruleExists,
} from './rules-repo.ts';
import { notifyLive } from './live-repo.ts';

/** The scope a user's rule change applies in: their own jurisdiction, at a level rules are set at. */
export function scopeOf(actor: Actor): string {
  const s = ruleScopeFor({ role: actor.role, regionCode: actor.regionCode });
  if (!s.ok) throw new AppError('FORBIDDEN', s.message);
  return s.scope;
}

/**
 * A new version of a rule from the console, in force only inside its author's jurisdiction: a
 * national administrator changes the national default; a leader (or administrator) of a province,
 * city or district overrides the rule there and nowhere else — ingest judges a device by the most
 * specific version covering its region. Numbered after the rule's last version in any scope (so an
 * alarm's rule code and version name one version), checked by the domain, audited in the
 * jurisdiction it applies to; every instance reloads its rules on commit. Answers the version number.
 */
export async function addRuleVersion(
  db: Db,
  actor: Actor,
  code: string,
  body: Static<typeof AlarmRuleBody>,
): Promise<number> {
  const scope = scopeOf(actor);
  return inTransaction(db, async (trx) => {
    await lockRules(trx);
    const last = await lastRuleVersion(trx, code);
    if (!last && scope !== '') throw notFound('Alarm rule'); // overrides are of existing rules; new rules are national
    const rule = { ...body, code, version: last + 1 } as AlarmRule;
    const checked = validateRule(rule);
    if (!checked.ok) throw new AppError('VALIDATION', checked.message, checked.field);
    // a new version keeps the scope's stage binding (set with PUT /api/alarm-rules/:code/stages)
    const previous = await activeVersionIn(trx, code, scope);
    await activateRuleVersion(trx, rule, 'edited', actor.userId, scope, previous?.project_stages ?? null);
    await appendAudit(trx, {
      actor,
      action: 'alarm_rule.version',
      subjectType: 'alarm_rule',
      subjectId: `${code}@${rule.version}`,
      regionCode: scope,
      after: rule,
      details: { code, version: rule.version, scope },
    });
    await notifyLive(trx, 'R');
    return rule.version;
  });
}

/**
 * Takes the author's jurisdiction's override of a rule out of force (its versions stay on record);
 * the jurisdiction falls back to the version above it. The national default cannot be retired.
 */
export async function retireRuleOverride(db: Db, actor: Actor, code: string): Promise<void> {
  const scope = scopeOf(actor);
  if (scope === '')
    throw new AppError(
      'UNPROCESSABLE',
      'The national version of a rule cannot be retired; disable it instead',
    );
  await inTransaction(db, async (trx) => {
    await lockRules(trx);
    if (!(await ruleExists(trx, code))) throw notFound('Alarm rule');
    const version = await retireScope(trx, code, scope);
    if (version === null)
      throw new AppError('NOT_FOUND', 'Your jurisdiction has no override of this rule in force');
    await appendAudit(trx, {
      actor,
      action: 'alarm_rule.retire',
      subjectType: 'alarm_rule',
      subjectId: `${code}@${version}`,
      regionCode: scope,
      before: { version, active: true },
      after: { version, active: false },
      details: { code, version, scope },
    });
    await notifyLive(trx, 'R');
  });
}
