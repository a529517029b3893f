import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { loadInspection, updateInspection } from './repo/inspections.ts';
import { requireMember } from './recording.ts';
import { inspectionView } from './views.ts';
import { buildRecord } from './presenters.ts';
import { scoreInspection } from './scoring.ts';
import { createHazardsFromFindings } from './hazards.ts';
import { assertTwoOfficers } from './officers.ts';
import { refreshMemberLicences } from './repo/participants.ts';

/**
 * Finishing: a law-enforcement inspection needs two certified officers who confirmed taking part
 * (Administrative Penalty Law 2021 art. 42; refused with TWO_OFFICERS_REQUIRED). Once both sides have signed, the failed items become hazards, and the score and the
 * on-site inspection record are frozen with the inspection — later edits of the checklist or the
 * registry never change what was recorded.
 */
type Q = Kysely<DB>;

export async function finishInspection(trx: Q, deps: Pick<Deps, 'now'>, actor: Actor, inspectionId: string) {
  const i = await loadInspection(trx, actor, inspectionId, true);
  await requireMember(trx, actor, i);
  if (i.status === 'finished') throw new AppError('ILLEGAL_TRANSITION', 'The inspection is already finished');
  // Administrative Penalty Law 2021 art. 42: two certified officers who confirmed (not for self-inspections).
  await assertTwoOfficers(trx, i);
  if (i.status !== 'signed') {
    const view = await inspectionView(trx, actor, i.id);
    const first = view.blockers[0];
    throw new AppError(
      'NOT_READY',
      `The inspection cannot finish yet: ${first ? describeBlocker(first) : `it is ${i.status}`}`,
      undefined,
      { blockers: view.blockers },
    );
  }
  const now = deps.now();
  const scores = await scoreInspection(trx, i.id);
  const hazardIds = await createHazardsFromFindings(trx, { inspection: i, actor, now });
  await updateInspection(trx, i.id, {
    status: 'finished',
    finished_at: now,
    ended_at: i.ended_at ?? now,
    score: JSON.stringify(scores),
    updated_at: now,
  });
  // The record names each officer with the certificate number their account carries at finishing.
  await refreshMemberLicences(trx, i.id);
  const view = await inspectionView(trx, actor, i.id);
  const record = buildRecord(view, true);
  await updateInspection(trx, i.id, { record: JSON.stringify(record) });
  const main = scores.find((s) => s.summary)?.summary;
  await appendAudit(trx, {
    actor,
    action: 'inspection.finish',
    subjectType: 'inspection',
    subjectId: i.id,
    regionCode: i.region_code,
    after: record,
    details: {
      number: i.number,
      hazards: hazardIds.length,
      ...(main && { total: main.total, grade: main.grade }),
    },
    at: now,
  });
  return hazardIds;
}

export function describeBlocker(b: { code: string; params: Record<string, string | number> }) {
  switch (b.code) {
    case 'ITEMS_PENDING':
      return `${b.params.count} items are not checked yet`;
    case 'TABLE_IN_ERROR':
      return `table ${b.params.table} cannot be scored (${b.params.message})`;
    case 'INSPECTOR_NOT_SIGNED':
      return `${b.params.name} has not signed`;
    case 'INSPECTED_NOT_SIGNED':
      return "the inspected party's representative has not signed (or refused)";
    case 'OFFICER_NOT_CONFIRMED':
      return `${b.params.name} has not confirmed taking part`;
    case 'OFFICER_WITHOUT_CERTIFICATE':
      return `${b.params.name} has no law-enforcement certificate number`;
    case 'OFFICERS_TOO_FEW':
      return `${b.params.count} qualified officer(s), at least ${b.params.required} required (Administrative Penalty Law 2021 art. 42)`;
    default:
      return b.code;
  }
}
