import { Type, type Static } from '@sinclair/typebox';
import { DateString, Nullable, Page, PageQuery, RatePercent, Uuid, literals } from './common.ts';
import { Instant } from './events.ts';
import { INSPECTION_TARGET_KINDS } from './inspections.ts';

/**
 * Campaigns of supervision and inspection groups, their progress, and accountability actions
 * (issue 14). A campaign's groups are inspection groups (POST /api/inspection-groups shapes) with a
 * campaign, assigned jurisdictions, a task book file and a closing.
 */
const Text = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });
const RegionCode = Type.String({ pattern: '^\\d{2,9}$' });

export const CAMPAIGN_KINDS = ['routine', 'special', 'cross'] as const;
export const CAMPAIGN_KIND_NAMES: Record<(typeof CAMPAIGN_KINDS)[number], string> = {
  routine: '例行督导检查',
  special: '专项检查',
  cross: '交叉检查',
};
export const CAMPAIGN_STATUSES = ['open', 'closed'] as const;

export const CampaignInput = Type.Object(
  {
    name: Text(100, 2),
    kind: literals(CAMPAIGN_KINDS),
    regionCode: Type.Optional(RegionCode),
    startsOn: DateString,
    endsOn: DateString,
    description: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
);
export type CampaignInput = Static<typeof CampaignInput>;

export const CampaignListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(literals(CAMPAIGN_STATUSES)),
    kind: Type.Optional(literals(CAMPAIGN_KINDS)),
  },
  { additionalProperties: false },
);
export type CampaignListQuery = Static<typeof CampaignListQuery>;

/** Progress figures: counts from the group's inspections and their hazards; rates rounded down with counts. */
export const CampaignProgress = Type.Object({
  targetsAssigned: Type.Integer({ description: 'targets named in the task books' }),
  assignedInspected: Type.Integer({
    description: 'of those, targets with a finished inspection of the group',
  }),
  targetsInspected: Type.Integer({
    description:
      'distinct targets with a finished inspection of the group (assigned or in its jurisdictions)',
  }),
  inspections: Type.Integer({ description: "the group's inspections, any state but cancelled" }),
  inspectionsFinished: Type.Integer(),
  problemsFound: Type.Integer({ description: 'hazards found by those inspections, not rejected' }),
  rectified: Type.Integer({ description: 'of those, closed' }),
  overdue: Type.Integer({ description: 'of those, owed and past the deadline now' }),
  coveragePercent: RatePercent('assignedInspected / targetsAssigned'),
  rectifiedPercent: RatePercent('rectified / problemsFound'),
});
export type CampaignProgress = Static<typeof CampaignProgress>;

export const CampaignGroupInput = Type.Object(
  {
    name: Text(100, 2),
    kind: literals(['supervision', 'inspection'] as const),
    regionCode: Type.Optional(RegionCode),
    leaderId: Uuid,
    memberIds: Type.Array(Uuid, { maxItems: 30 }),
    assignedRegions: Type.Optional(Type.Array(RegionCode, { maxItems: 50 })),
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
export type CampaignGroupInput = Static<typeof CampaignGroupInput>;

export const CampaignGroupPatch = Type.Partial(CampaignGroupInput, { additionalProperties: false });
export type CampaignGroupPatch = Static<typeof CampaignGroupPatch>;

export const CampaignGroupView = Type.Object({
  id: Uuid,
  campaignId: Uuid,
  campaignName: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  regionCode: Type.String(),
  assignedRegions: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  leader: Type.Object({ userId: Uuid, displayName: Type.String() }),
  members: Type.Array(
    Type.Object({ userId: Uuid, displayName: Type.String(), licenceNo: Nullable(Type.String()) }),
  ),
  tasks: Type.String(),
  taskBookFile: Nullable(Type.Object({ id: Uuid, name: Type.String(), mime: Type.String() })),
  targets: Type.Array(
    Type.Object({ kind: Type.String(), id: Uuid, name: Type.String(), inspected: Type.Boolean() }),
  ),
  startsOn: Nullable(DateString),
  endsOn: Nullable(DateString),
  closedAt: Nullable(Instant),
  progress: CampaignProgress,
});
export type CampaignGroupView = Static<typeof CampaignGroupView>;

export const CampaignSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: literals(CAMPAIGN_KINDS),
  regionCode: Type.String(),
  regionName: Type.String(),
  authorityName: Nullable(Type.String()),
  startsOn: DateString,
  endsOn: DateString,
  status: literals(CAMPAIGN_STATUSES),
  groupCount: Type.Integer(),
  createdAt: Instant,
});
export type CampaignSummary = Static<typeof CampaignSummary>;
export const CampaignPage = Page(CampaignSummary);

export const CampaignView = Type.Composite([
  CampaignSummary,
  Type.Object({
    description: Type.String(),
    closedAt: Nullable(Instant),
    closingNote: Nullable(Type.String()),
    progress: CampaignProgress,
    groups: Type.Array(CampaignGroupView),
    accountabilityCount: Type.Integer(),
  }),
]);
export type CampaignView = Static<typeof CampaignView>;

export const CloseInput = Type.Object({ note: Type.Optional(Text(2000)) }, { additionalProperties: false });
export type CloseInput = Static<typeof CloseInput>;

export const GroupIdParams = Type.Object({ id: Uuid, groupId: Uuid });

export const GroupInspectionItem = Type.Object({
  id: Uuid,
  number: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  targetName: Type.String(),
  enterpriseId: Nullable(Uuid),
  startedAt: Nullable(Instant),
  hazardCount: Type.Integer(),
});
export const GroupInspections = Type.Object({
  items: Type.Array(GroupInspectionItem),
  truncated: Type.Boolean({ description: 'true when the group has more than the 500 shown' }),
});

export const GroupProblemQuery = Type.Object(
  {
    ...PageQuery,
    open: Type.Optional(Type.Boolean({ description: 'neither closed nor rejected' })),
    overdue: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type GroupProblemQuery = Static<typeof GroupProblemQuery>;
export const GroupProblem = Type.Object({
  id: Uuid,
  title: Type.String(),
  grade: Type.String(),
  status: Type.String(),
  regionCode: Type.String(),
  enterpriseId: Nullable(Uuid),
  enterpriseName: Nullable(Type.String()),
  projectName: Nullable(Type.String()),
  inspectionId: Nullable(Uuid),
  inspectionNumber: Nullable(Type.String()),
  foundAt: Instant,
  deadline: Nullable(Instant),
  overdue: Type.Boolean(),
  actionCount: Type.Integer({ description: 'accountability actions linked to this hazard' }),
});
export type GroupProblem = Static<typeof GroupProblem>;
export const GroupProblemPage = Page(GroupProblem);

export const LinkResult = Type.Object({ linked: Type.Integer() });

// ---- accountability

export const ACCOUNTABILITY_KINDS = ['notification', 'warning', 'interview', 'proposal'] as const;
export const ACCOUNTABILITY_TARGET_KINDS = ['authority', 'enterprise', 'person'] as const;
export const ACCOUNTABILITY_STATUSES = ['open', 'followed_up', 'closed'] as const;
export const ACCOUNTABILITY_KIND_NAMES: Record<(typeof ACCOUNTABILITY_KINDS)[number], string> = {
  notification: '通报',
  warning: '警示',
  interview: '约谈',
  proposal: '问责建议',
};
export const ACCOUNTABILITY_STATUS_NAMES: Record<(typeof ACCOUNTABILITY_STATUSES)[number], string> = {
  open: '待跟进',
  followed_up: '跟进中',
  closed: '已办结',
};

const Attendee = Type.Object(
  { name: Text(50, 1), unit: Text(100), role: Text(50) },
  { additionalProperties: false },
);

export const AccountabilityInput = Type.Object(
  {
    kind: literals(ACCOUNTABILITY_KINDS),
    targetKind: literals(ACCOUNTABILITY_TARGET_KINDS),
    enterpriseId: Type.Optional(Uuid),
    authorityId: Type.Optional(Uuid),
    personName: Type.Optional(Text(50, 1)),
    personTitle: Type.Optional(Text(50)),
    groupId: Type.Optional(Uuid),
    hazardIds: Type.Array(Uuid, { minItems: 1, maxItems: 100 }),
    title: Text(200, 2),
    reason: Text(4000, 2),
    heldAt: Type.Optional(Instant),
    place: Type.Optional(Text(200)),
    attendees: Type.Optional(Type.Array(Attendee, { maxItems: 50 })),
    minutes: Type.Optional(Text(20000)),
    deadline: DateString,
  },
  { additionalProperties: false },
);
export type AccountabilityInput = Static<typeof AccountabilityInput>;

export const AccountabilityQuery = Type.Object(
  {
    ...PageQuery,
    enterpriseId: Type.Optional(Uuid),
    authorityId: Type.Optional(Uuid),
    campaignId: Type.Optional(Uuid),
    groupId: Type.Optional(Uuid),
    hazardId: Type.Optional(Uuid),
    kind: Type.Optional(literals(ACCOUNTABILITY_KINDS)),
    status: Type.Optional(literals(ACCOUNTABILITY_STATUSES)),
  },
  { additionalProperties: false },
);
export type AccountabilityQuery = Static<typeof AccountabilityQuery>;

export const AccountabilitySummary = Type.Object({
  id: Uuid,
  kind: literals(ACCOUNTABILITY_KINDS),
  targetKind: literals(ACCOUNTABILITY_TARGET_KINDS),
  targetName: Type.String({ description: 'the authority, enterprise, or person (with their employer)' }),
  enterpriseId: Nullable(Uuid),
  authorityId: Nullable(Uuid),
  regionCode: Type.String(),
  title: Type.String(),
  deadline: DateString,
  status: literals(ACCOUNTABILITY_STATUSES),
  overdue: Type.Boolean(),
  campaignId: Nullable(Uuid),
  groupId: Nullable(Uuid),
  groupName: Nullable(Type.String()),
  issuedBy: Nullable(Type.String({ description: 'the authority taking the action' })),
  createdAt: Instant,
});
export type AccountabilitySummary = Static<typeof AccountabilitySummary>;
export const AccountabilityPage = Page(AccountabilitySummary);

export const AccountabilityView = Type.Composite([
  AccountabilitySummary,
  Type.Object({
    personName: Nullable(Type.String()),
    personTitle: Nullable(Type.String()),
    reason: Type.String(),
    heldAt: Nullable(Instant),
    place: Nullable(Type.String()),
    attendees: Type.Array(Type.Object({ name: Type.String(), unit: Type.String(), role: Type.String() })),
    minutes: Nullable(Type.String()),
    createdByName: Type.String(),
    closedAt: Nullable(Instant),
    hazards: Type.Array(
      Type.Object({ id: Uuid, title: Type.String(), grade: Type.String(), status: Type.String() }),
    ),
    followUps: Type.Array(
      Type.Object({
        id: Uuid,
        note: Type.String(),
        statusAfter: Type.String(),
        byName: Type.String(),
        at: Instant,
      }),
    ),
    allowedSteps: Type.Array(literals(['follow_up', 'close'] as const)),
  }),
]);
export type AccountabilityView = Static<typeof AccountabilityView>;

export const FollowUpInput = Type.Object(
  { note: Text(4000, 2), close: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type FollowUpInput = Static<typeof FollowUpInput>;
