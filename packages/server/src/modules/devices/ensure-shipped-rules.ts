import type { AlarmRule } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { readShippedRules } from './rules.ts';
import { activateRuleVersion, lockRules, storedRuleVersions } from './rules-repo.ts';
import { notifyLive } from './live-repo.ts';

/** Inserts shipped rule versions the database does not have yet and activates them when they are newer. */
export async function ensureShippedRules(db: Db, rules: AlarmRule[] = readShippedRules()): Promise<number> {
  let added = 0;
  await inTransaction(db, async (trx) => {
    await lockRules(trx);
    for (const rule of rules) {
      const existing = await storedRuleVersions(trx, rule.code);
      if (existing.some((r) => r.version >= rule.version)) continue;
      await activateRuleVersion(trx, rule, 'shipped', null);
      added++;
    }
    if (added) await notifyLive(trx, 'R');
  });
  return added;
}
