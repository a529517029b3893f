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

const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/**
 * An enterprise manager's party view: their enterprise, and whether the account is a project account
 * (users.project_scoped, migration 0990), which sees only the projects it is an active member of.
 */
export interface PartyScope {
  enterpriseId: string;
  userId: string;
  projectScoped: boolean;
}

/** The ids of the projects a party account sees (a subquery, for `project_id IN …`). */
export function partyProjects(p: PartyScope): RawBuilder<unknown> {
  return p.projectScoped
    ? sql`(SELECT pm.project_id FROM project_members pm JOIN project_parties pp
           ON pp.project_id = pm.project_id AND pp.enterprise_id = ${p.enterpriseId}
           WHERE pm.user_id = ${p.userId} AND pm.active)`
    : sql`(SELECT pp.project_id FROM project_parties pp WHERE pp.enterprise_id = ${p.enterpriseId})`;
}

/**
 * Rows of the enterprise or of a project it sees: an enterprise manager, `enterprise_id = E` or a
 * party project; a project account, its member projects' rows and the enterprise's rows on no
 * project (a row of another project of the enterprise stays hidden, however it names the enterprise).
 */
export function enterpriseOrProjects(
  alias: string,
  p: PartyScope,
  enterpriseColumn = 'enterprise_id',
  projectColumn = 'project_id',
): RawBuilder<SqlBool> {
  const e = col(alias, enterpriseColumn);
  const pr = col(alias, projectColumn);
  return p.projectScoped
    ? sql<SqlBool>`(${pr} IN ${partyProjects(p)} OR (${pr} IS NULL AND ${e} = ${p.enterpriseId}))`
    : sql<SqlBool>`(${e} = ${p.enterpriseId} OR ${pr} IN ${partyProjects(p)})`;
}

export type ScopeRule = {
  /**
   * Rows of this kind belonging to enterprise E (the enterprise manager's view); rules that reach
   * projects read them through `party` (partyProjects / enterpriseOrProjects), so project accounts
   * see only their member projects.
   */
  enterprise: (alias: string, enterpriseId: string, party: PartyScope) => RawBuilder<SqlBool>;
  /** Rows of this kind belonging to worker W; omitted = a worker sees none. */
  worker?: (alias: string, workerId: string) => RawBuilder<SqlBool>;
};

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
      if (!actor.enterpriseId) return NOTHING;
      return rule.enterprise(alias, actor.enterpriseId, {
        enterpriseId: actor.enterpriseId,
        userId: actor.userId,
        projectScoped: actor.projectScoped ?? false,
      });
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
