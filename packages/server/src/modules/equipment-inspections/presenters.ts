import type { Static } from '@sinclair/typebox';
import { daysBetween, equipmentInspectionStatus } from '@redline/domain';
import type { EquipmentDueItem, EquipmentInspectionView } from '@redline/contracts';
import { iso } from '../../db/paging.ts';
import type { DueRow, EquipmentInspectionRow } from './repo.ts';

export function dueItem(r: DueRow, today: string): Static<typeof EquipmentDueItem> {
  const s = equipmentInspectionStatus(
    {
      nextInspectionOn: r.next_inspection_on,
      lastInspectionOn: r.last_inspection_on,
      lastResult: r.last_inspection_result === 'fail' ? 'fail' : r.last_inspection_result ? 'pass' : null,
    },
    today,
    { warnDays: r.warn_days },
  );
  return {
    id: r.id,
    registrationCode: r.registration_code,
    categoryCode: r.category_code,
    categoryName: r.category_name ?? null,
    typeName: r.type_name,
    enterpriseId: r.user_enterprise_id,
    enterpriseName: r.enterprise_name ?? null,
    siteId: r.site_id,
    siteName: r.site_name ?? null,
    regionCode: r.region_code,
    location: r.location,
    registeredOn: r.registered_on,
    lastInspectionOn: r.last_inspection_on,
    lastInspectionResult: r.last_inspection_result,
    nextInspectionOn: r.next_inspection_on,
    status: s.status,
    daysLeft: r.next_inspection_on ? daysBetween(today, r.next_inspection_on) : null,
    mustNotBeUsed: s.status === 'overdue' || s.status === 'failed',
  };
}

export function inspectionView(r: EquipmentInspectionRow): Static<typeof EquipmentInspectionView> {
  return {
    id: r.id,
    equipmentId: r.equipment_id,
    inspectedOn: r.inspected_on,
    result: r.result,
    remarks: r.remarks,
    inspectorOrg: r.inspector_org,
    defects: r.defects,
    nextInspectionOn: r.next_inspection_on,
    intervalMonths: r.interval_months,
    recordedAt: iso(r.recorded_at),
  };
}
