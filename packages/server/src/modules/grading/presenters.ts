import type { Static } from '@sinclair/typebox';
import type { GradeListItem, GradeOverrideView, GradeView, GradingModelView } from '@redline/contracts';
import {
  GRADE_MEASURES,
  inspectionFrequencyForGrade,
  type Explanation,
  type GradeLetter,
  type GradingModel,
} from '@redline/domain';
import { iso } from '../../db/paging.ts';
import type { StoredFact } from './compute-grade.ts';
import type { ComputationRow, OverrideRow } from './repo.ts';

export function modelView(model: GradingModel, rationale: string): Static<typeof GradingModelView> {
  return {
    version: model.version,
    windowMonths: model.windowMonths,
    base: model.base,
    facts: model.facts.map((f) => ({ code: f.code, pointsPerUnit: f.pointsPerUnit, cap: f.cap })),
    riskColourPoints: { ...model.riskColourPoints },
    thresholds: { ...model.thresholds },
    forceC: [...model.forceC],
    frequencies: model.frequencies,
    awardFeeUpliftPercent: model.awardFeeUpliftPercent,
    notes: [...model.notes],
    source: model.source,
    rationale,
  };
}

export function overrideView(o: OverrideRow, now: Date): Static<typeof GradeOverrideView> {
  const expires = new Date(o.expires_at);
  return {
    id: o.id,
    grade: o.grade,
    reason: o.reason,
    expiresAt: iso(o.expires_at),
    createdAt: iso(o.created_at),
    createdByName: o.created_by_name ?? '',
    revokedAt: o.revoked_at ? iso(o.revoked_at) : null,
    inForce: !o.revoked_at && expires.getTime() > now.getTime(),
  };
}

export function computationView(c: ComputationRow) {
  const t = c.thresholds as { A: number; B: number; base: number; forcedBy?: string[] };
  return {
    id: c.id,
    grade: c.grade,
    total: c.total_number,
    base: t.base,
    thresholds: { A: t.A, B: t.B },
    modelVersion: c.model_version,
    facts: (c.facts as StoredFact[]).map((f) => ({
      code: f.code,
      count: f.count,
      pointsPerUnit: f.pointsPerUnit,
      cap: f.cap,
      points: f.points,
      capped: f.capped,
      ...(f.colour && { colour: f.colour }),
      records: f.records,
      recordsTruncated: f.recordsTruncated,
    })),
    forcedBy: t.forcedBy ?? [],
    explanation: c.explanation as Explanation[],
    windowFrom: iso(c.window_from),
    windowTo: iso(c.window_to),
    reason: c.reason,
    computedAt: iso(c.computed_at),
  };
}

/** The differentiated measures of the grade in force (frequency from the model in force). */
export function measuresOf(
  grade: GradeLetter | null,
  model: GradingModel,
  isProject: boolean,
  awarded: boolean,
) {
  return {
    // The fee uplift is a measure of award projects, not of enterprises.
    codes: grade ? GRADE_MEASURES[grade].filter((c) => isProject || c !== 'award_fee_uplift') : [],
    frequency: inspectionFrequencyForGrade(grade, model.frequencies),
    awardFeeUpliftPercent: isProject && awarded && grade === 'A' ? model.awardFeeUpliftPercent : null,
  };
}

export type GradeViewShape = GradeView;

export function listItemView(r: {
  target_kind: 'enterprise' | 'project';
  target_id: string;
  region_code: string;
  grade: GradeLetter;
  computed_grade: GradeLetter;
  overridden: boolean;
  total: number;
  model_version: number;
  computed_at: Date;
  name: string | null;
  joint: boolean;
}): Static<typeof GradeListItem> {
  return {
    targetKind: r.target_kind,
    targetId: r.target_id,
    name: r.name ?? '',
    regionCode: r.region_code,
    grade: r.grade,
    computedGrade: r.computed_grade,
    overridden: r.overridden,
    total: Number(r.total),
    modelVersion: r.model_version,
    computedAt: iso(r.computed_at),
    jointPunishment: r.joint,
  };
}
