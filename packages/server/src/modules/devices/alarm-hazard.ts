import type { Static } from '@sinclair/typebox';
import type { Alarm } from '@redline/contracts';
import { reportHazard } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { appendAudit } from '../../audit/chain.ts';
import { findingsText, legalOf, textOf } from './alarm-findings.ts';

/**
 * A verified alarm becomes a hazard (事故隐患, source "alarm") for the rectification lifecycle:
 * titled and described from the alarm's evidence, with its legal basis; an uncertified special
 * operation or a critical alarm is a major hazard (DOMAIN §7: working without a valid certificate
 * is a major-hazard criterion on construction sites).
 */
export async function createHazardFromAlarm(
  trx: Db,
  actor: Actor,
  alarm: Static<typeof Alarm>,
  timeZone: string,
): Promise<string> {
  const t = textOf(alarm);
  const grade =
    alarm.type === 'uncertified_special_operation' || alarm.severity === 'critical' ? 'major' : 'general';
  const row = await trx
    .selectFrom('alarms')
    .select(['project_id', 'equipment_id'])
    .where('id', '=', alarm.id)
    .executeTakeFirstOrThrow();
  const foundAt = new Date(alarm.firstEventAt);
  const { state } = reportHazard(
    { grade },
    {
      now: new Date().toISOString(),
      actor: { id: actor.userId, role: actor.role, authorityId: actor.authorityId },
    },
  );
  const h = await trx
    .insertInto('hazards')
    .values({
      region_code: alarm.regionCode,
      enterprise_id: alarm.enterprise?.id ?? null,
      project_id: row.project_id,
      site_id: alarm.site.id,
      equipment_id: row.equipment_id,
      source: 'alarm',
      title: t.title,
      description: findingsText(alarm, timeZone),
      grade,
      status: state.status,
      deadline: null,
      state: JSON.stringify(state),
      found_at: foundAt,
      found_by: actor.userId,
      legal_basis: JSON.stringify(legalOf(t)),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendAudit(trx, {
    actor,
    action: 'hazard.report',
    subjectType: 'hazard',
    subjectId: h.id,
    regionCode: alarm.regionCode,
    after: state,
    details: { alarm: alarm.number, grade },
  });
  return h.id;
}
