import type { AlarmRule } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { readShippedRules } from './rules.ts';
import { activateRuleVersion, lastRuleVersion, lockRules, storedNationalVersions } from './rules-repo.ts';
import { notifyLive } from './live-repo.ts';

/**
 * The shipped file holds the national defaults: a shipped version the database's national versions
 * do not reach yet is added nationally and put in force there (overrides of provinces, cities and
 * districts stay as they are). Version numbers are unique per code across scopes, so when an override
 * already took the file's number the national version takes the next free one.
 */
/** The file's version a stored national version stands for (its own number unless it had to move). */
const fileVersionOf = (r: { version: number; definition: unknown }) => {
  const d = (typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition) as {
    shippedVersion?: number;
  } | null;
  return d?.shippedVersion ?? r.version;
};

export async function ensureShippedRules(db: Db, rules: AlarmRule[] = readShippedRules()): Promise<number> {
  let added = 0;
  await inTransaction(db, async (trx) => {
    await lockRules(trx);
    for (const rule of rules) {
      const national = await storedNationalVersions(trx, rule.code);
      if (national.some((r) => fileVersionOf(r) >= rule.version)) continue;
      const version = Math.max(rule.version, (await lastRuleVersion(trx, rule.code)) + 1);
      const stored = version === rule.version ? rule : { ...rule, version, shippedVersion: rule.version };
      await activateRuleVersion(trx, stored, 'shipped', null, '');
      added++;
    }
    if (added) await notifyLive(trx, 'R');
  });
  return added;
}
