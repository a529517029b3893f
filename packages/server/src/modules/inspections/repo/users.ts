import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { escapeLike } from '../../../auth/scope.ts';

/** The people an inspection team or a group may be made of. */
type Q = Kysely<DB>;

/** Users proposed for an inspection team, with what deciding on them needs. */
export async function teamUsers(db: Q, ids: string[]) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'display_name',
      'role',
      'region_code',
      'licence_no',
      'authority_id',
      'enterprise_id',
      'active',
    ])
    .where('id', 'in', ids)
    .execute();
}

/** Users proposed for a group. */
export async function groupUsers(db: Q, ids: string[]) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'region_code', 'active'])
    .where('id', 'in', ids)
    .execute();
}

/** The active safety managers of an enterprise. */
export async function enterpriseManagers(db: Q, enterpriseId: string) {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.display_name', 'u.role', 'u.licence_no', 'u.region_code'])
    .where('u.role', '=', 'enterprise_manager')
    .where('u.active', '=', true)
    .where('u.enterprise_id', '=', enterpriseId)
    .execute();
}

/**
 * Active inspectors and leaders whose jurisdiction covers `region`; unless `coveringOnly`, also
 * those of the same province (first 300 by region and name).
 */
export async function regulatorCandidates(db: Q, region: string, coveringOnly: boolean) {
  return db
    .selectFrom('users as u')
    .leftJoin('regions as r', 'r.code', 'u.region_code')
    .leftJoin('authorities as a', 'a.id', 'u.authority_id')
    .select([
      'u.id',
      'u.display_name',
      'u.role',
      'u.licence_no',
      'u.region_code',
      'r.name_zh as region_name',
      'a.name as authority_name',
    ])
    .where('u.role', 'in', ['inspector', 'leader'])
    .where('u.active', '=', true)
    .where('u.system_name', 'is', null) // a program's account is no officer
    .where('u.region_code', '<>', '')
    .where(
      coveringOnly
        ? sql<boolean>`${region} LIKE u.region_code || '%'`
        : sql<boolean>`(${region} LIKE u.region_code || '%' OR u.region_code LIKE ${escapeLike(region.slice(0, 2)) + '%'})`,
    )
    .orderBy('u.region_code')
    .orderBy('u.display_name')
    .limit(300)
    .execute();
}
