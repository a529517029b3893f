import { sql } from 'kysely';
import {
  elevatorRegistrationCheck,
  equipmentInspectionCheck,
  weldingCertificateCheck,
  type BoundEquipment,
  type CrossCheckOutcome,
  type CrossCheckSpec,
  type OnDutyWorker,
} from '@redline/domain';
import type { Db } from '../../db/database.ts';

/**
 * Gathers the registry facts a cross-check needs, inside the ingest transaction, and lets the
 * domain decide. `at` is the event time: who was on duty then, and the certificate / inspection
 * state on that day (in the service's time zone).
 */
export async function runCrossCheck(
  trx: Db,
  spec: CrossCheckSpec,
  device: { siteId: string; equipmentId: string | null },
  at: Date,
  day: string,
): Promise<CrossCheckOutcome> {
  switch (spec.kind) {
    case 'welding_certificate':
      return weldingCertificateCheck(
        spec,
        await onDutyAt(trx, device.siteId, at, spec.shiftHours ?? 16),
        day,
      );
    case 'equipment_inspection':
      return equipmentInspectionCheck(spec, await boundEquipment(trx, device.equipmentId), day);
    case 'elevator_registration':
      return elevatorRegistrationCheck(spec, await boundEquipment(trx, device.equipmentId), day);
  }
}

/** Workers checked in at the site at `at` (an open check-in older than the shift limit is ignored). */
export async function onDutyAt(
  trx: Db,
  siteId: string,
  at: Date,
  shiftHours: number,
): Promise<OnDutyWorker[]> {
  const rows = await trx
    .selectFrom('site_attendance as a')
    .innerJoin('workers as w', 'w.id', 'a.worker_id')
    .select(['w.id', 'w.name', 'w.trade', 'a.check_in_at'])
    .where('a.site_id', '=', siteId)
    .where('a.check_in_at', '<=', at)
    .where((eb) => eb.or([eb('a.check_out_at', 'is', null), eb('a.check_out_at', '>', at)]))
    .where('a.check_in_at', '>', sql<Date>`${at}::timestamptz - make_interval(secs => ${shiftHours * 3600})`)
    .orderBy('a.check_in_at')
    .execute();
  if (!rows.length) return [];
  const certs = await trx
    .selectFrom('certificates as c')
    .innerJoin('certificate_categories as cc', 'cc.code', 'c.category_code')
    .select([
      'c.id',
      'c.worker_id',
      'c.number',
      'c.category_code',
      'cc.name_zh',
      'cc.is_welding',
      'c.issued_on',
      'c.expires_on',
      'c.next_review_on',
      'c.last_reviewed_on',
      'cc.review_window_days',
    ])
    .where(
      'c.worker_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('c.expires_on', 'desc')
    .execute();
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map((r) => ({
      workerId: r.id,
      name: r.name,
      trade: r.trade,
      checkInAt: new Date(r.check_in_at).toISOString(),
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
  const e = await trx
    .selectFrom('equipment as e')
    .innerJoin('equipment_categories as ec', 'ec.code', 'e.category_code')
    .select([
      'e.id',
      'e.registration_code',
      'e.category_code',
      'e.type_name',
      'e.registered_on',
      'e.last_inspection_on',
      'e.last_inspection_result',
      'e.next_inspection_on',
      'ec.warn_days',
    ])
    .where('e.id', '=', equipmentId)
    .executeTakeFirst();
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
