import { Type, type Static } from '@sinclair/typebox';
import { DateString, DivisionCode, Nullable, Page, PageQuery, Uuid, literals } from './common.ts';

/** Special equipment due-date work (issue 15): due within a month, overdue, unregistered; results. */
export const EQUIPMENT_DUE_LISTS = ['due', 'overdue', 'unregistered'] as const;
export const EQUIPMENT_INSPECTION_RESULTS = ['pass', 'pass_with_remarks', 'fail'] as const;

export const EquipmentDueQuery = Type.Object(
  {
    ...PageQuery,
    list: literals(EQUIPMENT_DUE_LISTS),
    regionCode: Type.Optional(DivisionCode),
    enterpriseId: Type.Optional(Uuid),
    categoryCode: Type.Optional(Type.String({ pattern: '^\\d{4}$' })),
  },
  { additionalProperties: false },
);

export const EquipmentDueItem = Type.Object({
  id: Uuid,
  registrationCode: Type.String(),
  categoryCode: Type.String(),
  categoryName: Nullable(Type.String()),
  typeName: Type.String(),
  enterpriseId: Uuid,
  enterpriseName: Nullable(Type.String()),
  siteId: Nullable(Uuid),
  siteName: Nullable(Type.String()),
  regionCode: Type.String(),
  location: Type.String(),
  registeredOn: Nullable(DateString),
  lastInspectionOn: Nullable(DateString),
  lastInspectionResult: Nullable(literals(EQUIPMENT_INSPECTION_RESULTS)),
  nextInspectionOn: Nullable(DateString),
  status: literals(['in_date', 'due_soon', 'overdue', 'failed', 'unknown'] as const),
  /** Days left (≥ 0) or past (< 0) the next inspection date; null without a date. */
  daysLeft: Nullable(Type.Integer()),
  mustNotBeUsed: Type.Boolean(),
});
export const EquipmentDuePage = Page(EquipmentDueItem);

export const EquipmentInspectionBody = Type.Object(
  {
    inspectedOn: DateString,
    result: literals(EQUIPMENT_INSPECTION_RESULTS),
    remarks: Type.Optional(Type.String({ maxLength: 2000 })),
    inspectorOrg: Type.Optional(Type.String({ maxLength: 200 })),
    defects: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 500 }), {
        maxItems: 50,
        description: 'the defects of a failed inspection; each becomes a hazard',
      }),
    ),
  },
  { additionalProperties: false },
);

export const EquipmentInspectionView = Type.Object({
  id: Uuid,
  equipmentId: Uuid,
  inspectedOn: DateString,
  result: literals(EQUIPMENT_INSPECTION_RESULTS),
  remarks: Type.String(),
  inspectorOrg: Type.String(),
  defects: Type.Array(Type.Object({ description: Type.String(), hazardId: Nullable(Uuid) })),
  nextInspectionOn: Nullable(DateString),
  intervalMonths: Nullable(Type.Integer()),
  recordedAt: Type.String({ format: 'date-time' }),
});

export const EquipmentOverdueCounts = Type.Object({
  overdue: Type.Integer(),
  failed: Type.Integer(),
  dueSoon: Type.Integer(),
  unregistered: Type.Integer(),
});
export type EquipmentDueItem = Static<typeof EquipmentDueItem>;
export type EquipmentInspectionView = Static<typeof EquipmentInspectionView>;
export type EquipmentOverdueCounts = Static<typeof EquipmentOverdueCounts>;
