import type { Kysely } from 'kysely';
import type { InspectionRecord, InspectionView } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { inspectionView, loadInspection, requireMember } from './repo.ts';
import { scoreInspection } from './scoring.ts';
import { createHazardsFromFindings } from './hazards.ts';

/**
 * Finishing: once both sides have signed, the failed items become hazards, and the score and the
 * on-site inspection record are frozen with the inspection — later edits of the checklist or the
 * registry never change what was recorded.
 */
type Q = Kysely<DB>;

const KIND_ZH: Record<string, string> = {
  routine: '日常检查',
  special: '专项检查',
  cross: '交叉检查',
  group: '督导检查',
  self: '企业自查',
  alarm_verification: '报警核查',
};
const MEASURE_ZH: Record<string, string> = {
  rectification_order: '责令限期整改',
  onsite_treatment: '现场处理措施',
  stop_equipment: '责令停止使用设备',
  penalty: '行政处罚',
};

export async function finishInspection(trx: Q, deps: Pick<Deps, 'now'>, actor: Actor, inspectionId: string) {
  const i = await loadInspection(trx, actor, inspectionId, true);
  await requireMember(trx, actor, i);
  if (i.status === 'finished')
    throw new AppError('ILLEGAL_TRANSITION', 'The inspection is already finished', 409);
  if (i.status !== 'signed') {
    const view = await inspectionView(trx, actor, i.id);
    const first = view.blockers[0];
    throw new AppError(
      'NOT_READY',
      `The inspection cannot finish yet: ${first ? describeBlocker(first) : `it is ${i.status}`}`,
      409,
      undefined,
      { blockers: view.blockers },
    );
  }
  const now = deps.now();
  const scores = await scoreInspection(trx, i.id);
  const hazardIds = await createHazardsFromFindings(trx, { inspection: i, actor, now });
  await trx
    .updateTable('inspections')
    .set({
      status: 'finished',
      finished_at: now,
      ended_at: i.ended_at ?? now,
      score: JSON.stringify(scores),
      updated_at: now,
    })
    .where('id', '=', i.id)
    .execute();
  const view = await inspectionView(trx, actor, i.id);
  const record = buildRecord(view, true);
  await trx
    .updateTable('inspections')
    .set({ record: JSON.stringify(record) })
    .where('id', '=', i.id)
    .execute();
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
    default:
      return b.code;
  }
}

export async function cancelInspection(
  trx: Q,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  inspectionId: string,
  reason: string,
) {
  const i = await loadInspection(trx, actor, inspectionId, true);
  if (i.created_by !== actor.userId) await requireMember(trx, actor, i);
  if (i.status !== 'draft' && i.status !== 'in_progress')
    throw new AppError(
      'ILLEGAL_TRANSITION',
      `The inspection is ${i.status}: it can no longer be cancelled`,
      409,
    );
  const now = deps.now();
  await trx
    .updateTable('inspections')
    .set({ status: 'cancelled', updated_at: now })
    .where('id', '=', i.id)
    .execute();
  await appendAudit(trx, {
    actor,
    action: 'inspection.cancel',
    subjectType: 'inspection',
    subjectId: i.id,
    regionCode: i.region_code,
    details: { reason },
    at: now,
  });
}

/** The on-site inspection record 现场检查记录: the data of the printed document. */
export function buildRecord(v: InspectionView, frozen: boolean): InspectionRecord {
  const findings = v.findings;
  const main = v.scores.find((s) => s.summary);
  return {
    number: v.number,
    authorityName: v.authorityName,
    kind: KIND_ZH[v.kind] ?? v.kind,
    inspected: {
      name: v.target.name,
      address: v.target.address,
      principal: v.principalName || v.target.principal,
      regionName: v.target.regionName,
    },
    place: v.place,
    startedAt: v.startedAt,
    endedAt: v.endedAt,
    inspectors: v.members.map((m) => ({
      name: m.displayName,
      licenceNo: m.licenceNo,
      authorityName: m.authorityName,
    })),
    cross: v.kind === 'cross',
    checked: {
      total: findings.length,
      passed: findings.filter((f) => f.result === 'pass').length,
      failed: findings.filter((f) => f.result === 'fail').length,
      notApplicable: findings.filter((f) => f.result === 'na').length,
    },
    findings: findings
      .filter((f) => f.result === 'fail')
      .map((f) => ({
        code: f.item.code,
        title: f.item.title.zh,
        description: f.hazardDescription,
        grade: f.hazardGrade ?? f.item.handling.grade,
        basis: f.item.basis.map((b) => (b.clause ? `${b.doc} ${b.clause}` : b.doc)).join('；'),
        measure: MEASURE_ZH[f.item.handling.measure] ?? f.item.handling.measure,
        rectifyDays: f.rectifyDays,
        photoCount: f.photos.length,
      })),
    score: main?.summary
      ? { library: main.libraryName.zh, total: main.summary.total, grade: main.summary.grade }
      : null,
    signatures: v.signatures,
    frozen,
  };
}
