import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import type { App, Deps } from '../../http/context.ts';
import { inScope, registerGrant, registerScope } from '../../auth/scope.ts';
import { registerPolicy } from '../../auth/policy.ts';
import { isRegulator, type Actor } from '../../auth/actor.ts';
import { escapeLike } from '../../auth/scope.ts';
import { registerFileOwner } from '../../storage/owners.ts';

/**
 * Who sees inspections, and the cross-inspection grant.
 *
 * An inspection is a record of the target's jurisdiction (`region_code`): regulators there see
 * it; the inspected enterprise's manager sees inspections of the enterprise and of its projects.
 *
 * Cross-inspection: inspectors of jurisdiction X inspect a target in Y, on an inspection created
 * by Y's leader (or an administrator above both) naming them. They are not in Y, so the region
 * rule alone would hide the inspection from them. Each request of a regulator therefore loads the
 * inspections they are a member of outside their own jurisdiction (`inspection_members`, one
 * indexed query) onto the actor; `inScope` then ORs a grant of exactly those ids — the inspection
 * itself always, and its target (enterprise, project, site, equipment) while it is still open.
 * Actors without such memberships (nearly all) get no grant and their queries are unchanged.
 */
export interface CrossGrants {
  inspections: string[];
  enterprises: string[];
  projects: string[];
  sites: string[];
  equipment: string[];
}

declare module '../../auth/actor.ts' {
  interface Actor {
    /** Set per request for regulators who are members of inspections outside their jurisdiction. */
    crossGrants?: CrossGrants;
  }
}

const projectsOf = (e: string) =>
  sql`(SELECT pp.project_id FROM project_parties pp WHERE pp.enterprise_id = ${e})`;

registerScope('inspection', {
  enterprise: (a, e) =>
    sql<SqlBool>`(${sql.ref(`${a}.enterprise_id`)} = ${e} OR ${sql.ref(`${a}.project_id`)} IN ${projectsOf(e)})`,
});
registerScope('inspection_group', { enterprise: () => sql<SqlBool>`false` });
// Hazards: the same rule issue 4 registers (registering it twice is harmless — it is identical).
registerScope('hazard', {
  enterprise: (a, e) =>
    sql<SqlBool>`(${sql.ref(`${a}.enterprise_id`)} = ${e} OR ${sql.ref(`${a}.project_id`)} IN ${projectsOf(e)})`,
});

const idIn = (alias: string, column: string, ids: string[] | undefined) =>
  ids && ids.length ? sql<SqlBool>`${sql.ref(`${alias}.${column}`)} IN (${sql.join(ids)})` : null;

registerGrant('inspection', (a, actor) => idIn(a, 'id', actor.crossGrants?.inspections));
registerGrant('hazard', (a, actor) => idIn(a, 'inspection_id', actor.crossGrants?.inspections));
registerGrant('enterprise', (a, actor) => idIn(a, 'id', actor.crossGrants?.enterprises));
registerGrant('project', (a, actor) => idIn(a, 'id', actor.crossGrants?.projects));
registerGrant('site', (a, actor) => idIn(a, 'id', actor.crossGrants?.sites));
registerGrant('equipment', (a, actor) => idIn(a, 'id', actor.crossGrants?.equipment));

registerPolicy('inspection', {
  read: [...REGULATOR_ROLES, 'enterprise_manager'],
  create: [...OFFICER_ROLES, 'enterprise_manager'],
  /** Record findings, photos, signatures, finish: members of the team only (checked per inspection). */
  record: [...OFFICER_ROLES, 'enterprise_manager'],
});
registerPolicy('inspection_group', {
  read: [...REGULATOR_ROLES],
  create: ['admin', 'leader'],
});

/** Photos and signatures of an inspection are visible to whoever may see the inspection. */
registerFileOwner('inspection', async (db, actor, ownerId) => {
  const row = await db
    .selectFrom('inspections as i')
    .select('i.id')
    .where('i.id', '=', ownerId)
    .where(inScope(actor, 'inspection', 'i'))
    .executeTakeFirst();
  return !!row;
});

const OPEN = ['draft', 'in_progress', 'signed'];

/** Loads the cross-inspection grants of the caller, once per API request. */
export function installCrossGrants(app: App, deps: Deps) {
  app.addHook('onRequest', async (req) => {
    const actor = req.actor;
    if (!actor || !isRegulator(actor) || actor.regionCode === '' || !req.url.startsWith('/api/')) return;
    actor.crossGrants = await loadCrossGrants(deps, actor);
  });
}

export async function loadCrossGrants(
  deps: Pick<Deps, 'database'>,
  actor: Actor,
): Promise<CrossGrants | undefined> {
  const rows = await deps.database.db
    .selectFrom('inspection_members as m')
    .innerJoin('inspections as i', 'i.id', 'm.inspection_id')
    .leftJoin('sites as s', 's.id', 'i.site_id')
    .leftJoin('equipment as q', 'q.id', 'i.equipment_id')
    .select([
      'i.id',
      'i.status',
      'i.enterprise_id',
      'i.project_id',
      'i.site_id',
      'i.equipment_id',
      's.project_id as site_project_id',
      'q.project_id as equipment_project_id',
    ])
    .where('m.user_id', '=', actor.userId)
    .where(sql<SqlBool>`i.region_code NOT LIKE ${escapeLike(actor.regionCode) + '%'}`)
    .execute();
  if (!rows.length) return undefined;
  const open = rows.filter((r) => OPEN.includes(r.status));
  const ids = (xs: Array<string | null>) => [...new Set(xs.filter((x): x is string => !!x))];
  return {
    inspections: ids(rows.map((r) => r.id)),
    enterprises: ids(open.map((r) => r.enterprise_id)),
    projects: ids(open.flatMap((r) => [r.project_id, r.site_project_id, r.equipment_project_id])),
    sites: ids(open.map((r) => r.site_id)),
    equipment: ids(open.map((r) => r.equipment_id)),
  };
}
