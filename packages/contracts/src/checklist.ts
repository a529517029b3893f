// Checklist library files (data/checklists/*.yaml): one library of modules of check items, each item
// saying what to check, how to check it, how to handle a failure and on what legal basis.
import { Type, type Static } from '@sinclair/typebox';
import { literals } from './common.ts';

// ---------------------------------------------------------------------------------------------
// Vocabularies. The applicability keys must match the registry's reference data.

export const CHECKLIST_SCOPES = ['construction', 'special_equipment', 'industry'] as const;
/** look: visual; measure: with a tool; test: operate the device; document: records; interview: ask people. */
export const CHECK_METHOD_KINDS = ['look', 'measure', 'test', 'document', 'interview'] as const;
export const CHECKLIST_HAZARD_GRADES = ['general', 'major'] as const;
/** Default enforcement response when an item fails. */
export const CHECKLIST_HANDLING_MEASURES = [
  'rectification_order',
  'onsite_treatment',
  'stop_equipment',
  'penalty',
] as const;
export const CHECKLIST_SCORING_KINDS = ['guarantee', 'general'] as const;
/** A deduction applied per occurrence (每处/每项/每台) or per person (每人). */
export const CHECKLIST_DEDUCTION_UNITS = ['each', 'person'] as const;
export const CHECKLIST_PROJECT_TYPES = [
  'building',
  'municipal',
  'rail_transit',
  'decoration',
  'demolition',
] as const;
export const CHECKLIST_RISK_SOURCE_KINDS = [
  'welding_shop',
  'gas_storage',
  'chemical_storage',
  'tower_crane_area',
  'confined_space',
  'paint_shop',
  'dust_area',
  'boiler_room',
  'electrical_room',
  'foundation_pit',
  'scaffold',
  'hoist',
] as const;
export const CHECKLIST_INDUSTRIES = [
  'manufacturing',
  'chemicals',
  'metallurgy',
  'building_materials',
  'machinery',
  'light_industry',
  'textiles',
  'tobacco',
  'trade',
  'warehousing',
  'construction',
  'hazardous_chemicals',
  'fireworks',
  'mining',
] as const;
/** Special-equipment category codes (特种设备目录): 1000 boilers … 9000 ropeways. */
export const CHECKLIST_EQUIPMENT_CATEGORIES = [
  '1000',
  '2000',
  '3000',
  '4000',
  '5000',
  '6000',
  '8000',
  '9000',
] as const;

export const ChecklistScope = literals(CHECKLIST_SCOPES);
export const CheckMethodKind = literals(CHECK_METHOD_KINDS);
export const ChecklistHazardGrade = literals(CHECKLIST_HAZARD_GRADES);
export const ChecklistHandlingMeasure = literals(CHECKLIST_HANDLING_MEASURES);
export const ChecklistScoringKind = literals(CHECKLIST_SCORING_KINDS);
export const ChecklistDeductionUnit = literals(CHECKLIST_DEDUCTION_UNITS);
export const ChecklistProjectType = literals(CHECKLIST_PROJECT_TYPES);
export const ChecklistRiskSourceKind = literals(CHECKLIST_RISK_SOURCE_KINDS);
export const ChecklistIndustry = literals(CHECKLIST_INDUSTRIES);
export const ChecklistEquipmentCategory = literals(CHECKLIST_EQUIPMENT_CATEGORIES);

// ---------------------------------------------------------------------------------------------
// Building blocks

const closed = { additionalProperties: false } as const;

/** Bilingual text: Chinese (used in the UI and documents) and English. */
export const ChecklistText = Type.Object(
  { zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  closed,
);

/** Legal or technical basis: a document (law, regulation, rule, standard) and optionally its clause. */
export const ChecklistBasis = Type.Object(
  {
    doc: Type.String({ minLength: 1, description: 'Document title or number, e.g. JGJ 59-2011' }),
    clause: Type.Optional(
      Type.String({ minLength: 1, description: 'Article / clause, e.g. 第二十二条 or 3.1.3' }),
    ),
  },
  closed,
);

export const ChecklistMethod = Type.Object(
  {
    kind: CheckMethodKind,
    criterion: Type.Optional(ChecklistText),
  },
  closed,
);

export const ChecklistHandling = Type.Object(
  {
    grade: ChecklistHazardGrade,
    /** Default rectification time limit in days; 0 = immediately / on the spot. Absent = set case by case. */
    rectifyDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    measure: ChecklistHandlingMeasure,
  },
  closed,
);

/** Where an item applies. An absent key or an empty list means "all" for that dimension. */
export const ChecklistApplies = Type.Object(
  {
    industries: Type.Optional(Type.Array(ChecklistIndustry)),
    projectTypes: Type.Optional(Type.Array(ChecklistProjectType)),
    equipmentCategories: Type.Optional(Type.Array(ChecklistEquipmentCategory)),
    riskSourceKinds: Type.Optional(Type.Array(ChecklistRiskSourceKind)),
  },
  closed,
);

/**
 * One deduction rule in the JGJ 59 style: "未建立安全生产责任制，扣10分". `points` is the (maximum)
 * deduction; `minPoints` is given for ranges ("扣2～10分"); `per` for repeated deductions
 * ("每处扣2分", "每人扣5分"). The item's total deduction never exceeds its full score.
 */
export const ChecklistDeduction = Type.Object(
  {
    zh: Type.String({ minLength: 1 }),
    en: Type.String({ minLength: 1 }),
    points: Type.Number({ exclusiveMinimum: 0 }),
    minPoints: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    per: Type.Optional(ChecklistDeductionUnit),
  },
  closed,
);

export const ChecklistScoring = Type.Object(
  {
    kind: ChecklistScoringKind,
    fullScore: Type.Number({ exclusiveMinimum: 0 }),
    deductions: Type.Array(ChecklistDeduction, { minItems: 1 }),
  },
  closed,
);

/** How far an item's content was checked against a published text (issue 11). */
export const CHECKLIST_PROVENANCE_STATUSES = ['confirmed', 'partial', 'unverified'] as const;
export type ChecklistProvenanceStatus = (typeof CHECKLIST_PROVENANCE_STATUSES)[number];
/** The parts of an item that can be confirmed: its title (wording), its points, its deduction rules. */
export const CHECKLIST_PROVENANCE_PARTS = ['title', 'points', 'deductions'] as const;

/**
 * Where an item comes from: the edition and clause it encodes, and whether its wording and points were
 * confirmed against a published text (`source` names which) — 'confirmed' (all of it), 'partial' (the
 * parts in `confirmed`), or 'unverified' (written from memory or a summary; to be checked before it is
 * relied on in an enforcement document). Every shipped item carries one.
 */
export const ChecklistProvenance = Type.Object(
  {
    edition: Type.String({ minLength: 1, description: 'e.g. JGJ 59-2011, 建质规〔2024〕5号' }),
    clause: Type.String({ minLength: 1, description: 'e.g. 表B.1 第1项, 第四条第（一）项' }),
    status: literals(CHECKLIST_PROVENANCE_STATUSES),
    confirmed: Type.Optional(Type.Array(literals(CHECKLIST_PROVENANCE_PARTS))),
    source: Type.Optional(
      Type.String({ minLength: 1, description: 'the published text it was checked against' }),
    ),
    note: Type.Optional(Type.String()),
  },
  closed,
);
export type ChecklistProvenance = Static<typeof ChecklistProvenance>;

export const ChecklistItem = Type.Object(
  {
    /** Unique within the library, e.g. B.1.1, MH.8.4, SE.ELV.3. */
    code: Type.String({ pattern: '^[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*$' }),
    title: ChecklistText,
    /** What to check. */
    check: ChecklistText,
    /** How to check. */
    method: ChecklistMethod,
    /** How to handle a failure. */
    handling: ChecklistHandling,
    /** Legal basis; at least one. */
    basis: Type.Array(ChecklistBasis, { minItems: 1 }),
    applies: Type.Optional(ChecklistApplies),
    keywords: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    /** Only in scored libraries (JGJ 59). */
    scoring: Type.Optional(ChecklistScoring),
    /** Free text; "(R)" marks content recalled rather than confirmed against the official text. */
    note: Type.Optional(Type.String()),
    /** Edition, clause and how far it was confirmed; every shipped item has one (optional for drafts). */
    provenance: Type.Optional(ChecklistProvenance),
  },
  closed,
);

export const ChecklistModule = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*$' }),
    name: ChecklistText,
    description: Type.Optional(ChecklistText),
    /** Scored libraries: the scoring table this module is (e.g. B.1). */
    table: Type.Optional(Type.String({ minLength: 1 })),
    /** Scored libraries: whether items split into guarantee (60) and general (40) items. */
    hasSplit: Type.Optional(Type.Boolean()),
    items: Type.Array(ChecklistItem, { minItems: 1 }),
  },
  closed,
);

/** A line of the summary table (JGJ 59 appendix A): weight and the tables feeding it. */
export const ChecklistSummaryItem = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
    name: ChecklistText,
    weight: Type.Number({ exclusiveMinimum: 0 }),
    tables: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  },
  closed,
);

/** One library file in data/checklists. */
export const ChecklistLibraryFile = Type.Object(
  {
    /** Library code, kebab-case. */
    code: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    name: ChecklistText,
    /** Edition of the source rule, e.g. JGJ 59-2011. */
    edition: Type.String({ minLength: 1 }),
    /** Version of this library's content. */
    version: Type.String({ minLength: 1 }),
    scope: ChecklistScope,
    /** True only for score-based libraries (JGJ 59). */
    scored: Type.Boolean(),
    /** Effective date of the source rule (YYYY-MM-DD), when known. */
    effective: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    description: Type.Optional(ChecklistText),
    /** Scored libraries only. */
    summary: Type.Optional(Type.Array(ChecklistSummaryItem, { minItems: 1 })),
    modules: Type.Array(ChecklistModule, { minItems: 1 }),
  },
  closed,
);

export type ChecklistScope = Static<typeof ChecklistScope>;
export type CheckMethodKind = Static<typeof CheckMethodKind>;
export type ChecklistHazardGrade = Static<typeof ChecklistHazardGrade>;
export type ChecklistHandlingMeasure = Static<typeof ChecklistHandlingMeasure>;
export type ChecklistScoringKind = Static<typeof ChecklistScoringKind>;
export type ChecklistDeductionUnit = Static<typeof ChecklistDeductionUnit>;
export type ChecklistProjectType = Static<typeof ChecklistProjectType>;
export type ChecklistRiskSourceKind = Static<typeof ChecklistRiskSourceKind>;
export type ChecklistIndustry = Static<typeof ChecklistIndustry>;
export type ChecklistEquipmentCategory = Static<typeof ChecklistEquipmentCategory>;
export type ChecklistText = Static<typeof ChecklistText>;
export type ChecklistBasis = Static<typeof ChecklistBasis>;
export type ChecklistMethod = Static<typeof ChecklistMethod>;
export type ChecklistHandling = Static<typeof ChecklistHandling>;
export type ChecklistApplies = Static<typeof ChecklistApplies>;
export type ChecklistDeduction = Static<typeof ChecklistDeduction>;
export type ChecklistScoring = Static<typeof ChecklistScoring>;
export type ChecklistItem = Static<typeof ChecklistItem>;
export type ChecklistModule = Static<typeof ChecklistModule>;
export type ChecklistSummaryItem = Static<typeof ChecklistSummaryItem>;
export type ChecklistLibraryFile = Static<typeof ChecklistLibraryFile>;
