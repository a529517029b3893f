import type { Kysely } from 'kysely';
import type { Static } from '@sinclair/typebox';
import { compareDates, isIsoDate, nextInspectionDate } from '@redline/domain';
import type { EquipmentInspectionBody } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction } from '../../db/transaction.ts';
import { notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { createHazard } from '../hazards/create-hazard.ts';
import { insertInspection, loadEquipment, setEquipmentInspection } from './repo.ts';

/**
 * Records a periodic inspection result (检验结论) of a piece of special equipment:
 * - pass / pass with remarks: the next due date is the inspection date plus the category's interval
 *   (reference data `equipment_categories.interval_months`, the domain's nextInspectionDate);
 * - fail: every defect becomes a hazard through the one create-hazard use case (general grade, on the
 *   equipment, its use unit, project and site); the next date is left as it was — the equipment
 *   must not be used until a re-inspection passes (the domain's status is `failed` whatever the dates).
 * One transaction: the inspection row, the equipment's last / next dates, the hazards, the audit.
 */
export async function recordInspection(
  db: Kysely<DB>,
  actor: Actor,
  equipmentId: string,
  body: Static<typeof EquipmentInspectionBody>,
  clock: { now: () => Date; today: () => string },
): Promise<string> {
  if (!isIsoDate(body.inspectedOn)) throw validation('inspectedOn', 'inspectedOn is not a calendar date');
  if (compareDates(body.inspectedOn, clock.today()) > 0)
    throw validation('inspectedOn', 'inspectedOn lies in the future');
  const defects = (body.defects ?? []).map((d) => d.trim()).filter((d) => d.length > 0);
  if (body.result === 'fail' && defects.length === 0)
    throw validation('defects', 'A failed inspection names its defects (each becomes a hazard)');
  if (body.result !== 'fail' && defects.length > 0)
    throw validation('defects', 'Defects are recorded with a failed inspection only; use remarks');
  const now = clock.now();
  return inTransaction(db, async (trx) => {
    const q = await loadEquipment(trx, actor, equipmentId, true);
    if (!q) throw notFound('Equipment');
    if (q.last_inspection_on && compareDates(body.inspectedOn, q.last_inspection_on) < 0)
      throw validation(
        'inspectedOn',
        `An inspection on ${q.last_inspection_on} is already recorded; a result must not be older than the last one`,
      );
    const passed = body.result !== 'fail';
    const next = passed ? nextInspectionDate(q.interval_months, body.inspectedOn) : null;
    const recorded: Array<{ description: string; hazardId: string | null }> = [];
    for (const d of defects) {
      const hazardId = await createHazard(
        trx,
        actor,
        {
          regionCode: q.region_code,
          enterpriseId: q.user_enterprise_id,
          projectId: q.project_id,
          siteId: q.site_id,
          equipmentId: q.id,
          source: 'inspection',
          title: `特种设备定期检验不合格：${q.category_name ?? ''} ${q.registration_code}`.slice(0, 200),
          description: d,
          grade: 'general',
          foundAt: now,
          foundBy: actor.userId,
          reportedAt: now,
          legalBasis: [],
          auditDetails: {
            equipmentInspection: true,
            registrationCode: q.registration_code,
            inspectedOn: body.inspectedOn,
          },
        },
        now,
      );
      recorded.push({ description: d, hazardId });
    }
    const id = await insertInspection(trx, {
      equipment_id: q.id,
      inspected_on: body.inspectedOn,
      result: body.result,
      remarks: body.remarks ?? '',
      inspector_org: body.inspectorOrg ?? '',
      defects: JSON.stringify(recorded),
      next_inspection_on: next,
      interval_months: passed ? q.interval_months : null,
      recorded_by: actor.userId,
      recorded_at: now,
    });
    await setEquipmentInspection(trx, q.id, {
      last_inspection_on: body.inspectedOn,
      last_inspection_result: body.result,
      ...(next !== null && { next_inspection_on: next }),
    });
    await appendAudit(trx, {
      actor,
      action: 'equipment.inspection',
      subjectType: 'equipment',
      subjectId: q.id,
      regionCode: q.region_code,
      before: {
        lastInspectionOn: q.last_inspection_on,
        lastInspectionResult: q.last_inspection_result,
        nextInspectionOn: q.next_inspection_on,
      },
      after: {
        lastInspectionOn: body.inspectedOn,
        lastInspectionResult: body.result,
        nextInspectionOn: next ?? q.next_inspection_on,
        hazards: recorded.map((r) => r.hazardId),
      },
      at: now,
    });
    return id;
  });
}
