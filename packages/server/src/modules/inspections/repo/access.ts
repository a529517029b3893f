import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../auth/actor.ts';
import { enterpriseOrProjects, escapeLike, inScope, type PartyScope } from '../../../auth/scope.ts';

/**
 * The SQL behind the inspections module's access rules (access.ts registers them): scope
 * fragments, the file-owner check, and the cross-inspection grants of a caller.
 */
type Q = Kysely<DB>;

/** Rows of the enterprise or of a project it sees (a project account: its member projects). */
export const ofEnterpriseOrItsProjects = (a: string, _e: string, party: PartyScope): RawBuilder<SqlBool> =>
  enterpriseOrProjects(a, party);

export const noRows = (): RawBuilder<SqlBool> => sql<SqlBool>`false`;

/** `alias.column IN (ids)`, or null (no grant) when there are none. */
export const idIn = (alias: string, column: string, ids: string[] | undefined): RawBuilder<SqlBool> | null =>
  ids && ids.length ? sql<SqlBool>`${sql.ref(`${alias}.${column}`)} IN (${sql.join(ids)})` : null;

/** Whether the caller may see the inspection (owner of its photos and signatures). */
export async function inspectionVisible(db: Q, actor: Actor, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('inspections as i')
    .select('i.id')
    .where('i.id', '=', id)
    .where(inScope(actor, 'inspection', 'i'))
    .executeTakeFirst();
  return !!row;
}

/** What a regulator on cross-inspections outside their jurisdiction is granted to see. */
export interface CrossGrants {
  inspections: string[];
  enterprises: string[];
  projects: string[];
  sites: string[];
  equipment: string[];
}

const OPEN = ['draft', 'in_progress', 'signed'];

/** The caller's memberships of inspections outside their jurisdiction, as grants (undefined: none). */
export async function loadCrossGrants(db: Q, actor: Actor): Promise<CrossGrants | undefined> {
  const rows = await db
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
