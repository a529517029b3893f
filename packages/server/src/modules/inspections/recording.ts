import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { isMember, loadInspection, updateInspection, type InspectionRow } from './repo/inspections.ts';
import { findFinding, hasSignature, type FindingWithItem } from './repo/findings.ts';

/**
 * The rules of recording on site that every use case shares: only the team records, findings
 * change only while nobody has signed, and the first answer starts the inspection.
 */
type Q = Kysely<DB>;

/** Findings, photos, signatures and finishing are for the team on site. */
export async function requireMember(db: Q, actor: Actor, inspection: InspectionRow) {
  if (!(await isMember(db, inspection.id, actor.userId)))
    throw forbidden('Only the inspection team records findings, photos and signatures');
}

/** The inspection, locked, if the actor is on its team and findings may still change. */
export async function openForRecording(trx: Q, actor: Actor, inspectionId: string): Promise<InspectionRow> {
  const i = await loadInspection(trx, actor, inspectionId, true);
  await requireMember(trx, actor, i);
  if (i.status === 'finished' || i.status === 'cancelled')
    throw new AppError(
      'ILLEGAL_TRANSITION',
      `The inspection is ${i.status}: its findings can no longer change`,
    );
  if (await hasSignature(trx, i.id))
    throw new AppError(
      'ALREADY_SIGNED',
      'The record has been signed: clear the signatures first to change a finding (both sides then sign again)',
    );
  return i;
}

/** A finding of the inspection, or 404. */
export async function requireFinding(
  trx: Q,
  inspectionId: string,
  findingId: string,
): Promise<FindingWithItem> {
  const f = await findFinding(trx, inspectionId, findingId);
  if (!f) throw notFound('Finding');
  return f;
}

/** A draft inspection is in progress from its first answer; any answer touches it. */
export async function markStarted(trx: Q, i: InspectionRow, now: Date) {
  if (i.status === 'draft')
    await updateInspection(trx, i.id, { status: 'in_progress', started_at: now, updated_at: now });
  else await updateInspection(trx, i.id, { updated_at: now });
}
