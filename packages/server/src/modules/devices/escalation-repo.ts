import type { Db } from '../../db/database.ts';

/** What an escalation notice says about where the alarm is: site, enterprise and region names. */
export async function alarmPlace(trx: Db, alarmId: string) {
  return trx
    .selectFrom('alarms as a')
    .innerJoin('sites as s', 's.id', 'a.site_id')
    .leftJoin('enterprises as e', 'e.id', 'a.enterprise_id')
    .leftJoin('regions as g', 'g.code', 'a.region_code')
    .select([
      's.name as site_name',
      'e.name as enterprise_name',
      'g.name_zh as region_name',
      'a.first_event_at',
    ])
    .where('a.id', '=', alarmId)
    .executeTakeFirst();
}
