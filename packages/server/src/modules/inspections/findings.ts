import { sql, type Kysely } from 'kysely';
import { totalDeduction } from '@redline/domain';
import type { ChecklistItem, FindingInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError, notFound, validation } from '../../errors.ts';
import { storeFile, type FileRow } from '../../storage/files.ts';
import { loadInspection, requireMember, type InspectionRow } from './repo.ts';

/**
 * Recording on site, item by item: pass / fail / not applicable, a note, a measured value,
 * deductions for scored items, and for a failure the hazard found and its grade (defaulted from
 * the item). Photos are checked, stored by content and attached to the finding.
 */
type Q = Kysely<DB>;
const MAX_PHOTOS = 12;

/** The inspection, locked, if the actor is on its team and findings may still change. */
export async function openForRecording(trx: Q, actor: Actor, inspectionId: string): Promise<InspectionRow> {
  const i = await loadInspection(trx, actor, inspectionId, true);
  await requireMember(trx, actor, i);
  if (i.status === 'finished' || i.status === 'cancelled')
    throw new AppError(
      'ILLEGAL_TRANSITION',
      `The inspection is ${i.status}: its findings can no longer change`,
      409,
    );
  const signed = await trx
    .selectFrom('inspection_signatures')
    .select('id')
    .where('inspection_id', '=', i.id)
    .limit(1)
    .executeTakeFirst();
  if (signed)
    throw new AppError(
      'ALREADY_SIGNED',
      'The record has been signed: clear the signatures first to change a finding (both sides then sign again)',
      409,
    );
  return i;
}

async function markStarted(trx: Q, i: InspectionRow, now: Date) {
  if (i.status === 'draft')
    await trx
      .updateTable('inspections')
      .set({ status: 'in_progress', started_at: now, updated_at: now })
      .where('id', '=', i.id)
      .execute();
  else await trx.updateTable('inspections').set({ updated_at: now }).where('id', '=', i.id).execute();
}

async function findingOf(trx: Q, inspectionId: string, findingId: string) {
  const f = await trx
    .selectFrom('inspection_findings as f')
    .innerJoin('checklist_items as i', 'i.id', 'f.item_id')
    .selectAll('f')
    .select(['i.body'])
    .where('f.id', '=', findingId)
    .where('f.inspection_id', '=', inspectionId)
    .executeTakeFirst();
  if (!f) throw notFound('Finding');
  return { ...f, item: f.body as unknown as ChecklistItem };
}

export async function recordFinding(
  trx: Q,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  inspectionId: string,
  findingId: string,
  input: FindingInput,
) {
  const i = await openForRecording(trx, actor, inspectionId);
  const f = await findingOf(trx, i.id, findingId);
  const now = deps.now();
  const item = f.item;
  const set: Record<string, unknown> = {
    result: input.result,
    note: input.note ?? f.note,
    measured_value: input.measuredValue ?? f.measured_value,
    recorded_by: actor.userId,
    recorded_at: input.result === 'pending' ? null : now,
  };
  if (input.result === 'fail') {
    const description = (input.hazardDescription ?? f.hazard_description).trim();
    if (!description)
      throw validation('hazardDescription', 'Describe the hazard found (what, where, how much)');
    set.hazard_description = description;
    set.hazard_grade = input.hazardGrade ?? item.handling.grade;
    set.rectify_days =
      input.rectifyDays !== undefined
        ? input.rectifyDays
        : (f.rectify_days ?? item.handling.rectifyDays ?? null);
    if (item.scoring) {
      const chosen = (input.deductions ?? []).map((d) => ({
        rule: d.rule,
        points: d.points,
        count: d.count ?? 1,
      }));
      if (!chosen.length)
        throw validation(
          'deductions',
          'Choose the deductions that apply to this failed item (JGJ 59 scoring)',
        );
      const total = totalDeduction(item.scoring.deductions, chosen);
      if (!total.ok) throw validation(total.field ?? 'deductions', total.message);
      set.deductions = JSON.stringify(chosen);
      set.deducted = total.value;
    } else if (input.deductions?.length) {
      throw validation('deductions', 'This item is not scored: it has no deductions');
    }
  } else {
    if (input.deductions?.length) throw validation('deductions', 'Deductions apply only to a failed item');
    set.deductions = '[]';
    set.deducted = 0;
    set.hazard_description = '';
    set.hazard_grade = null;
    set.rectify_days = null;
  }
  await trx.updateTable('inspection_findings').set(set).where('id', '=', f.id).execute();
  await markStarted(trx, i, now);
}

/** Marks the items still pending (of one module, or all) as passed or not applicable. */
export async function bulkRecord(
  trx: Q,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  inspectionId: string,
  input: { moduleCode?: string; versionId?: string; result: 'pass' | 'na' },
) {
  const i = await openForRecording(trx, actor, inspectionId);
  const now = deps.now();
  let q = trx
    .updateTable('inspection_findings')
    .set({ result: input.result, recorded_by: actor.userId, recorded_at: now })
    .where('inspection_id', '=', i.id)
    .where('result', '=', 'pending');
  if (input.moduleCode) q = q.where('module_code', '=', input.moduleCode);
  if (input.versionId) q = q.where('version_id', '=', input.versionId);
  const r = await q.executeTakeFirst();
  await markStarted(trx, i, now);
  return Number(r.numUpdatedRows ?? 0);
}

export async function addPhoto(
  trx: Q,
  deps: Pick<Deps, 'now' | 'config' | 'database'>,
  actor: Actor,
  inspectionId: string,
  findingId: string,
  upload: { buffer: Buffer; filename: string; mimetype?: string },
): Promise<FileRow> {
  const i = await openForRecording(trx, actor, inspectionId);
  const f = await findingOf(trx, i.id, findingId);
  if (f.photo_file_ids.length >= MAX_PHOTOS)
    throw new AppError('TOO_MANY_PHOTOS', `At most ${MAX_PHOTOS} photos per item`, 400, 'file');
  const file = await storeFile(
    deps,
    {
      buffer: upload.buffer,
      filename: upload.filename,
      declaredType: upload.mimetype,
      kinds: ['image'],
      maxBytes: deps.config.MAX_UPLOAD_MB * 1024 * 1024,
      uploadedBy: actor.userId,
      regionCode: i.region_code,
      enterpriseId: i.enterprise_id,
      owner: { kind: 'inspection', id: i.id },
    },
    trx,
  );
  if (!f.photo_file_ids.includes(file.id)) {
    await trx
      .updateTable('inspection_findings')
      .set({ photo_file_ids: sql`array_append(photo_file_ids, ${file.id}::uuid)` as never })
      .where('id', '=', f.id)
      .execute();
  }
  await markStarted(trx, i, deps.now());
  return file;
}

export async function removePhoto(
  trx: Q,
  actor: Actor,
  inspectionId: string,
  findingId: string,
  fileId: string,
) {
  const i = await openForRecording(trx, actor, inspectionId);
  const f = await findingOf(trx, i.id, findingId);
  if (!f.photo_file_ids.includes(fileId)) throw notFound('Photo');
  await trx
    .updateTable('inspection_findings')
    .set({ photo_file_ids: sql`array_remove(photo_file_ids, ${fileId}::uuid)` as never })
    .where('id', '=', f.id)
    .execute();
}
