import { sql } from 'kysely';
import type { AlarmRule, RuleState } from '@redline/domain';
import type { Db } from '../../db/database.ts';

/** Queries of alarm rules (every version kept, one active per code) and the rule engine's per-device state. */

const RULES_LOCK = 727275;

const rows = (db: Db) =>
  db
    .selectFrom('alarm_rules as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .selectAll('r')
    .select('u.display_name');

/** A rule version with the name of who added it (presenters.ruleView). */
export type RuleRow = Awaited<ReturnType<ReturnType<typeof rows>['executeTakeFirstOrThrow']>>;

export async function activeRuleRows(db: Db): Promise<RuleRow[]> {
  return rows(db).where('r.active', '=', true).orderBy('r.code').execute();
}

/** Every version of one rule, newest first. */
export async function ruleVersions(db: Db, code: string): Promise<RuleRow[]> {
  return rows(db).where('r.code', '=', code).orderBy('r.version', 'desc').execute();
}

export async function ruleVersion(db: Db, code: string, version: number): Promise<RuleRow> {
  return rows(db).where('r.code', '=', code).where('r.version', '=', version).executeTakeFirstOrThrow();
}

/** Rule changes (console edits, shipped versions) one at a time, to the end of the transaction. */
export async function lockRules(trx: Db) {
  await sql`SELECT pg_advisory_xact_lock(${sql.lit(RULES_LOCK)})`.execute(trx);
}

export async function lastRuleVersion(trx: Db, code: string): Promise<number> {
  const last = await trx
    .selectFrom('alarm_rules')
    .select(sql<number>`coalesce(max(version), 0)::int`.as('v'))
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return last.v;
}

export async function storedRuleVersions(trx: Db, code: string) {
  return trx
    .selectFrom('alarm_rules')
    .select(['version', 'active'])
    .where('code', '=', code)
    .orderBy('version', 'desc')
    .execute();
}

/** Adds a version of a rule and makes it the active one. */
export async function activateRuleVersion(
  trx: Db,
  rule: AlarmRule,
  source: 'shipped' | 'edited',
  createdBy: string | null,
) {
  await trx
    .updateTable('alarm_rules')
    .set({ active: false })
    .where('code', '=', rule.code)
    .where('active', '=', true)
    .execute();
  await trx
    .insertInto('alarm_rules')
    .values({
      code: rule.code,
      version: rule.version,
      definition: JSON.stringify(rule),
      active: true,
      source,
      created_by: createdBy,
    })
    .execute();
}

export async function activeRuleDefinitions(db: Db) {
  return db
    .selectFrom('alarm_rules')
    .select(['code', 'version', 'definition'])
    .where('active', '=', true)
    .orderBy('code')
    .execute();
}

/** The rule states of these devices (every rule). */
export async function ruleStatesOf(trx: Db, deviceIds: string[]) {
  return trx
    .selectFrom('device_rule_states')
    .select(['device_id', 'rule_code', 'state'])
    .where('device_id', 'in', deviceIds)
    .execute();
}

/** The states of one rule for these devices. */
export async function ruleStatesFor(trx: Db, ruleCode: string, deviceIds: string[]) {
  return trx
    .selectFrom('device_rule_states')
    .select(['device_id', 'state'])
    .where('rule_code', '=', ruleCode)
    .where('device_id', 'in', deviceIds)
    .execute();
}

/** A changed rule state: d = device id, r = rule code, s = state. */
export interface DirtyRuleState {
  d: string;
  r: string;
  s: RuleState;
}

/** Writes changed rule states in one statement. */
export async function upsertRuleStates(trx: Db, dirty: DirtyRuleState[]) {
  await sql`
    INSERT INTO device_rule_states (device_id, rule_code, state, updated_at)
    SELECT d, r, s, now() FROM json_to_recordset(${JSON.stringify(dirty)}::json) AS x(d uuid, r text, s jsonb)
    ON CONFLICT (device_id, rule_code) DO UPDATE SET state = excluded.state, updated_at = now()`.execute(trx);
}
