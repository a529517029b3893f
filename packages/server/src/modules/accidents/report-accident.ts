import type { Kysely } from 'kysely';
import {
  dateInZone,
  gradeAccident,
  isEquipmentCategoryCode,
  isIsoInstant,
  type AccidentFacts,
} from '@redline/domain';
import type { AccidentBody } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { regionWithin } from '../../auth/scope.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import {
  enterpriseVisible,
  insertAccident,
  insertAccidentVersion,
  projectVisible,
  regionExists,
} from './repo.ts';

/** The grade of a report's figures, or a 400 naming the field (the domain's refusal). */
export function gradeOf(facts: AccidentFacts) {
  const r = gradeAccident(facts);
  if (!r.ok) throw new AppError('VALIDATION', r.message, r.field);
  return r.value;
}

/** An instant given by the client: with an offset, not in the future (a minute of clock skew allowed). */
export function checkInstant(at: string, field: string, now: Date, notBefore?: Date) {
  if (!isIsoInstant(at)) throw validation(field, `${field} must be an ISO 8601 instant with its offset`);
  const ms = Date.parse(at);
  if (ms > now.getTime() + 60_000) throw validation(field, `${field} lies in the future`);
  if (notBefore && ms < notBefore.getTime())
    throw validation(field, `${field} lies before the accident occurred`);
}

/**
 * Records a new accident report (version 1) with the grade computed by the domain from its figures
 * (State Council Order No. 493) — audited, in one transaction. The place must be in the reporter's
 * jurisdiction; an enterprise or project the reporter cannot see answers like a missing one; an
 * enterprise manager reports for their own enterprise only.
 */
export async function reportAccident(
  db: Kysely<DB>,
  actor: Actor,
  body: AccidentBody,
  clock: { now: () => Date; timeZone: string },
): Promise<string> {
  const now = clock.now();
  checkInstant(body.occurredAt, 'occurredAt', now);
  const facts = {
    deaths: body.deaths,
    seriousInjuries: body.seriousInjuries,
    directLossYuan: body.directLossYuan,
  };
  const grading = gradeOf(facts);
  if (body.equipmentCategoryCode && !isEquipmentCategoryCode(body.equipmentCategoryCode))
    throw validation('equipmentCategoryCode', 'not a special equipment category code (1000 … 9000)');
  let enterpriseId = body.enterpriseId ?? null;
  if (actor.role === 'enterprise_manager') {
    if (enterpriseId !== null && enterpriseId !== actor.enterpriseId) throw notFound('Enterprise');
    enterpriseId = actor.enterpriseId;
  }
  if (!regionWithin(actor, body.regionCode) && actor.role !== 'enterprise_manager')
    throw validation('regionCode', 'The place of the accident must be in your jurisdiction');
  if (!(await regionExists(db, body.regionCode)))
    throw validation('regionCode', `Unknown division code ${body.regionCode}`);
  let industry = body.industry ?? null;
  if (enterpriseId) {
    const e = await enterpriseVisible(db, actor, enterpriseId);
    if (!e) throw notFound('Enterprise');
    industry ??= e.industry_code;
  }
  if (body.projectId && !(await projectVisible(db, actor, body.projectId))) throw notFound('Project');
  return inTransaction(db, async (trx) => {
    const values = {
      deaths: body.deaths,
      serious_injuries: body.seriousInjuries,
      minor_injuries: body.minorInjuries,
      missing: body.missing,
      direct_loss_yuan: body.directLossYuan,
      grade: grading.grade,
    };
    const id = await insertAccident(trx, {
      region_code: body.regionCode,
      address: body.address,
      enterprise_id: enterpriseId,
      project_id: body.projectId ?? null,
      occurred_at: body.occurredAt,
      occurred_on: dateInZone(clock.timeZone, body.occurredAt),
      type_code: body.typeCode,
      road_traffic: body.roadTraffic ?? false,
      equipment_category_code: body.equipmentCategoryCode ?? null,
      industry,
      course: body.course,
      measures: body.measures ?? '',
      ...values,
      version: 1,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await insertAccidentVersion(trx, {
      accident_id: id,
      version: 1,
      ...values,
      note: '首报',
      recorded_by: actor.userId,
      recorded_at: now,
    });
    await appendAudit(trx, {
      actor,
      action: 'accident.report',
      subjectType: 'accident',
      subjectId: id,
      regionCode: body.regionCode,
      after: { ...body, grade: grading.grade },
      at: now,
    });
    return id;
  });
}
