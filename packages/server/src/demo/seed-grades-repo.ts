import type { Db } from '../db/database.ts';

/** The demo's picks for grading: the Jinshan leader and an enterprise of Jinshan other than the anchor. */
export async function demoGradingPicks(
  db: Db,
  leaderUsername: string,
  anchorEnterpriseId: string,
  county: string,
) {
  const leader = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', leaderUsername)
    .executeTakeFirst();
  const enterprise = await db
    .selectFrom('enterprises')
    .select(['id', 'name'])
    .where('region_code', 'like', `${county}%`)
    .where('id', '<>', anchorEnterpriseId)
    .orderBy('credit_code')
    .limit(1)
    .executeTakeFirst();
  return { leader, enterprise };
}
