import { Type, type Static } from '@sinclair/typebox';
import { DateString, literals, Localized, Nullable, PageQuery, Uuid } from './common.ts';
import { ChecklistItem } from './checklist.ts';
import { FileView } from './files.ts';

/** Inspections: kinds, targets, the team, item-by-item findings, JGJ 59 score, signatures, record. */
export const INSPECTION_KINDS = [
  'routine',
  'special',
  'cross',
  'group',
  'self',
  'alarm_verification',
] as const;
export const INSPECTION_STATUSES = ['draft', 'in_progress', 'signed', 'finished', 'cancelled'] as const;
export const INSPECTION_TARGET_KINDS = ['enterprise', 'project', 'site', 'equipment'] as const;
export const FINDING_RESULTS = ['pending', 'pass', 'fail', 'na'] as const;
export const FINDING_HAZARD_GRADES = ['general', 'major'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export type InspectionTargetKind = (typeof INSPECTION_TARGET_KINDS)[number];
export type FindingResult = (typeof FINDING_RESULTS)[number];

const Instant = Type.String({ format: 'date-time' });
const Text = (max: number) => Type.String({ maxLength: max });

/** One step of a rule's reasoning; the UI renders code + params in Chinese or English. */
export const ExplanationStep = Type.Object({
  code: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
});
export type ExplanationStep = Static<typeof ExplanationStep>;

export const InspectionTarget = Type.Object({
  kind: literals(INSPECTION_TARGET_KINDS),
  id: Uuid,
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  address: Type.String(),
  /** industry code (enterprise), project type, site kind, equipment category */
  type: Nullable(Type.String()),
  principal: Type.String(),
  enterpriseId: Nullable(Uuid),
  enterpriseName: Nullable(Type.String()),
  projectId: Nullable(Uuid),
});
export type InspectionTarget = Static<typeof InspectionTarget>;

export const InspectionMember = Type.Object({
  userId: Uuid,
  role: literals(['leader', 'member'] as const),
  displayName: Type.String(),
  licenceNo: Nullable(Type.String()),
  homeRegionCode: Type.String(),
  homeRegionName: Nullable(Type.String()),
  authorityId: Nullable(Uuid),
  authorityName: Nullable(Type.String()),
  /** From outside the target's jurisdiction (cross-inspection). */
  outsideJurisdiction: Type.Boolean(),
  signed: Type.Boolean(),
  /** When the officer confirmed, themself, that they took part (Administrative Penalty Law 2021 art. 42); null: not yet. */
  confirmedAt: Nullable(Instant),
});
export type InspectionMember = Static<typeof InspectionMember>;

export const FindingDeduction = Type.Object(
  {
    rule: Type.Integer({ minimum: 0, description: 'index in the item scoring.deductions' }),
    points: Type.Number({ minimum: 0 }),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 999, default: 1 })),
  },
  { additionalProperties: false },
);
export type FindingDeduction = Static<typeof FindingDeduction>;

export const FindingView = Type.Object({
  id: Uuid,
  itemId: Uuid,
  versionId: Uuid,
  libraryCode: Type.String(),
  moduleCode: Type.String(),
  moduleName: Localized,
  table: Nullable(Type.String()),
  sort: Type.Integer(),
  item: ChecklistItem,
  result: literals(FINDING_RESULTS),
  note: Type.String(),
  measuredValue: Type.String(),
  deductions: Type.Array(Type.Object({ rule: Type.Integer(), points: Type.Number(), count: Type.Integer() })),
  deducted: Type.Number(),
  hazardDescription: Type.String(),
  hazardGrade: Nullable(literals(FINDING_HAZARD_GRADES)),
  rectifyDays: Nullable(Type.Integer()),
  photos: Type.Array(FileView),
  recordedBy: Nullable(Uuid),
  recordedAt: Nullable(Instant),
  hazardId: Nullable(Uuid),
});
export type FindingView = Static<typeof FindingView>;

export const FindingInput = Type.Object(
  {
    result: literals(['pass', 'fail', 'na', 'pending'] as const),
    note: Type.Optional(Text(2000)),
    measuredValue: Type.Optional(Text(200)),
    /** Failed scored items: the deduction rules that apply. */
    deductions: Type.Optional(Type.Array(FindingDeduction, { maxItems: 30 })),
    /** Failed items: what was found (required) and its grade (defaults to the item's). */
    hazardDescription: Type.Optional(Text(2000)),
    hazardGrade: Type.Optional(literals(FINDING_HAZARD_GRADES)),
    rectifyDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 365 }))),
  },
  { additionalProperties: false },
);
export type FindingInput = Static<typeof FindingInput>;

export const BulkFindingInput = Type.Object(
  {
    /** Only items still pending are changed. */
    moduleCode: Type.Optional(Type.String({ maxLength: 40 })),
    versionId: Type.Optional(Uuid),
    result: literals(['pass', 'na'] as const),
  },
  { additionalProperties: false },
);

export const TableScoreView = Type.Object({
  table: Type.String(),
  moduleCode: Type.String(),
  name: Localized,
  present: Type.Boolean(),
  pending: Type.Integer(),
  score: Nullable(Type.Number()),
  zeroed: Type.Boolean(),
  guaranteeSubtotal: Nullable(Type.Number()),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  explanation: Type.Array(ExplanationStep),
});
export const SummaryItemScoreView = Type.Object({
  key: Type.String(),
  name: Localized,
  weight: Type.Number(),
  present: Type.Boolean(),
  tableScore: Nullable(Type.Number()),
  a1: Nullable(Type.Number()),
  explanation: Type.Array(ExplanationStep),
});
export const ScoreView = Type.Object({
  versionId: Uuid,
  libraryCode: Type.String(),
  libraryName: Localized,
  pending: Type.Integer(),
  provisional: Type.Boolean(),
  tables: Type.Array(TableScoreView),
  summary: Nullable(
    Type.Object({
      items: Type.Array(SummaryItemScoreView),
      total: Type.Number(),
      grade: literals(['excellent', 'qualified', 'unqualified'] as const),
      gradeReason: ExplanationStep,
      zeroedTables: Type.Array(Type.String()),
      explanation: Type.Array(ExplanationStep),
    }),
  ),
  summaryError: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
});
export type ScoreView = Static<typeof ScoreView>;

export const SignatureView = Type.Object({
  id: Uuid,
  party: literals(['inspector', 'inspected'] as const),
  userId: Nullable(Uuid),
  signerName: Type.String(),
  fileId: Nullable(Uuid),
  refused: Type.Boolean(),
  refusalReason: Type.String(),
  witnessName: Type.String(),
  signedAt: Instant,
});
export type SignatureView = Static<typeof SignatureView>;

export const SignatureInput = Type.Union([
  Type.Object(
    {
      party: literals(['inspector', 'inspected'] as const),
      /** The inspector signing (a team member); omit for the inspected party. */
      userId: Type.Optional(Uuid),
      signerName: Type.String({ minLength: 1, maxLength: 60 }),
      /** The drawn signature: a PNG data URL from the signature pad. */
      image: Type.String({ minLength: 30, maxLength: 1_000_000, pattern: '^data:image/png;base64,' }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      party: Type.Literal('inspected'),
      refused: Type.Literal(true),
      signerName: Type.Optional(Type.String({ maxLength: 60 })),
      refusalReason: Type.String({ minLength: 2, maxLength: 500 }),
      witnessName: Type.String({ minLength: 1, maxLength: 60 }),
    },
    { additionalProperties: false },
  ),
]);
export type SignatureInput = Static<typeof SignatureInput>;

export const InspectionHazard = Type.Object({
  id: Uuid,
  title: Type.String(),
  description: Type.String(),
  grade: literals(FINDING_HAZARD_GRADES),
  status: Type.String(),
  source: Type.String(),
  checklistItemCode: Nullable(Type.String()),
  inspectionId: Nullable(Uuid),
  findingId: Nullable(Uuid),
  regionCode: Type.String(),
  enterpriseId: Nullable(Uuid),
  projectId: Nullable(Uuid),
  siteId: Nullable(Uuid),
  equipmentId: Nullable(Uuid),
  evidenceFileIds: Type.Array(Uuid),
  legalBasis: Type.Array(Type.Object({ doc: Type.String(), clause: Type.Optional(Type.String()) })),
  foundAt: Instant,
  foundBy: Nullable(Uuid),
  deadline: Nullable(Instant),
  createdAt: Instant,
});
export type InspectionHazard = Static<typeof InspectionHazard>;

export const InspectionListItem = Type.Object({
  id: Uuid,
  number: Type.String(),
  kind: literals(INSPECTION_KINDS),
  status: literals(INSPECTION_STATUSES),
  title: Type.String(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  homeRegionCode: Type.String(),
  target: InspectionTarget,
  members: Type.Array(Type.Object({ userId: Uuid, displayName: Type.String(), role: Type.String() })),
  plannedOn: Nullable(DateString),
  startedAt: Nullable(Instant),
  finishedAt: Nullable(Instant),
  progress: Type.Object({ total: Type.Integer(), done: Type.Integer(), failed: Type.Integer() }),
  grade: Nullable(Type.String()),
  total: Nullable(Type.Number()),
  hazardCount: Type.Integer(),
  createdAt: Instant,
});
export type InspectionListItem = Static<typeof InspectionListItem>;

export const InspectionView = Type.Object({
  ...InspectionListItem.properties,
  topic: Type.String(),
  place: Type.String(),
  principalName: Type.String(),
  authorityId: Nullable(Uuid),
  authorityName: Nullable(Type.String()),
  groupId: Nullable(Uuid),
  groupName: Nullable(Type.String()),
  alarmId: Nullable(Uuid),
  members: Type.Array(InspectionMember),
  /** The cross-inspection facts: inspectors from another jurisdiction. */
  cross: Nullable(
    Type.Object({
      homeRegionCode: Type.String(),
      homeRegionName: Nullable(Type.String()),
      targetRegionCode: Type.String(),
      targetRegionName: Nullable(Type.String()),
    }),
  ),
  libraries: Type.Array(
    Type.Object({
      versionId: Uuid,
      libraryId: Uuid,
      code: Type.String(),
      name: Localized,
      version: Type.Integer(),
      status: Type.String(),
      scored: Type.Boolean(),
    }),
  ),
  findings: Type.Array(FindingView),
  scores: Type.Array(ScoreView),
  signatures: Type.Array(SignatureView),
  hazards: Type.Array(InspectionHazard),
  createdBy: Uuid,
  endedAt: Nullable(Instant),
  updatedAt: Instant,
  /** Bumped on header, status and team changes; send it as If-Match on an edit (issue 19). */
  version: Type.Integer(),
  /** What the caller may do now. */
  can: Type.Object({
    record: Type.Boolean(),
    sign: Type.Boolean(),
    finish: Type.Boolean(),
    cancel: Type.Boolean(),
    edit: Type.Boolean(),
    /** The caller is on the team and has not yet confirmed their participation. */
    confirm: Type.Boolean(),
    /** The caller leads the team and may add (or remove) a co-officer. */
    manageParticipants: Type.Boolean(),
  }),
  /**
   * Whether the two-officer rule applies: every kind but an enterprise self-inspection is law
   * enforcement (Administrative Penalty Law 2021 art. 42: at least two officers with certificates).
   */
  enforcement: Type.Boolean(),
  /** What still stands between this inspection and finishing. */
  blockers: Type.Array(
    Type.Object({
      code: Type.String(),
      params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
    }),
  ),
});
export type InspectionView = Static<typeof InspectionView>;

export const InspectionInput = Type.Object(
  {
    /**
     * A client-generated id (offline field pages, issue 19): creating again with the same id answers
     * the inspection already created by this user instead of a second one.
     */
    id: Type.Optional(Uuid),
    kind: literals(INSPECTION_KINDS),
    targetKind: literals(INSPECTION_TARGET_KINDS),
    targetId: Uuid,
    title: Type.Optional(Text(200)),
    topic: Type.Optional(Text(200)),
    plannedOn: Type.Optional(DateString),
    place: Type.Optional(Text(200)),
    principalName: Type.Optional(Text(60)),
    /** The team (users). Omitted: the creator alone. The first is the team leader unless leaderId says otherwise. */
    memberIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 20 })),
    leaderId: Type.Optional(Uuid),
    groupId: Type.Optional(Uuid),
    alarmId: Type.Optional(Uuid),
    /** Checklist items to inspect (from published versions); a scored table is always taken whole. */
    itemIds: Type.Array(Uuid, { minItems: 1, maxItems: 2000 }),
  },
  { additionalProperties: false },
);
export type InspectionInput = Static<typeof InspectionInput>;

export const InspectionPatch = Type.Object(
  {
    title: Type.Optional(Text(200)),
    topic: Type.Optional(Text(200)),
    plannedOn: Type.Optional(Nullable(DateString)),
    place: Type.Optional(Text(200)),
    principalName: Type.Optional(Text(60)),
  },
  { additionalProperties: false },
);

export const InspectionQuery = Type.Object(
  {
    ...PageQuery,
    kind: Type.Optional(literals(INSPECTION_KINDS)),
    status: Type.Optional(literals(INSPECTION_STATUSES)),
    inspectorId: Type.Optional(Uuid),
    targetKind: Type.Optional(literals(INSPECTION_TARGET_KINDS)),
    targetId: Type.Optional(Uuid),
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })),
    from: Type.Optional(DateString),
    to: Type.Optional(DateString),
    mine: Type.Optional(Type.Boolean({ description: 'only inspections I am a member of' })),
    sort: Type.Optional(literals(['createdAt', 'plannedOn', 'number', 'status'] as const)),
  },
  { additionalProperties: false },
);
export type InspectionQuery = Static<typeof InspectionQuery>;

export const ProposalQuery = Type.Object(
  { targetKind: literals(INSPECTION_TARGET_KINDS), targetId: Uuid },
  { additionalProperties: false },
);

export const ProposedItem = Type.Object({
  itemId: Uuid,
  code: Type.String(),
  title: Localized,
  grade: literals(FINDING_HAZARD_GRADES),
  scoringKind: Nullable(Type.String()),
  proposed: Type.Boolean(),
  /** Why (not) proposed: APPLIES_ALL, MATCHES, NO_MATCH, UNKNOWN_ON_SITE with the dimension and values. */
  reason: ExplanationStep,
});
export const Proposal = Type.Object({
  target: InspectionTarget,
  profile: Type.Object({
    scopes: Type.Array(Type.String()),
    industries: Type.Array(Type.String()),
    projectTypes: Type.Array(Type.String()),
    equipmentCategories: Type.Array(Type.String()),
    riskSourceKinds: Type.Array(Type.String()),
  }),
  libraries: Type.Array(
    Type.Object({
      libraryId: Uuid,
      code: Type.String(),
      name: Localized,
      regionCode: Type.String(),
      versionId: Uuid,
      version: Type.Integer(),
      scored: Type.Boolean(),
      scope: Type.String(),
      applicable: Type.Boolean(),
      proposedCount: Type.Integer(),
      modules: Type.Array(
        Type.Object({
          moduleId: Uuid,
          code: Type.String(),
          name: Localized,
          table: Nullable(Type.String()),
          items: Type.Array(ProposedItem),
        }),
      ),
    }),
  ),
  /** Regulators who may be on the team (same jurisdiction as the target; for a cross-inspection, others too). */
  candidates: Type.Array(
    Type.Object({
      userId: Uuid,
      displayName: Type.String(),
      role: Type.String(),
      licenceNo: Nullable(Type.String()),
      regionCode: Type.String(),
      regionName: Nullable(Type.String()),
      authorityName: Nullable(Type.String()),
      outsideJurisdiction: Type.Boolean(),
    }),
  ),
});
export type Proposal = Static<typeof Proposal>;

/** The on-site inspection record 现场检查记录 (WSL art. 65(1), 68): the data of the printed document. */
export const InspectionRecord = Type.Object({
  number: Type.String(),
  authorityName: Nullable(Type.String()),
  kind: Type.String(),
  inspected: Type.Object({
    name: Type.String(),
    address: Type.String(),
    principal: Type.String(),
    regionName: Nullable(Type.String()),
  }),
  place: Type.String(),
  startedAt: Nullable(Instant),
  endedAt: Nullable(Instant),
  inspectors: Type.Array(
    Type.Object({
      name: Type.String(),
      licenceNo: Nullable(Type.String()),
      authorityName: Nullable(Type.String()),
    }),
  ),
  cross: Type.Boolean(),
  checked: Type.Object({
    total: Type.Integer(),
    passed: Type.Integer(),
    failed: Type.Integer(),
    notApplicable: Type.Integer(),
  }),
  findings: Type.Array(
    Type.Object({
      code: Type.String(),
      title: Type.String(),
      description: Type.String(),
      grade: literals(FINDING_HAZARD_GRADES),
      basis: Type.String(),
      measure: Type.String(),
      rectifyDays: Nullable(Type.Integer()),
      photoCount: Type.Integer(),
    }),
  ),
  score: Nullable(Type.Object({ library: Type.String(), total: Type.Number(), grade: Type.String() })),
  signatures: Type.Array(SignatureView),
  frozen: Type.Boolean(),
});
export type InspectionRecord = Static<typeof InspectionRecord>;

export const InspectionGroupInput = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 100 }),
    kind: literals(['supervision', 'inspection'] as const),
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })),
    leaderId: Uuid,
    memberIds: Type.Array(Uuid, { maxItems: 30 }),
    tasks: Type.Optional(Text(4000)),
    targets: Type.Optional(
      Type.Array(
        Type.Object({ kind: literals(INSPECTION_TARGET_KINDS), id: Uuid }, { additionalProperties: false }),
        { maxItems: 200 },
      ),
    ),
    startsOn: Type.Optional(DateString),
    endsOn: Type.Optional(DateString),
  },
  { additionalProperties: false },
);
export type InspectionGroupInput = Static<typeof InspectionGroupInput>;

export const InspectionGroupView = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.String(),
  regionCode: Type.String(),
  leader: Type.Object({ userId: Uuid, displayName: Type.String() }),
  members: Type.Array(
    Type.Object({ userId: Uuid, displayName: Type.String(), licenceNo: Nullable(Type.String()) }),
  ),
  tasks: Type.String(),
  targets: Type.Array(
    Type.Object({ kind: Type.String(), id: Uuid, name: Type.String(), inspected: Type.Boolean() }),
  ),
  startsOn: Nullable(DateString),
  endsOn: Nullable(DateString),
  inspectionCount: Type.Integer(),
  createdAt: Instant,
});
export type InspectionGroupView = Static<typeof InspectionGroupView>;

/** Who may lead or join a group working in a region: active regulators whose jurisdiction covers it. */
export const GroupCandidateQuery = Type.Object(
  { regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })) },
  { additionalProperties: false },
);
export const GroupCandidate = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  role: Type.String(),
  licenceNo: Nullable(Type.String()),
  regionCode: Type.String(),
  authorityName: Nullable(Type.String()),
});
export type GroupCandidate = Static<typeof GroupCandidate>;

export const InspectionHazardQuery = Type.Object(
  {
    ...PageQuery,
    inspectionId: Type.Optional(Uuid),
    status: Type.Optional(Type.String({ maxLength: 40 })),
    grade: Type.Optional(literals(FINDING_HAZARD_GRADES)),
  },
  { additionalProperties: false },
);
