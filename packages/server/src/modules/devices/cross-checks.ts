import {
  ATTENDANCE_TOLERANCE_SECONDS,
  elevatorRegistrationCheck,
  equipmentInspectionCheck,
  specialOperationCheck,
  type BoundEquipment,
  type CrossCheckOutcome,
  type CrossCheckSpec,
  type OnDutyWorker,
} from '@redline/domain';
import type { Db } from '../../db/database.ts';
import { certificatesOf, onDutyRows, SHIFT_HOURS } from './attendance-repo.ts';
import { boundEquipmentRow } from './repo.ts';

/**
 * Gathers the registry facts a cross-check needs, inside the ingest transaction, and lets the
 * domain decide. `at` is the event time: who was on duty then, and the certificate / inspection
 * state on that day (in the service's time zone).
 */
export async function runCrossCheck(
  trx: Db,
  spec: CrossCheckSpec,
  device: { siteId: string; equipmentId: string | null; enterpriseId: string | null },
  at: Date,
  day: string,
): Promise<CrossCheckOutcome> {
  switch (spec.kind) {
    case 'welding_certificate':
    case 'special_operation_certificate':
      return specialOperationCheck(
        spec,
        await onDutyAt(
          trx,
          device.siteId,
          at,
          spec.shiftHours ?? SHIFT_HOURS,
          spec.toleranceSeconds ?? ATTENDANCE_TOLERANCE_SECONDS,
        ),
        day,
        { enterpriseId: device.enterpriseId },
      );
    case 'equipment_inspection':
      return equipmentInspectionCheck(spec, await boundEquipment(trx, device.equipmentId), day);
    case 'elevator_registration':
      return elevatorRegistrationCheck(spec, await boundEquipment(trx, device.equipmentId), day);
  }
}

/**
 * Workers on duty at the site at `at`, with their certificates and employer (an open check-in older
 * than the shift limit is ignored; attendance within `toleranceSeconds` of `at` counts).
 */
export async function onDutyAt(
  trx: Db,
  siteId: string,
  at: Date,
  shiftHours: number,
  toleranceSeconds = ATTENDANCE_TOLERANCE_SECONDS,
): Promise<OnDutyWorker[]> {
  const rows = await onDutyRows(trx, siteId, at, shiftHours, toleranceSeconds);
  if (!rows.length) return [];
  const certs = await certificatesOf(
    trx,
    rows.map((r) => r.id),
  );
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map((r) => ({
      workerId: r.id,
      name: r.name,
      trade: r.trade,
      checkInAt: new Date(r.check_in_at).toISOString(),
      employer: { id: r.employer_id, name: r.employer_name },
      certificates: certs
        .filter((c) => c.worker_id === r.id)
        .map((c) => ({
          id: c.id,
          number: c.number,
          categoryCode: c.category_code,
          categoryName: c.name_zh,
          isWelding: c.is_welding,
          issuedOn: c.issued_on,
          expiresOn: c.expires_on,
          nextReviewOn: c.next_review_on,
          lastReviewedOn: c.last_reviewed_on,
          reviewWindowDays: c.review_window_days,
        })),
    }));
}

export async function boundEquipment(trx: Db, equipmentId: string | null): Promise<BoundEquipment | null> {
  if (!equipmentId) return null;
  const e = await boundEquipmentRow(trx, equipmentId);
  if (!e) return null;
  return {
    id: e.id,
    registrationCode: e.registration_code,
    categoryCode: e.category_code,
    typeName: e.type_name,
    registeredOn: e.registered_on,
    lastInspectionOn: e.last_inspection_on,
    lastInspectionResult: e.last_inspection_result,
    nextInspectionOn: e.next_inspection_on,
    warnDays: e.warn_days,
  };
}
