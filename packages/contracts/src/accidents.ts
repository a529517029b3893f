import { Type, type Static } from '@sinclair/typebox';
import { DateString, DivisionCode, Nullable, Page, PageQuery, Uuid, literals } from './common.ts';

/** Accident reports (issue 15): State Council Order No. 493 grades and reporting; GB 6441 types. */
export const ACCIDENT_GRADES = ['especially_serious', 'serious', 'larger', 'general'] as const;
export const ACCIDENT_GRADE_LABELS: Record<(typeof ACCIDENT_GRADES)[number], string> = {
  especially_serious: '特别重大事故',
  serious: '重大事故',
  larger: '较大事故',
  general: '一般事故',
};
export const ACCIDENT_TYPE_CODES = [
  '01', '02', '03', '04', '05', '06', '07', '08', '09', '10',
  '11', '12', '13', '14', '15', '16', '17', '18', '19', '20',
] as const; // prettier-ignore
export const REPORTING_LEVEL_CODES = ['county', 'city', 'province', 'national'] as const;
export const ACCIDENT_STAT_GROUPS = ['region', 'industry', 'type', 'grade', 'equipment', 'month'] as const;

const Instant = Type.String({
  format: 'date-time',
  description: 'ISO 8601 instant with its offset, e.g. 2026-05-01T09:30:00+08:00',
});
const Count = Type.Integer({ minimum: 0, maximum: 100_000 });
const Yuan = Type.Number({
  minimum: 0,
  maximum: 1e13,
  description: 'direct economic loss in yuan (元); stored to the fen (two decimals)',
});

export const AccidentCasualties = {
  deaths: Count,
  seriousInjuries: Type.Integer({
    minimum: 0,
    maximum: 100_000,
    description: 'serious injuries including acute industrial poisoning (重伤，含急性工业中毒)',
  }),
  minorInjuries: Count,
  missing: Count,
  directLossYuan: Yuan,
};

export const AccidentBody = Type.Object(
  {
    occurredAt: Instant,
    regionCode: DivisionCode,
    address: Type.String({ maxLength: 300 }),
    enterpriseId: Type.Optional(Nullable(Uuid)),
    projectId: Type.Optional(Nullable(Uuid)),
    typeCode: literals(ACCIDENT_TYPE_CODES),
    roadTraffic: Type.Optional(
      Type.Boolean({ description: 'a road traffic accident (7-day update window)' }),
    ),
    equipmentCategoryCode: Type.Optional(
      Nullable(Type.String({ pattern: '^\\d{4}$', description: 'special equipment category involved' })),
    ),
    industry: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
    course: Type.String({ maxLength: 4000, description: 'brief course of the accident (简要经过)' }),
    measures: Type.Optional(Type.String({ maxLength: 4000, description: 'measures taken (已采取的措施)' })),
    ...AccidentCasualties,
  },
  { additionalProperties: false },
);
export type AccidentBody = Static<typeof AccidentBody>;

/** A casualty / loss update (Order No. 493 art. 13); becomes a new version and may change the grade. */
export const AccidentUpdateBody = Type.Object(
  { ...AccidentCasualties, note: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);

export const AccidentReportedBody = Type.Object(
  { level: literals(REPORTING_LEVEL_CODES), at: Instant },
  { additionalProperties: false },
);

export const ReportingStepView = Type.Object({
  level: literals(REPORTING_LEVEL_CODES),
  levelName: Type.String(),
  deadline: Type.String({ format: 'date-time' }),
  reportedAt: Nullable(Type.String({ format: 'date-time' })),
  state: literals(['met', 'missed', 'pending', 'late_pending'] as const),
});

export const AccidentVersionView = Type.Object({
  version: Type.Integer(),
  deaths: Type.Integer(),
  seriousInjuries: Type.Integer(),
  minorInjuries: Type.Integer(),
  missing: Type.Integer(),
  directLossYuan: Type.String({ description: 'exact, yuan with two decimals' }),
  grade: literals(ACCIDENT_GRADES),
  note: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
});

export const AccidentListItem = Type.Object({
  id: Uuid,
  occurredAt: Type.String({ format: 'date-time' }),
  occurredOn: DateString,
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  address: Type.String(),
  enterpriseId: Nullable(Uuid),
  enterpriseName: Nullable(Type.String()),
  projectId: Nullable(Uuid),
  projectName: Nullable(Type.String()),
  typeCode: Type.String(),
  typeName: Nullable(Type.String()),
  grade: literals(ACCIDENT_GRADES),
  deaths: Type.Integer(),
  seriousInjuries: Type.Integer(),
  minorInjuries: Type.Integer(),
  missing: Type.Integer(),
  directLossYuan: Type.String(),
  version: Type.Integer(),
});

export const AccidentView = Type.Composite([
  AccidentListItem,
  Type.Object({
    roadTraffic: Type.Boolean(),
    equipmentCategoryCode: Nullable(Type.String()),
    equipmentCategoryName: Nullable(Type.String()),
    industry: Nullable(Type.String()),
    course: Type.String(),
    measures: Type.String(),
    gradeReason: Type.String({ description: 'e.g. "死亡 3 人 ≥ 3 人 → 较大"' }),
    gradeBasis: Type.String({ description: 'the rule and its bounds' }),
    reporting: Type.Array(ReportingStepView),
    updateWindow: Type.Object({
      days: Type.Integer(),
      lastDay: DateString,
      open: Type.Boolean(),
    }),
    versions: Type.Array(AccidentVersionView),
  }),
]);

export const AccidentListQuery = Type.Object(
  {
    ...PageQuery,
    from: Type.Optional(DateString),
    to: Type.Optional(DateString),
    regionCode: Type.Optional(DivisionCode),
    grade: Type.Optional(literals(ACCIDENT_GRADES)),
    typeCode: Type.Optional(literals(ACCIDENT_TYPE_CODES)),
    enterpriseId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export const AccidentPage = Page(AccidentListItem);

export const YOY_ROUNDING =
  'Year-on-year change in whole percent, rounded toward +∞ (ceiling) from the exact 100 × (current − previous) / previous: a fall rounds toward zero (11 → 6 is −45.45… %, shown −45), a rise away from zero (6 → 11 is +83.33… %, shown +84) — for counts of harm the rounding never flatters. null ("no base") when last year is 0; the counts are always given beside it.';

const Yoy = Type.Object({
  current: Type.Integer(),
  previous: Type.Integer(),
  changePercent: Nullable(Type.Integer({ description: YOY_ROUNDING })),
  direction: literals(['up', 'down', 'flat', 'no_base'] as const),
  text: Type.String({ description: 'e.g. "6 起（去年同期 11 起），同比下降 45 %"' }),
});

const FigureSet = Type.Object({
  accidents: Yoy,
  deaths: Yoy,
  seriousInjuries: Yoy,
  minorInjuries: Type.Integer(),
  missing: Type.Integer(),
  directLossYuan: Type.String(),
  previousDirectLossYuan: Type.String(),
});

export const AccidentStatsQuery = Type.Object(
  {
    from: DateString,
    to: DateString,
    groupBy: Type.Optional(literals(ACCIDENT_STAT_GROUPS)),
    regionCode: Type.Optional(DivisionCode),
    typeCode: Type.Optional(literals(ACCIDENT_TYPE_CODES)),
    equipmentCategoryCode: Type.Optional(Type.String({ pattern: '^\\d{4}$' })),
    industry: Type.Optional(Type.String({ maxLength: 60 })),
    grade: Type.Optional(literals(ACCIDENT_GRADES)),
  },
  { additionalProperties: false },
);

export const AccidentStats = Type.Object({
  period: Type.Object({ from: DateString, to: DateString }),
  previousPeriod: Type.Object({ from: DateString, to: DateString }),
  rounding: Type.String(),
  total: FigureSet,
  groups: Type.Array(Type.Composite([Type.Object({ key: Type.String(), name: Type.String() }), FigureSet])),
});
export type AccidentStats = Static<typeof AccidentStats>;

export const AccidentTypeView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  source: Type.String(),
});
export type AccidentListItem = Static<typeof AccidentListItem>;
export type AccidentView = Static<typeof AccidentView>;
