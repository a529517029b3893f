import type { Static } from '@sinclair/typebox';
import type { AwardView } from '@redline/contracts';
import { iso } from '../../db/paging.ts';
import type { AwardRow } from './repo.ts';

/** fen (bigint text) → exact yuan text with two decimals. */
export const fenToYuan = (fen: string | number | null) => {
  if (fen === null) return null;
  const n = BigInt(fen);
  return `${n / 100n}.${(n % 100n).toString().padStart(2, '0')}`;
};
const pct = (s: string) => String(Number(s));

export function awardView(w: AwardRow): Static<typeof AwardView> {
  const scores = (typeof w.scores === 'string' ? JSON.parse(w.scores) : w.scores) as
    { criterion: string; max: number; score: number }[] | null;
  const max = scores ? scores.reduce((n, s) => n + Math.round(s.max * 100), 0) / 100 : null;
  const settled =
    w.original_fee_fen !== null && w.uplift_fen !== null
      ? BigInt(w.original_fee_fen) + BigInt(w.uplift_fen)
      : null;
  return {
    id: w.id,
    projectId: w.project_id,
    projectName: w.project_name,
    regionCode: w.region_code,
    scheme: w.scheme,
    year: w.year,
    status: w.status,
    application: w.application,
    appliedAt: iso(w.applied_at),
    scores,
    totalScore: w.total_score === null ? null : Number(w.total_score).toFixed(2),
    maxScore: max === null ? null : max.toFixed(2),
    decisionNote: w.decision_note,
    decidedAt: w.decided_at ? iso(w.decided_at) : null,
    feeUpliftPercent: pct(w.fee_uplift_percent),
    originalFeeYuan: fenToYuan(w.original_fee_fen),
    upliftYuan: fenToYuan(w.uplift_fen),
    settledFeeYuan: settled === null ? null : fenToYuan(settled.toString()),
    settledAt: w.settled_at ? iso(w.settled_at) : null,
  };
}
