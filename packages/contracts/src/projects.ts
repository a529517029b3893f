import { Type, type Static } from '@sinclair/typebox';
import { DateString, Nullable, Page, PageQuery, Uuid, literals } from './common.ts';
import { FileView } from './files.ts';
import { PARTY_ROLES } from './registry.ts';

/** Project life cycle (issue 17); the machine itself is the domain's project-stages.ts. */
export const PROJECT_STAGES = [
  'registered',
  'supervision_filed',
  'permitted',
  'under_construction',
  'suspended',
  'completion_accepted',
  'archived',
] as const;
export const PROJECT_STAGE_ACTIONS = [
  'file_supervision',
  'grant_permit',
  'start_construction',
  'suspend',
  'resume',
  'accept_completion',
  'archive',
] as const;
export const MEMBER_POSITIONS = [
  'project_manager',
  'technical_lead',
  'safety_officer',
  'chief_supervising_engineer',
  'supervising_engineer',
  'owner_representative',
  'survey_lead',
  'design_lead',
] as const;
export const CERTIFICATE_CHECKS = [
  'not_required',
  'valid',
  'review_due',
  'expired',
  'not_found',
  'wrong_holder',
] as const;

export const ProjectStageBody = Type.Object(
  {
    type: literals(PROJECT_STAGE_ACTIONS),
    materialFileIds: Type.Optional(
      Type.Array(Uuid, { maxItems: 20, description: 'files uploaded with POST /api/projects/:id/materials' }),
    ),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    permitNo: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type ProjectStageBody = Static<typeof ProjectStageBody>;

export const ProjectMemberBody = Type.Object(
  {
    partyRole: literals(PARTY_ROLES),
    position: literals(MEMBER_POSITIONS),
    name: Type.String({ minLength: 1, maxLength: 50 }),
    userId: Type.Optional(Uuid),
    workerId: Type.Optional(Uuid),
    certificateNo: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type ProjectMemberBody = Static<typeof ProjectMemberBody>;

export const MemberAccountsQuery = Type.Object(
  { partyRole: literals(PARTY_ROLES) },
  { additionalProperties: false },
);
/** The accounts a member of that party may be linked to (its enterprise's managers and project accounts). */
export const MemberAccounts = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      username: Type.String(),
      displayName: Type.String(),
      projectScoped: Type.Boolean(),
    }),
  ),
});
export type MemberAccounts = Static<typeof MemberAccounts>;

export const StageMaterialView = Type.Object({
  fileId: Uuid,
  sha256: Type.String(),
  name: Type.String(),
  url: Type.String(),
});

export const ProjectStageEventView = Type.Object({
  seq: Type.Integer(),
  type: literals(PROJECT_STAGE_ACTIONS),
  from: literals(PROJECT_STAGES),
  to: literals(PROJECT_STAGES),
  at: Type.String({ format: 'date-time' }),
  actorName: Type.String(),
  actorRole: Type.String(),
  actorParty: Nullable(Type.String()),
  materials: Type.Array(StageMaterialView),
  reason: Nullable(Type.String()),
  permitNo: Nullable(Type.String()),
});

export const ProjectMemberView = Type.Object({
  id: Uuid,
  partyRole: literals(PARTY_ROLES),
  position: literals(MEMBER_POSITIONS),
  name: Type.String(),
  userId: Nullable(Uuid),
  username: Nullable(Type.String()),
  enterpriseName: Nullable(Type.String()),
  certificateNo: Type.String(),
  certificateCheck: literals(CERTIFICATE_CHECKS),
  certificateExpiresOn: Nullable(DateString),
  checkedAt: Nullable(Type.String({ format: 'date-time' })),
  /** Checked in at one of the project's sites today (gate or roster attendance). */
  onSiteToday: Type.Boolean(),
});

/** Survey and design requests (issue 17 part 3): a question to the survey or design party. */
export const REQUEST_PARTIES = ['survey', 'design'] as const;
export const REQUEST_STATUSES = ['open', 'answered', 'closed'] as const;
export const ProjectRequestBody = Type.Object(
  {
    toParty: literals(REQUEST_PARTIES),
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    question: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  { additionalProperties: false },
);
export type ProjectRequestBody = Static<typeof ProjectRequestBody>;
export const ProjectRequestAnswerBody = Type.Object(
  { answer: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);
export type ProjectRequestAnswerBody = Static<typeof ProjectRequestAnswerBody>;
export const ProjectRequestView = Type.Object({
  id: Uuid,
  toParty: literals(REQUEST_PARTIES),
  subject: Type.String(),
  question: Type.String(),
  status: literals(REQUEST_STATUSES),
  askedByName: Type.String(),
  /** The party the asker acted for; null = a regulator. */
  askedByParty: Nullable(literals(PARTY_ROLES)),
  askedAt: Type.String({ format: 'date-time' }),
  answer: Nullable(Type.String()),
  answeredByName: Nullable(Type.String()),
  answeredAt: Nullable(Type.String({ format: 'date-time' })),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  /** What the caller may do with it now. */
  canAnswer: Type.Boolean(),
  canClose: Type.Boolean(),
});
export type ProjectRequestView = Static<typeof ProjectRequestView>;

const Count = Type.Integer({ minimum: 0 });

export const ProjectSiteView = Type.Object({
  project: Type.Object({
    id: Uuid,
    name: Type.String(),
    type: Type.String(),
    address: Type.String(),
    regionCode: Type.String(),
    regionName: Type.String(),
    permitNo: Type.String(),
    stage: literals(PROJECT_STAGES),
    status: Type.String(),
    startOn: Nullable(DateString),
    plannedCompletionOn: Nullable(DateString),
    grade: Nullable(Type.String({ description: 'the graded-supervision grade in force (A/B/C)' })),
  }),
  /** The caller's party on this project, when they act for one of its parties. */
  myParty: Nullable(literals(PARTY_ROLES)),
  allowedStageActions: Type.Array(literals(PROJECT_STAGE_ACTIONS)),
  canAddMembers: Type.Boolean(),
  /** Whether the caller may send a survey / design request (a regulator or the constructor). */
  canAskParties: Type.Boolean(),
  timeline: Type.Array(ProjectStageEventView),
  parties: Type.Array(
    Type.Object({
      role: literals(PARTY_ROLES),
      name: Type.String(),
      enterpriseId: Nullable(Uuid),
      contact: Type.String(),
    }),
  ),
  members: Type.Array(ProjectMemberView),
  requests: Type.Array(ProjectRequestView),
  devices: Type.Array(
    Type.Object({
      id: Uuid,
      code: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      online: Type.Boolean(),
      lastSeenAt: Nullable(Type.String({ format: 'date-time' })),
      readings: Nullable(
        Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()])),
      ),
      readingAt: Nullable(Type.String({ format: 'date-time' })),
    }),
  ),
  alarms: Type.Array(
    Type.Object({
      id: Uuid,
      number: Type.String(),
      type: Type.String(),
      severity: Type.String(),
      status: Type.String(),
      deviceName: Type.String(),
      lastEventAt: Type.String({ format: 'date-time' }),
    }),
  ),
  inspections: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.String(),
      status: Type.String(),
      startedAt: Nullable(Type.String({ format: 'date-time' })),
      score: Nullable(Type.Number()),
    }),
  ),
  hazards: Type.Object({
    open: Count,
    overdue: Count,
    awaitingSupervision: Count,
    closed: Count,
    recent: Type.Array(
      Type.Object({
        id: Uuid,
        title: Type.String(),
        grade: Type.String(),
        status: Type.String(),
        deadline: Nullable(Type.String({ format: 'date-time' })),
        awaitingSupervision: Type.Boolean(),
      }),
    ),
  }),
  documents: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.String(),
      number: Nullable(Type.String()),
      status: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
    }),
  ),
});
export type ProjectSiteView = Static<typeof ProjectSiteView>;

export const PortalProjectsQuery = Type.Object(
  { ...PageQuery, stage: Type.Optional(literals(PROJECT_STAGES)) },
  { additionalProperties: false },
);
export type PortalProjectsQuery = Static<typeof PortalProjectsQuery>;

export const PortalProjectItem = Type.Object({
  id: Uuid,
  name: Type.String(),
  regionName: Type.String(),
  stage: literals(PROJECT_STAGES),
  myParty: Nullable(literals(PARTY_ROLES)),
  myPositions: Type.Array(literals(MEMBER_POSITIONS)),
  openHazards: Count,
  awaitingMe: Type.Integer({
    minimum: 0,
    description: 'hazards waiting for this party (evidence to submit or confirm)',
  }),
});
export const PortalProjectsPage = Page(PortalProjectItem);
export type PortalProjectItem = Static<typeof PortalProjectItem>;

export const StageMaterialsUploaded = Type.Object({ files: Type.Array(FileView) });
