import { sql, type Kysely, type Updateable } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { FindingResult, InspectionFindingsTable } from '../../../db/schema-inspections.ts';
import { checklistItemOf } from './checklists.ts';

/** Findings (one per checklist item of an inspection), their photos, and the signatures that lock them. */
type Q = Kysely<DB>;

/** Whether anyone has signed the inspection's record yet. */
export async function hasSignature(db: Q, inspectionId: string): Promise<boolean> {
  const signed = await db
    .selectFrom('inspection_signatures')
    .select('id')
    .where('inspection_id', '=', inspectionId)
    .limit(1)
    .executeTakeFirst();
  return !!signed;
}

/** A finding of this inspection with its checklist item, or undefined. */
export async function findFinding(db: Q, inspectionId: string, findingId: string) {
  const f = await db
    .selectFrom('inspection_findings as f')
    .innerJoin('checklist_items as i', 'i.id', 'f.item_id')
    .selectAll('f')
    .select(['i.body'])
    .where('f.id', '=', findingId)
    .where('f.inspection_id', '=', inspectionId)
    .executeTakeFirst();
  return f && { ...f, item: checklistItemOf(f.body) };
}
export type FindingWithItem = NonNullable<Awaited<ReturnType<typeof findFinding>>>;

export async function updateFinding(
  db: Q,
  findingId: string,
  set: Updateable<InspectionFindingsTable>,
): Promise<void> {
  await db.updateTable('inspection_findings').set(set).where('id', '=', findingId).execute();
}

/** Answers the items still pending (of one module or version, or all); returns how many. */
export async function answerPending(
  db: Q,
  inspectionId: string,
  input: {
    result: FindingResult;
    recordedBy: string;
    recordedAt: Date;
    moduleCode?: string;
    versionId?: string;
  },
): Promise<number> {
  let q = db
    .updateTable('inspection_findings')
    .set({ result: input.result, recorded_by: input.recordedBy, recorded_at: input.recordedAt })
    .where('inspection_id', '=', inspectionId)
    .where('result', '=', 'pending');
  if (input.moduleCode) q = q.where('module_code', '=', input.moduleCode);
  if (input.versionId) q = q.where('version_id', '=', input.versionId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}

export async function appendPhoto(db: Q, findingId: string, fileId: string): Promise<void> {
  await db
    .updateTable('inspection_findings')
    .set({ photo_file_ids: sql`array_append(photo_file_ids, ${fileId}::uuid)` as never })
    .where('id', '=', findingId)
    .execute();
}

export async function removePhotoId(db: Q, findingId: string, fileId: string): Promise<void> {
  await db
    .updateTable('inspection_findings')
    .set({ photo_file_ids: sql`array_remove(photo_file_ids, ${fileId}::uuid)` as never })
    .where('id', '=', findingId)
    .execute();
}

export async function countPending(db: Q, inspectionId: string): Promise<number> {
  const pending = await db
    .selectFrom('inspection_findings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('inspection_id', '=', inspectionId)
    .where('result', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(pending.n);
}

/** The failed findings of an inspection with their item, and the hazard each already gave (if any). */
export async function failedFindings(db: Q, inspectionId: string) {
  const rows = await db
    .selectFrom('inspection_findings as f')
    .innerJoin('checklist_items as ci', 'ci.id', 'f.item_id')
    .leftJoin('hazards as h', 'h.finding_id', 'f.id')
    .select([
      'f.id',
      'f.version_id',
      'f.item_code',
      'f.hazard_description',
      'f.hazard_grade',
      'f.note',
      'f.photo_file_ids',
      'f.recorded_at',
      'f.recorded_by',
      'ci.body',
      'h.id as existing',
    ])
    .where('f.inspection_id', '=', inspectionId)
    .where('f.result', '=', 'fail')
    .orderBy('f.sort')
    .execute();
  return rows.map((f) => ({ ...f, item: checklistItemOf(f.body) }));
}
