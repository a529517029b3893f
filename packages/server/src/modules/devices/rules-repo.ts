import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { AlarmRule, RuleState } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';

/**
 * Queries of alarm rules (every version kept; one version in force per code and scope — '' national,
 * or the province / city / district code of an override) and the rule engine's per-device state.
 */

const RULES_LOCK = 727275;

const rows = (db: Db) =>
  db
    .selectFrom('alarm_rules as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .leftJoin('regions as g', 'g.code', 'r.region_code')
    .selectAll('r')
    .select(['u.display_name', 'g.name_zh as region_name']);

/** A rule version with the name of who added it and of its scope's region (presenters.ruleView). */
export type RuleRow = Awaited<ReturnType<ReturnType<typeof rows>['executeTakeFirstOrThrow']>>;

/**
 * Versions a regulator of `regionCode` may see: the national ones, overrides of the jurisdictions
 * above theirs (they apply there) and of their own and those below it. Another province's overrides
 * stay out of sight.
 */
const visibleTo =
  (regionCode: string) =>
  (eb: ExpressionBuilder<DB & { r: DB['alarm_rules'] }, 'r'>): Expression<SqlBool> =>
    regionCode === ''
      ? sql<SqlBool>`true`
      : eb.or([
          eb('r.region_code', '=', ''),
          sql<SqlBool>`${regionCode} LIKE r.region_code || '%'`,
          eb('r.region_code', 'like', `${regionCode}%`),
        ]);

/** The versions in force (national and every visible override), by code then scope. */
export async function activeRuleRows(db: Db, regionCode: string): Promise<RuleRow[]> {
  return rows(db)
    .where('r.active', '=', true)
    .where(visibleTo(regionCode))
    .orderBy('r.code')
    .orderBy('r.region_code')
    .execute();
}

/** Every visible version of one rule, newest first. */
export async function ruleVersions(db: Db, code: string, regionCode: string): Promise<RuleRow[]> {
  return rows(db)
    .where('r.code', '=', code)
    .where(visibleTo(regionCode))
    .orderBy('r.version', 'desc')
    .execute();
}

/** The version in force of a rule in one scope, if any. */
export async function activeVersionIn(db: Db, code: string, scope: string) {
  return db
    .selectFrom('alarm_rules')
    .select(['version', 'definition', 'project_stages'])
    .where('code', '=', code)
    .where('region_code', '=', scope)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** Does the rule exist at all (any scope)? */
export async function ruleExists(db: Db, code: string): Promise<boolean> {
  const r = await db.selectFrom('alarm_rules').select('code').where('code', '=', code).executeTakeFirst();
  return !!r;
}

/** Takes an override out of force (its versions stay); the scope falls back to the one above. */
export async function retireScope(trx: Db, code: string, scope: string): Promise<number | null> {
  const r = await trx
    .updateTable('alarm_rules')
    .set({ active: false })
    .where('code', '=', code)
    .where('region_code', '=', scope)
    .where('active', '=', true)
    .returning('version')
    .executeTakeFirst();
  return r?.version ?? null;
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

/** The national versions of a rule, newest first (the shipped file adds to these). */
export async function storedNationalVersions(trx: Db, code: string) {
  return trx
    .selectFrom('alarm_rules')
    .select(['version', 'active', 'definition'])
    .where('code', '=', code)
    .where('region_code', '=', '')
    .orderBy('version', 'desc')
    .execute();
}

/** Adds a version of a rule in a scope ('' national) and makes it the one in force there. */
export async function activateRuleVersion(
  trx: Db,
  rule: AlarmRule,
  source: 'shipped' | 'edited',
  createdBy: string | null,
  scope = '',
  projectStages: string[] | null = null,
) {
  await trx
    .updateTable('alarm_rules')
    .set({ active: false })
    .where('code', '=', rule.code)
    .where('region_code', '=', scope)
    .where('active', '=', true)
    .execute();
  await trx
    .insertInto('alarm_rules')
    .values({
      code: rule.code,
      version: rule.version,
      definition: JSON.stringify(rule),
      region_code: scope,
      active: true,
      source,
      created_by: createdBy,
      project_stages: projectStages,
    })
    .execute();
}

/** Every version in force, each with its scope (the ingest rule cache). */
export async function activeRuleDefinitions(db: Db) {
  return db
    .selectFrom('alarm_rules')
    .select(['code', 'version', 'definition', 'region_code', 'project_stages'])
    .where('active', '=', true)
    .orderBy('code')
    .orderBy('region_code')
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

/** Binds the version in force in a scope to project stages (null = every stage). */
export async function setActiveRuleStages(trx: Db, code: string, scope: string, stages: string[] | null) {
  await trx
    .updateTable('alarm_rules')
    .set({ project_stages: stages })
    .where('code', '=', code)
    .where('region_code', '=', scope)
    .where('active', '=', true)
    .execute();
}
