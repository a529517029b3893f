import { Type, type Static } from '@sinclair/typebox';
import { DateString, literals, Nullable, PageQuery, Uuid } from './common.ts';
import { ExplanationStep } from './inspections.ts';

/**
 * A/B/C grading of enterprises and projects and credit records (issue 14). The grade page shows why:
 * each fact with the records behind it, its weight, points, the total, the thresholds, the model
 * version; history kept; a regulator's override with a reason and an expiry wins until it expires.
 */
export const GRADE_LETTERS = ['A', 'B', 'C'] as const;
export const GRADE_TARGET_KINDS = ['enterprise', 'project'] as const;
export const GRADE_RECORD_KINDS = [
  'hazard',
  'alarm',
  'inspection',
  'credit_record',
  'model_award',
  'site',
  'accident',
  'equipment',
] as const;
export const CREDIT_CONDITION_CODES = [
  'serious_accident',
  'two_larger_accidents_12_months',
  'concealed_accident',
  'unlicensed_operation',
  'false_assessment_report',
  'other',
] as const;

export const GradeLetter = literals(GRADE_LETTERS);
export const GradeTargetKind = literals(GRADE_TARGET_KINDS);

export const GradeTargetParams = Type.Object({ kind: GradeTargetKind, id: Uuid });

export const GradeRecordRef = Type.Object({
  kind: literals(GRADE_RECORD_KINDS),
  id: Uuid,
  label: Type.String(),
  href: Type.String({ description: 'the web page of the record, e.g. /hazards/<id>' }),
});

export const GradeFactView = Type.Object({
  code: Type.String({ description: 'a fact of the model (hazards_major, …) or risk_colour' }),
  count: Type.Integer(),
  pointsPerUnit: Type.Number(),
  cap: Type.Number(),
  points: Type.Number(),
  capped: Type.Boolean(),
  colour: Type.Optional(literals(['red', 'orange', 'yellow', 'blue'] as const)),
  records: Type.Array(GradeRecordRef),
  recordsTruncated: Type.Boolean({ description: 'more records than shown (the count is exact)' }),
});

export const GradeComputationView = Type.Object({
  id: Uuid,
  grade: GradeLetter,
  total: Type.Number(),
  base: Type.Number(),
  thresholds: Type.Object({ A: Type.Number(), B: Type.Number() }),
  modelVersion: Type.Integer(),
  facts: Type.Array(GradeFactView),
  forcedBy: Type.Array(Type.String()),
  explanation: Type.Array(ExplanationStep),
  windowFrom: Type.String({ format: 'date-time' }),
  windowTo: Type.String({ format: 'date-time' }),
  reason: Type.String(),
  computedAt: Type.String({ format: 'date-time' }),
});

export const GradeHistoryEntry = Type.Object({
  id: Uuid,
  grade: GradeLetter,
  total: Type.Number(),
  modelVersion: Type.Integer(),
  reason: Type.String(),
  computedAt: Type.String({ format: 'date-time' }),
});

export const GradeOverrideView = Type.Object({
  id: Uuid,
  grade: GradeLetter,
  reason: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  createdByName: Type.String(),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  inForce: Type.Boolean(),
});

export const InspectionFrequencyView = Type.Object({ perYear: Type.Number(), everyMonths: Type.Number() });

export const GradingModelView = Type.Object({
  version: Type.Integer(),
  windowMonths: Type.Integer(),
  base: Type.Number(),
  facts: Type.Array(Type.Object({ code: Type.String(), pointsPerUnit: Type.Number(), cap: Type.Number() })),
  riskColourPoints: Type.Record(Type.String(), Type.Number()),
  thresholds: Type.Object({ A: Type.Number(), B: Type.Number() }),
  forceC: Type.Array(Type.String()),
  frequencies: Type.Object({
    A: InspectionFrequencyView,
    B: InspectionFrequencyView,
    C: InspectionFrequencyView,
  }),
  awardFeeUpliftPercent: Type.Number(),
  notes: Type.Array(Type.String()),
  source: Type.String(),
  rationale: Type.String(),
});

export const CreditJointFlag = Type.Object({
  enterpriseId: Uuid,
  enterpriseName: Type.String(),
  recordId: Uuid,
  plannedEndOn: DateString,
});

export const ModelAwardView = Type.Object({
  id: Uuid,
  title: Type.String(),
  awardedOn: DateString,
  feeUpliftPercent: Nullable(Type.Number()),
});

export const GradeView = Type.Object({
  targetKind: GradeTargetKind,
  targetId: Uuid,
  targetName: Type.String(),
  regionCode: Type.String(),
  grade: Nullable(GradeLetter),
  overridden: Type.Boolean(),
  computed: Nullable(GradeComputationView),
  override: Nullable(GradeOverrideView),
  overrides: Type.Array(GradeOverrideView),
  history: Type.Array(GradeHistoryEntry),
  model: GradingModelView,
  measures: Type.Object({
    codes: Type.Array(Type.String()),
    frequency: InspectionFrequencyView,
    awardFeeUpliftPercent: Nullable(Type.Number({ description: 'recorded for award projects of grade A' })),
  }),
  jointPunishment: Type.Array(CreditJointFlag, {
    description: 'in-force serious-untrustworthy listings of the enterprise (or the project’s parties)',
  }),
  awards: Type.Array(ModelAwardView),
  canOverride: Type.Boolean(),
});
export type GradeView = Static<typeof GradeView>;

export const GradeListQuery = Type.Object(
  {
    ...PageQuery,
    kind: Type.Optional(GradeTargetKind),
    grade: Type.Optional(GradeLetter),
  },
  { additionalProperties: false },
);

export const GradeListItem = Type.Object({
  targetKind: GradeTargetKind,
  targetId: Uuid,
  name: Type.String(),
  regionCode: Type.String(),
  grade: GradeLetter,
  computedGrade: GradeLetter,
  overridden: Type.Boolean(),
  total: Type.Number(),
  modelVersion: Type.Integer(),
  computedAt: Type.String({ format: 'date-time' }),
  jointPunishment: Type.Boolean(),
});
export type GradeListItem = Static<typeof GradeListItem>;

export const GradeBadgesQuery = Type.Object(
  {
    kind: GradeTargetKind,
    ids: Type.String({
      maxLength: 200 * 37,
      pattern: '^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36}){0,199}$',
      description: 'up to 200 comma-separated ids (a page of a registry list)',
    }),
  },
  { additionalProperties: false },
);
export const GradeBadge = Type.Object({
  targetId: Uuid,
  grade: Nullable(GradeLetter),
  overridden: Type.Boolean(),
  jointPunishment: Type.Boolean(),
});

export const GradeOverrideBody = Type.Object(
  {
    grade: GradeLetter,
    reason: Type.String({ minLength: 4, maxLength: 2000 }),
    expiresOn: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description:
        'YYYY-MM-DD: the override ends at the end of this day (service time zone); after today, at most one year ahead',
    }),
  },
  { additionalProperties: false },
);

export const ModelAwardBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    awardedOn: DateString,
    feeUpliftPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const RecomputeResult = Type.Object({ recomputed: Type.Integer() });

// --- credit ---------------------------------------------------------------------------------------

export const CreditRecordEventView = Type.Object({
  action: literals(['listed', 'removed'] as const),
  at: Type.String({ format: 'date-time' }),
  byName: Nullable(Type.String()),
  note: Type.String(),
});

export const CreditRecordView = Type.Object({
  id: Uuid,
  enterpriseId: Uuid,
  enterpriseName: Type.String(),
  regionCode: Type.String(),
  listKind: literals(['serious_untrustworthy'] as const),
  conditionCode: Type.String(),
  conditionText: Type.String(),
  authorityId: Uuid,
  authorityName: Type.String(),
  decisionNo: Type.String(),
  startsOn: DateString,
  plannedEndOn: DateString,
  repairFrom: DateString,
  inForce: Type.Boolean(),
  removedOn: Nullable(DateString),
  removalReason: Nullable(Type.String()),
  source: Type.String(),
  history: Type.Array(CreditRecordEventView),
});
export type CreditRecordView = Static<typeof CreditRecordView>;

export const EnterpriseCredit = Type.Object({
  enterpriseId: Uuid,
  jointPunishment: Type.Boolean(),
  records: Type.Array(CreditRecordView),
  canList: Type.Boolean(),
});

export const CreditRecordBody = Type.Object(
  {
    enterpriseId: Uuid,
    conditionCode: literals(CREDIT_CONDITION_CODES),
    conditionText: Type.String({ minLength: 1, maxLength: 2000 }),
    decisionNo: Type.Optional(Type.String({ maxLength: 100 })),
    startsOn: DateString,
  },
  { additionalProperties: false },
);

export const CreditRemovalBody = Type.Object(
  {
    removedOn: DateString,
    reason: Type.String({ minLength: 4, maxLength: 2000, description: 'the credit repair done' }),
  },
  { additionalProperties: false },
);
