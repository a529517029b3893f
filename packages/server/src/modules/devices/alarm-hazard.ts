import type { Static } from '@sinclair/typebox';
import type { Alarm } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { createHazard } from '../hazards/create-hazard.ts';
import { findingsText, legalOf, textOf } from './alarm-findings.ts';
import { alarmBindings } from './alarms-repo.ts';

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
  now: Date,
): Promise<string> {
  const t = textOf(alarm);
  const grade =
    alarm.type === 'uncertified_special_operation' || alarm.severity === 'critical' ? 'major' : 'general';
  const row = await alarmBindings(trx, alarm.id);
  return createHazard(
    trx,
    actor,
    {
      regionCode: alarm.regionCode,
      enterpriseId: alarm.enterprise?.id ?? null,
      projectId: row.project_id,
      siteId: alarm.site.id,
      equipmentId: row.equipment_id,
      source: 'alarm',
      title: t.title,
      description: findingsText(alarm, timeZone),
      grade,
      foundAt: new Date(alarm.firstEventAt),
      foundBy: actor.userId,
      reportedAt: now,
      legalBasis: legalOf(t),
      auditDetails: { alarm: alarm.number },
    },
    now,
  );
}
