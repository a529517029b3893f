import { Type, type Static } from '@sinclair/typebox';
import { literals, Nullable, PageQuery, RateFraction, RatePercent, Uuid } from './common.ts';
import { FileView } from './files.ts';

/** Hazard rectification: lifecycle actions, detail view, statistics. */
export const HAZARD_STATUSES = [
  'reported',
  'confirmed',
  'rejected',
  'rectification_ordered',
  'rectifying',
  'submitted',
  'accepted',
  'closed',
] as const;
export const HAZARD_GRADES = ['general', 'major'] as const;
/** Chinese names of statuses and grades, for documents and exports (the web app has both languages). */
export const HAZARD_STATUS_NAMES: Readonly<Record<string, string>> = {
  reported: '已上报',
  confirmed: '已确认',
  rejected: '不予确认',
  rectification_ordered: '已责令整改',
  rectifying: '整改中',
  submitted: '已提交整改',
  accepted: '已验收待销号',
  closed: '已销案',
} satisfies Record<(typeof HAZARD_STATUSES)[number], string>;
export const HAZARD_GRADE_NAMES: Readonly<Record<string, string>> = {
  general: '一般',
  major: '重大',
} satisfies Record<(typeof HAZARD_GRADES)[number], string>;
export const HAZARD_ACTIONS = [
  'confirm',
  'reject',
  'rectify_on_spot',
  'order_rectification',
  'submit_plan',
  'list_for_supervision',
  'start_rectification',
  'submit_evidence',
  'review',
  'close_out',
  'request_extension',
  'decide_extension',
  'confirm_evidence',
] as const;
export const LISTING_LEVELS = ['national', 'province', 'city', 'county'] as const;

/** A deadline: a calendar date (= end of that day in the service's time zone) or an ISO instant with offset. */
export const DeadlineInput = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$',
  description: 'YYYY-MM-DD (end of that day) or an ISO date-time with offset',
});
const Note = Type.String({ maxLength: 2000 });
const Reason = Type.String({ minLength: 1, maxLength: 2000 });
const FileIds = Type.Array(Uuid, { minItems: 1, maxItems: 30, uniqueItems: true });

export const TreatmentPlanBody = Type.Object(
  {
    responsibility: Type.String({ maxLength: 1000, description: '责任落实: responsible body and people' }),
    measures: Type.String({ maxLength: 4000, description: '措施落实: methods and measures' }),
    funds: Type.String({ maxLength: 1000, description: '资金落实: funds and materials' }),
    timeLimit: Type.String({ maxLength: 1000, description: '时限落实: time limit' }),
    contingencyPlan: Type.String({
      maxLength: 4000,
      description: '预案落实: safety measures and contingency plan',
    }),
    targets: Type.Optional(Type.String({ maxLength: 2000, description: 'targets and tasks' })),
  },
  { additionalProperties: false },
);

/**
 * One body for every action, discriminated by `type`; which other fields each type takes is in
 * HAZARD_ACTION_FIELDS (the server refuses a field that does not belong to the type, naming it).
 */
export const HazardActionBody = Type.Object(
  {
    type: literals(HAZARD_ACTIONS),
    grade: Type.Optional(literals(HAZARD_GRADES)),
    reason: Type.Optional(Reason),
    note: Type.Optional(Note),
    comment: Type.Optional(Note),
    evidenceFileIds: Type.Optional(FileIds),
    deadline: Type.Optional(DeadlineInput),
    requestedDeadline: Type.Optional(DeadlineInput),
    plan: Type.Optional(TreatmentPlanBody),
    level: Type.Optional(literals(LISTING_LEVELS)),
    accepted: Type.Optional(Type.Boolean()),
    approved: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const HAZARD_ACTION_FIELDS: Record<
  (typeof HAZARD_ACTIONS)[number],
  { required: readonly string[]; optional: readonly string[] }
> = {
  confirm: { required: [], optional: ['grade', 'note'] },
  reject: { required: ['reason'], optional: [] },
  rectify_on_spot: { required: ['evidenceFileIds'], optional: ['note'] },
  order_rectification: { required: ['deadline'], optional: ['note'] },
  submit_plan: { required: ['plan'], optional: [] },
  list_for_supervision: { required: [], optional: ['level', 'note'] },
  start_rectification: { required: [], optional: ['note'] },
  submit_evidence: { required: ['evidenceFileIds'], optional: ['note'] },
  review: { required: ['accepted'], optional: ['deadline', 'comment'] },
  close_out: { required: [], optional: ['comment'] },
  request_extension: { required: ['requestedDeadline', 'reason'], optional: [] },
  decide_extension: { required: ['approved'], optional: ['deadline', 'comment'] },
  confirm_evidence: { required: ['accepted'], optional: ['comment'] },
};
export type HazardActionBody = Static<typeof HazardActionBody>;

export const HazardStateView = Type.Object({
  status: literals(HAZARD_STATUSES),
  grade: literals(HAZARD_GRADES),
  deadline: Nullable(Type.String()),
  plan: Nullable(Type.Record(Type.String(), Type.String())),
  listing: Nullable(
    Type.Object({
      authorityId: Type.String(),
      authorityName: Type.Optional(Type.String()),
      level: Type.String(),
      listedAt: Type.String(),
      listedBy: Type.String(),
    }),
  ),
  pendingExtension: Nullable(
    Type.Object({
      requestedDeadline: Type.String(),
      reason: Type.String(),
      requestedAt: Type.String(),
      requestedBy: Type.String(),
    }),
  ),
  evidence: Type.Array(Type.String()),
  returnedCount: Type.Integer(),
  acceptance: Nullable(Type.Object({ at: Type.String(), by: Type.String() })),
  closure: Nullable(
    Type.Object({
      at: Type.String(),
      by: Type.String(),
      via: Type.String(),
      authorityId: Nullable(Type.String()),
    }),
  ),
  /** Supervision's confirmation of the evidence, on hazards of projects with a supervision party. */
  supervision: Type.Optional(
    Type.Object({
      required: Type.Boolean(),
      confirmedAt: Nullable(Type.String()),
      confirmedBy: Nullable(Type.String()),
    }),
  ),
});

export const HazardEventView = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorName: Type.String(),
  actorRole: Type.String(),
  from: Nullable(Type.String()),
  to: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  evidenceFileIds: Type.Array(Uuid),
  documentId: Nullable(Uuid),
});

export const EvidenceFileView = Type.Composite([
  FileView,
  Type.Object({
    /** The photo's EXIF capture time is before the hazard was found: it cannot show the fix. */
    takenBeforeFound: Nullable(Type.Boolean()),
    /** Distance in metres from the site (when both positions are known). */
    metresFromSite: Nullable(Type.Number()),
    /** Handed in with a submission (or an on-the-spot fix); false = uploaded, not yet submitted. */
    submitted: Type.Optional(Type.Boolean()),
  }),
]);

export const HazardSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  grade: literals(HAZARD_GRADES),
  status: literals(HAZARD_STATUSES),
  source: Type.String(),
  regionCode: Type.String(),
  enterpriseId: Nullable(Uuid),
  enterpriseName: Nullable(Type.String()),
  projectId: Nullable(Uuid),
  projectName: Nullable(Type.String()),
  siteId: Nullable(Uuid),
  siteName: Nullable(Type.String()),
  inspectionId: Nullable(Uuid),
  foundAt: Type.String({ format: 'date-time' }),
  foundByName: Nullable(Type.String()),
  deadline: Nullable(Type.String({ format: 'date-time' })),
  overdue: Type.Boolean(),
  overdueDays: Type.Integer(),
  listed: Type.Boolean(),
  pendingExtension: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type HazardSummary = Static<typeof HazardSummary>;

export const HazardDetail = Type.Composite([
  HazardSummary,
  Type.Object({
    description: Type.String(),
    checklistItemCode: Nullable(Type.String()),
    legalBasis: Type.Array(Type.Unknown()),
    legalBasisText: Type.String(),
    state: HazardStateView,
    allowedActions: Type.Array(literals(HAZARD_ACTIONS)),
    evidence: Type.Array(EvidenceFileView),
    foundEvidence: Type.Array(EvidenceFileView),
    events: Type.Array(HazardEventView),
    documents: Type.Array(
      Type.Object({
        id: Uuid,
        kind: Type.String(),
        kindName: Type.String(),
        number: Nullable(Type.String()),
        status: Type.String(),
        issuedAt: Nullable(Type.String()),
      }),
    ),
  }),
]);
export type HazardDetail = Static<typeof HazardDetail>;

export const RectificationQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(
      Type.Union([literals(HAZARD_STATUSES), Type.Array(literals(HAZARD_STATUSES), { maxItems: 8 })]),
    ),
    grade: Type.Optional(literals(HAZARD_GRADES)),
    overdue: Type.Optional(Type.Boolean()),
    open: Type.Optional(Type.Boolean({ description: 'neither closed nor rejected' })),
    listed: Type.Optional(Type.Boolean()),
    enterpriseId: Type.Optional(Uuid),
    projectId: Type.Optional(Uuid),
    inspectionId: Type.Optional(Uuid),
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })),
    sort: Type.Optional(literals(['deadline', 'foundAt', 'updatedAt', 'grade'] as const)),
  },
  { additionalProperties: false },
);

export const STATS_GROUPS = ['region', 'enterprise', 'project', 'module', 'inspector'] as const;
export const HazardStatsQuery = Type.Object(
  {
    groupBy: Type.Optional(literals(STATS_GROUPS)),
    from: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'found on or after (YYYY-MM-DD)' }),
    ),
    to: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'found on or before (YYYY-MM-DD)' }),
    ),
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);
export const HazardFiguresView = Type.Object({
  found: Type.Integer(),
  closed: Type.Integer(),
  closedOnTime: Type.Integer(),
  overdue: Type.Integer(),
  majorOpen: Type.Integer(),
  rate: RateFraction('Rectification rate: closed / found'),
  ratePercent: RatePercent('Rectification rate: closed / found'),
  onTimeRate: RateFraction('On-time rate: closed on time / found'),
  onTimeRatePercent: RatePercent('On-time rate: closed on time / found'),
});
export const HazardStats = Type.Object({
  asOf: Type.String({ format: 'date-time' }),
  total: HazardFiguresView,
  groupBy: Nullable(literals(STATS_GROUPS)),
  groups: Type.Array(
    Type.Composite([Type.Object({ key: Type.String(), name: Type.String() }), HazardFiguresView]),
  ),
});
export type HazardStats = Static<typeof HazardStats>;

export type HazardFiguresView = Static<typeof HazardFiguresView>;
export type EvidenceFileView = Static<typeof EvidenceFileView>;
export type HazardEventView = Static<typeof HazardEventView>;

export const HAZARD_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
/** The hazard list's filters and sort (no paging) and the file format: an export is the whole filtered list. */
export const HazardExportQuery = Type.Object(
  {
    ...Type.Omit(RectificationQuery, ['cursor', 'pageSize']).properties,
    format: Type.Optional(literals(HAZARD_EXPORT_FORMATS)),
  },
  { additionalProperties: false },
);
export type HazardExportQuery = Static<typeof HazardExportQuery>;
