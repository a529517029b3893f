import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';

/** Queries of the four-colour risk map: a site's plan (a stored file) and the zones drawn on it. */
type Q = Kysely<DB>;

export interface PlanRow {
  file_id: string;
  sha256: string;
  mime: string;
  width: number | null;
  height: number | null;
  uploaded_at: Date;
}

export async function planOfSite(db: Q, siteId: string): Promise<PlanRow | undefined> {
  return db
    .selectFrom('site_plans as sp')
    .innerJoin('files as f', 'f.id', 'sp.file_id')
    .select(['sp.file_id', 'f.sha256', 'f.mime', 'f.width', 'f.height', 'sp.uploaded_at'])
    .where('sp.site_id', '=', siteId)
    .executeTakeFirst();
}

export async function upsertPlan(
  trx: Q,
  v: { siteId: string; fileId: string; userId: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('site_plans')
    .values({ site_id: v.siteId, file_id: v.fileId, uploaded_by: v.userId, uploaded_at: v.at })
    .onConflict((oc) =>
      oc.column('site_id').doUpdateSet({ file_id: v.fileId, uploaded_by: v.userId, uploaded_at: v.at }),
    )
    .execute();
}

export interface ZoneRow {
  id: string;
  name: string;
  polygon: Array<[number, number]>;
  risk_point_ids: string[];
}

export async function zonesOfSite(db: Q, siteId: string): Promise<ZoneRow[]> {
  return db
    .selectFrom('risk_zones as z')
    .select([
      'z.id',
      'z.name',
      'z.polygon',
      sql<
        string[]
      >`coalesce((SELECT array_agg(zp.risk_point_id::text ORDER BY zp.risk_point_id) FROM risk_zone_points zp WHERE zp.zone_id = z.id), '{}')`.as(
        'risk_point_ids',
      ),
    ])
    .where('z.site_id', '=', siteId)
    .orderBy('z.sort')
    .orderBy('z.id')
    .execute();
}

/** Replaces all zones of a site (the editor saves the whole drawing). */
export async function replaceZones(
  trx: Q,
  siteId: string,
  userId: string,
  zones: ReadonlyArray<{ name: string; polygon: Array<[number, number]>; riskPointIds: string[] }>,
): Promise<void> {
  await trx
    .deleteFrom('risk_zone_points')
    .where('zone_id', 'in', trx.selectFrom('risk_zones').select('id').where('site_id', '=', siteId))
    .execute();
  await trx.deleteFrom('risk_zones').where('site_id', '=', siteId).execute();
  for (const [i, z] of zones.entries()) {
    const { id } = await trx
      .insertInto('risk_zones')
      .values({
        site_id: siteId,
        name: z.name,
        polygon: JSON.stringify(z.polygon),
        sort: i,
        created_by: userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids = [...new Set(z.riskPointIds)];
    if (ids.length)
      await trx
        .insertInto('risk_zone_points')
        .values(ids.map((p) => ({ zone_id: id, risk_point_id: p })))
        .execute();
  }
}

/** Which of these ids are current risk points of the site. */
export async function currentPointIdsOfSite(
  trx: Q,
  siteId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await trx
    .selectFrom('risk_points')
    .select('id')
    .where('site_id', '=', siteId)
    .where('retired_at', 'is', null)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** May the actor see the site whose plan this is (the owner check of the plan file)? */
export async function siteVisible(db: Q, actor: Actor, siteId: string): Promise<boolean> {
  return !!(await db
    .selectFrom('sites as s')
    .select('s.id')
    .where('s.id', '=', siteId)
    .where(inScope(actor, 'site', 's'))
    .executeTakeFirst());
}
