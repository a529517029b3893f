import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from './actor.ts';

/**
 * The one place that decides which rows an actor may see. Every repository that reads a scoped
 * table adds `inScope(actor, kind, alias)` to its WHERE clause; a row outside the scope is then
 * indistinguishable from a missing one (the route answers 404 either way).
 *
 * Regulators see their region subtree (division-code prefix). An enterprise safety manager sees
 * their own enterprise, the projects it is a party to, and what belongs to those. A worker sees
 * only their own record and certificates.
 *
 * Each module says how its kinds are scoped in its access.ts (modules/<feature>/access.ts), installed
 * from modules/index.ts; this file only applies them.
 */
export type ScopedKind =
  'enterprise' | 'project' | 'site' | 'worker' | 'certificate' | 'equipment' | (string & {});

export type ScopeRule = {
  /** Rows of this kind belonging to enterprise E (the enterprise manager's view). */
  enterprise: (alias: string, enterpriseId: string) => RawBuilder<SqlBool>;
  /** Rows of this kind belonging to worker W; omitted = a worker sees none. */
  worker?: (alias: string, workerId: string) => RawBuilder<SqlBool>;
};

const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);
const rules = new Map<string, ScopeRule>();

/** Registers how a kind is scoped for enterprise managers and workers (regulators always use region_code). */
export function registerScope(kind: string, rule: ScopeRule) {
  rules.set(kind, rule);
}

const NOTHING = sql<SqlBool>`false`;

/**
 * Grants: rows an actor may see beyond their jurisdiction because they were assigned to them — the
 * inspectors of a cross-inspection see that inspection and its target (modules/inspections/access.ts).
 * A grant returns null when it gives nothing to this actor, so ordinary queries keep their plan.
 */
export type Grant = (alias: string, actor: Actor) => RawBuilder<SqlBool> | null;
const grants = new Map<string, Grant[]>();

export function registerGrant(kind: string, grant: Grant) {
  const list = grants.get(kind) ?? [];
  if (!list.includes(grant)) grants.set(kind, [...list, grant]); // installing twice adds nothing
}

/** Whether a kind has a scope rule (regulators' region scope needs none; the others do). */
export const hasScopeRule = (kind: string) => rules.has(kind);

export function inScope(
  actor: Actor,
  kind: ScopedKind,
  alias: string,
  match: RegionMatch = {},
): RawBuilder<SqlBool> {
  const base = baseScope(actor, kind, alias, match);
  const extra = (grants.get(kind) ?? [])
    .map((g) => g(alias, actor))
    .filter((g): g is RawBuilder<SqlBool> => g !== null);
  return extra.length ? sql<SqlBool>`(${base} OR ${sql.join(extra, sql` OR `)})` : base;
}

function baseScope(actor: Actor, kind: ScopedKind, alias: string, match: RegionMatch): RawBuilder<SqlBool> {
  switch (actor.role) {
    case 'admin':
    case 'leader':
    case 'inspector':
    case 'duty_officer':
      return inRegion(actor.regionCode, alias, 'region_code', match);
    case 'enterprise_manager': {
      const rule = rules.get(kind);
      if (!rule) throw new Error(`no scope rule for ${kind}`);
      return actor.enterpriseId ? rule.enterprise(alias, actor.enterpriseId) : NOTHING;
    }
    case 'worker': {
      const rule = rules.get(kind);
      if (!rule) throw new Error(`no scope rule for ${kind}`);
      return rule.worker && actor.workerId ? rule.worker(alias, actor.workerId) : NOTHING;
    }
  }
}

/**
 * Region-subtree filter on `alias.region_code`. For a province, city or county prefix (2, 4 or 6
 * digits) it says `left(code, n) = prefix` — the same rows as `code LIKE 'prefix%'` — which matches
 * the lists' expression indexes (migrations 0400, 0406: jurisdiction level, sort key, id), so "this
 * jurisdiction, ordered by X" is read off an index instead of sorting the whole subtree. It used to
 * add the LIKE as well; at 1M hazards the planner then ANDed the LIKE's whole-subtree bitmap into
 * small filtered lists (a district's overdue page: 0.4 s instead of an index walk). Tables read by a
 * `text_pattern_ops` range index and no `left()` index (the rollups, users, groups) pass
 * `range: true` to get the LIKE alone. Other prefixes (towns, villages) are always the LIKE.
 */
export function inRegion(
  prefix: string,
  alias: string,
  column = 'region_code',
  opts: RegionMatch = {},
): RawBuilder<SqlBool> {
  if (prefix === '') return sql<SqlBool>`true`;
  const like = sql<SqlBool>`${col(alias, column)} LIKE ${escapeLike(prefix) + '%'}`;
  if (opts.range || !JURISDICTION_LEVELS.has(prefix.length) || !/^[0-9]+$/.test(prefix)) return like;
  return sql<SqlBool>`left(${col(alias, column)}, ${sql.lit(prefix.length)}) = ${prefix}`;
}
/** range: match by the code's `text_pattern_ops` range (LIKE 'prefix%') instead of `left()`. */
export type RegionMatch = { range?: boolean };
const JURISDICTION_LEVELS = new Set([2, 4, 6]);

/** Is a division code inside the actor's jurisdiction (for writes: the new record's region)? */
export const regionWithin = (actor: Actor, regionCode: string) => regionCode.startsWith(actor.regionCode);

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);
