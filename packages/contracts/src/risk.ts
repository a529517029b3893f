import { Type, type Static } from '@sinclair/typebox';
import { DateString, DivisionCode, Nullable, PageQuery, Uuid, literals } from './common.ts';
import { RISK_COLOURS } from './registry.ts';
import { ExplanationStep } from './inspections.ts';

/**
 * Risk points (风险点) of a site, their LEC / LS assessments, the band sets they use, and the site's
 * four-colour risk map (issue 14). Colours: red 重大, orange 较大, yellow 一般, blue 低.
 */
export const RISK_POINT_KINDS = ['place', 'equipment', 'activity'] as const;
export const RISK_POINT_KIND_NAMES: Record<(typeof RISK_POINT_KINDS)[number], string> = {
  place: '场所',
  equipment: '设备设施',
  activity: '作业活动',
};
export const RISK_METHODS = ['LEC', 'LS'] as const;
export const RISK_COLOUR_NAMES: Record<(typeof RISK_COLOURS)[number], string> = {
  red: '重大风险（红）',
  orange: '较大风险（橙）',
  yellow: '一般风险（黄）',
  blue: '低风险（蓝）',
};

const Text = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });
const Colour = literals(RISK_COLOURS);
const InstantString = Type.String({ format: 'date-time' });

export const ControlMeasure = Type.Object(
  { measure: Text(300, 1), responsible: Text(80, 1) },
  { additionalProperties: false },
);
export const RiskItemLink = Type.Object({ itemId: Uuid }, { additionalProperties: false });

export const RiskPointInput = Type.Object(
  {
    siteId: Uuid,
    name: Text(120, 2),
    kind: literals(RISK_POINT_KINDS),
    location: Type.Optional(Text(200)),
    hazardFactors: Type.Optional(Type.Array(Text(120, 1), { maxItems: 30 })),
    controlMeasures: Type.Optional(Type.Array(ControlMeasure, { maxItems: 30 })),
    /** Checklist items (of published versions) that control the point. */
    checklistItemIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type RiskPointInput = Static<typeof RiskPointInput>;
export const RiskPointPatch = Type.Object(
  {
    name: Type.Optional(Text(120, 2)),
    kind: Type.Optional(literals(RISK_POINT_KINDS)),
    location: Type.Optional(Text(200)),
    hazardFactors: Type.Optional(Type.Array(Text(120, 1), { maxItems: 30 })),
    controlMeasures: Type.Optional(Type.Array(ControlMeasure, { maxItems: 30 })),
    checklistItemIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type RiskPointPatch = Static<typeof RiskPointPatch>;
export const RiskPointRetireBody = Type.Object({ reason: Text(300, 2) }, { additionalProperties: false });

export const RiskAssessmentInput = Type.Object(
  {
    method: literals(RISK_METHODS),
    /** LEC: { L, E, C }; LS: { L, S } — each one of the band set's allowed values. */
    factors: Type.Record(Type.String({ pattern: '^[A-Z]$' }), Type.Number(), {
      minProperties: 1,
      maxProperties: 3,
    }),
    note: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export type RiskAssessmentInput = Static<typeof RiskAssessmentInput>;

export const RiskAssessment = Type.Object({
  id: Uuid,
  method: literals(RISK_METHODS),
  factors: Type.Record(Type.String(), Type.Number()),
  value: Type.Number(),
  colour: Colour,
  bandSetId: Uuid,
  bandVersion: Type.Integer(),
  bandScope: Type.String(),
  explanation: Type.Array(ExplanationStep),
  note: Type.String(),
  assessedBy: Uuid,
  assessedByName: Type.String(),
  assessedAt: InstantString,
});
export type RiskAssessment = Static<typeof RiskAssessment>;

/** A point's attention, read from hazards found at its site on its checklist items (not a flag). */
export const RiskAttention = Type.Object({
  openHazards: Type.Integer(),
  lastHazard: Nullable(
    Type.Object({ id: Uuid, title: Type.String(), status: Type.String(), foundAt: InstantString }),
  ),
});

export const RiskPoint = Type.Object({
  id: Uuid,
  siteId: Uuid,
  siteName: Type.String(),
  regionCode: Type.String(),
  name: Type.String(),
  kind: literals(RISK_POINT_KINDS),
  location: Type.String(),
  hazardFactors: Type.Array(Type.String()),
  controlMeasures: Type.Array(Type.Object({ measure: Type.String(), responsible: Type.String() })),
  colour: Nullable(Colour),
  latest: Nullable(RiskAssessment),
  attention: RiskAttention,
  retiredAt: Nullable(InstantString),
  retireReason: Nullable(Type.String()),
  createdAt: InstantString,
  updatedAt: InstantString,
});
export type RiskPoint = Static<typeof RiskPoint>;

export const RiskPointDetail = Type.Intersect([
  RiskPoint,
  Type.Object({
    checklistItems: Type.Array(
      Type.Object({
        itemId: Uuid,
        code: Type.String(),
        title: Type.String(),
        libraryId: Uuid,
        libraryCode: Type.String(),
        versionId: Uuid,
      }),
    ),
    assessments: Type.Array(RiskAssessment),
    siteColour: Nullable(Colour),
  }),
]);
export type RiskPointDetail = Static<typeof RiskPointDetail>;

export const RiskPointQuery = Type.Object(
  {
    ...PageQuery,
    siteId: Type.Optional(Uuid),
    colour: Type.Optional(Colour),
    includeRetired: Type.Optional(Type.Boolean()),
    sort: Type.Optional(literals(['createdAt', 'name'] as const)),
  },
  { additionalProperties: false },
);

const Band = Type.Object(
  { colour: Colour, from: Type.Number({ minimum: 0 }), includeFrom: Type.Boolean() },
  { additionalProperties: false },
);
export const RiskBandSet = Type.Object({
  id: Uuid,
  method: literals(RISK_METHODS),
  regionPrefix: Type.String(),
  regionName: Nullable(Type.String()),
  industryCode: Nullable(Type.String()),
  version: Type.Integer(),
  factors: Type.Record(Type.String(), Type.Array(Type.Number())),
  bands: Type.Array(Band),
  effectiveFrom: DateString,
  source: Type.String(),
  confirmation: Type.String(),
  createdAt: InstantString,
});
export type RiskBandSet = Static<typeof RiskBandSet>;
export const RiskBandSetInput = Type.Object(
  {
    method: literals(RISK_METHODS),
    /** A region code prefix within your jurisdiction (omit = your jurisdiction). */
    regionPrefix: Type.Optional(Type.Union([DivisionCode, Type.Literal('')])),
    industryCode: Type.Optional(Nullable(Text(40, 1))),
    factors: Type.Record(
      Type.String({ pattern: '^[A-Z]$' }),
      Type.Array(Type.Number(), { minItems: 1, maxItems: 12 }),
    ),
    bands: Type.Array(Band, { minItems: 1, maxItems: 4 }),
    effectiveFrom: DateString,
    source: Text(300, 2),
    confirmation: Text(300, 2),
  },
  { additionalProperties: false },
);
export const RiskBandSetQuery = Type.Object(
  { method: Type.Optional(literals(RISK_METHODS)), siteId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export const RiskBandSetList = Type.Object({
  items: Type.Array(RiskBandSet),
  /** With siteId: the set each method would use for that site today. */
  inForce: Type.Optional(Type.Object({ LEC: Nullable(Uuid), LS: Nullable(Uuid) })),
});

export const RiskZoneInput = Type.Object(
  {
    name: Text(80, 1),
    /** Corners as [x, y], each 0..1 of the image's width and height. */
    polygon: Type.Array(Type.Array(Type.Number({ minimum: 0, maximum: 1 }), { minItems: 2, maxItems: 2 }), {
      minItems: 3,
      maxItems: 100,
    }),
    riskPointIds: Type.Array(Uuid, { minItems: 1, maxItems: 30 }),
  },
  { additionalProperties: false },
);
export const RiskZonesBody = Type.Object(
  { zones: Type.Array(RiskZoneInput, { maxItems: 100 }) },
  { additionalProperties: false },
);
export type RiskZonesBody = Static<typeof RiskZonesBody>;

export const RiskMap = Type.Object({
  site: Type.Object({
    id: Uuid,
    name: Type.String(),
    regionCode: Type.String(),
    regionName: Nullable(Type.String()),
    ownerName: Nullable(Type.String()),
    colour: Nullable(Colour),
    /** A colour set by hand before risk points existed (migration 0500), shown as such, never as computed. */
    legacyColour: Nullable(Colour),
  }),
  plan: Nullable(
    Type.Object({
      fileId: Uuid,
      url: Type.String(),
      width: Nullable(Type.Integer()),
      height: Nullable(Type.Integer()),
      uploadedAt: InstantString,
    }),
  ),
  zones: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      polygon: Type.Array(Type.Array(Type.Number())),
      riskPointIds: Type.Array(Uuid),
      colour: Nullable(Colour),
    }),
  ),
  points: Type.Array(RiskPoint),
  /** Whether the caller may change points, the plan and zones (and assess). */
  canManage: Type.Boolean(),
  canAssess: Type.Boolean(),
});
export type RiskMap = Static<typeof RiskMap>;
export const SiteIdParams = Type.Object({ id: Uuid });
