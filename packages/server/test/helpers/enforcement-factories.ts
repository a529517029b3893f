import { reportHazard, type HazardGrade } from '@redline/domain';
import type { Db } from '../../src/db/database.ts';
import type { World } from './factories.ts';

let n = 0;

/** A hazard as the inspections feature creates it: reported, with its domain state and legal basis. */
export async function createHazard(
  db: Db,
  world: World,
  opts: {
    grade?: HazardGrade;
    title?: string;
    foundAt?: Date;
    foundBy?: string;
    project?: boolean;
    regionCode?: string;
  } = {},
) {
  const grade = opts.grade ?? 'general';
  const foundAt = opts.foundAt ?? new Date(Date.now() - 3600_000);
  const founder =
    opts.foundBy ??
    (
      await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', world.users.inspector)
        .executeTakeFirstOrThrow()
    ).id;
  const { state } = reportHazard(
    { grade },
    { now: foundAt.toISOString(), actor: { id: founder, role: 'inspector', authorityId: world.authorityId } },
  );
  const site = await db
    .selectFrom('sites')
    .select(['region_code'])
    .where('id', '=', world.ids.site)
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('hazards')
    .values({
      region_code: opts.regionCode ?? site.region_code,
      enterprise_id: opts.project ? null : world.ids.enterprise,
      project_id: opts.project ? world.ids.project : null,
      site_id: opts.project ? null : world.ids.site,
      source: 'inspection',
      title: opts.title ?? `焊接车间动火作业未办理审批手续${++n}`,
      description: '现场未配备灭火器材，动火作业无监护人',
      grade,
      status: 'reported',
      state: JSON.stringify(state),
      found_at: foundAt,
      found_by: founder,
      legal_basis: JSON.stringify([{ doc: '中华人民共和国安全生产法', clause: '第四十一条' }]),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export { JPEG_24x16, jpegWithExif, png } from './images.ts';
