import { Type, type Static } from '@sinclair/typebox';
import { DateString, Nullable, Page, PageQuery, Uuid, literals } from './common.ts';
import { NewPassword } from './auth.ts';

/**
 * Approvals with bound opinions, the expert register, model-project awards and the project's
 * supervision file (issue 17 part 2). The workflows themselves are the domain's (approval-workflows.ts).
 */
export const APPROVAL_KIND_CODES = [
  'safety_supervision_procedures',
  'special_plan',
  'suspension',
  'resumption',
  'key_personnel_change',
  'completion',
] as const;
export const APPROVAL_STATUS_CODES = ['open', 'approved', 'rejected'] as const;
export const APPROVAL_ACTIONS = [
  'submit',
  'review',
  'expert_opinion',
  'expert_conclusion',
  'record',
] as const;
export const APPROVAL_KIND_NAMES: Record<(typeof APPROVAL_KIND_CODES)[number], string> = {
  safety_supervision_procedures: '安全监督手续',
  special_plan: '危大工程专项施工方案',
  suspension: '停工',
  resumption: '复工',
  key_personnel_change: '关键岗位人员变更',
  completion: '竣工',
};
export const APPROVAL_STATUS_NAMES: Record<(typeof APPROVAL_STATUS_CODES)[number], string> = {
  open: '办理中',
  approved: '已办结（通过）',
  rejected: '不予通过',
};
export const CONCLUSION_NAMES: Record<string, string> = {
  pass: '通过',
  return: '退回修改',
  reject: '不予通过',
  revise_and_pass: '修改后通过',
  fail: '不通过',
};

const Instant = Type.String({ format: 'date-time' });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, lower-case hex' });

export const ApprovalCreateBody = Type.Object(
  {
    projectId: Uuid,
    kind: literals(APPROVAL_KIND_CODES),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    beyondScale: Type.Optional(
      Type.Boolean({
        description:
          'special plans only: the dangerous sub-project is beyond a certain scale (超过一定规模), so an expert argumentation step with at least 5 experts follows the supervision review (MOHURD Order 37, 2018, art. 12)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ApprovalCreateBody = Static<typeof ApprovalCreateBody>;

export const ApprovalActionBody = Type.Object(
  {
    action: literals(APPROVAL_ACTIONS),
    opinion: Type.String({ minLength: 1, maxLength: 4000, description: 'the signed text' }),
    conclusion: Type.Optional(literals(['pass', 'return', 'reject', 'revise_and_pass', 'fail'] as const)),
    expertId: Type.Optional(Uuid),
    materialsHash: Type.Optional(
      Type.String({
        pattern: '^[0-9a-f]{64}$',
        description:
          'the materials hash the signer saw; when given and the materials changed meanwhile, 409 MATERIALS_CHANGED (nothing is signed against a set the signer did not see)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ApprovalActionBody = Static<typeof ApprovalActionBody>;

export const ApprovalListQuery = Type.Object(
  {
    ...PageQuery,
    projectId: Type.Optional(Uuid),
    kind: Type.Optional(literals(APPROVAL_KIND_CODES)),
    status: Type.Optional(literals(APPROVAL_STATUS_CODES)),
  },
  { additionalProperties: false },
);

export const ApprovalMaterialQuery = Type.Object(
  {
    public: Type.Optional(
      Type.Boolean({ description: 'show on the project public page (no personal data)' }),
    ),
    replaces: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const ApprovalListItem = Type.Object({
  id: Uuid,
  projectId: Uuid,
  projectName: Type.String(),
  regionCode: Type.String(),
  kind: literals(APPROVAL_KIND_CODES),
  title: Type.String(),
  beyondScale: Type.Boolean(),
  status: literals(APPROVAL_STATUS_CODES),
  stepCode: Nullable(Type.String()),
  stepName: Nullable(Type.String()),
  stepDueOn: Nullable(DateString),
  overdue: Type.Boolean(),
  createdAt: Instant,
});
export const ApprovalPage = Page(ApprovalListItem);

export const ApprovalStepView = Type.Object({
  index: Type.Integer(),
  code: Type.String(),
  type: literals(['submit', 'review', 'experts', 'record'] as const),
  nameZh: Type.String(),
  nameEn: Type.String(),
  actor: Type.String({ description: 'party role, "regulator" or "expert"' }),
  limitDays: Type.Integer(),
  applies: Type.Boolean(),
  current: Type.Boolean(),
});

export const ApprovalMaterialView = Type.Object({
  id: Uuid,
  fileId: Uuid,
  sha256: Sha256,
  name: Type.String(),
  public: Type.Boolean(),
  addedAt: Instant,
  addedByName: Type.String(),
  current: Type.Boolean({ description: 'in the current set (not replaced)' }),
  replacedBy: Nullable(Uuid),
});

export const AuditRef = Type.Object({
  chain: Type.String(),
  seq: Type.Integer(),
  hash: Sha256,
});

export const ApprovalOpinionView = Type.Object({
  id: Uuid,
  step: Type.Integer(),
  stepCode: Type.String(),
  round: Type.Integer(),
  kind: literals(APPROVAL_ACTIONS),
  actorName: Type.String(),
  actingAs: Type.String(),
  expertId: Nullable(Uuid),
  expertName: Nullable(Type.String()),
  opinion: Type.String(),
  conclusion: Nullable(Type.String()),
  materialsHash: Sha256,
  materials: Type.Array(Type.Object({ id: Uuid, sha256: Sha256, name: Type.String() })),
  judgedCurrentSet: Type.Boolean({
    description: 'false = it judged an earlier set of materials (a material was added or replaced since)',
  }),
  signedAt: Instant,
  audit: Nullable(AuditRef),
});

export const ApprovalPanelMember = Type.Object({
  expertId: Uuid,
  name: Type.String(),
  title: Type.String(),
  employer: Type.String(),
  hasAccount: Type.Boolean({ description: 'the expert logs in and signs their own opinion' }),
  assignedAt: Instant,
});

/** Put an expert of the register on an approval's panel (the regulator organising the review). */
export const ApprovalPanelBody = Type.Object({ expertId: Uuid }, { additionalProperties: false });

/** An expert's own login, linked to their register record (a narrow account: only their panels). */
export const ExpertAccountBody = Type.Object(
  {
    username: Type.String({
      pattern: '^[a-z0-9._-]{3,40}$',
      description: '3–40 lower-case letters, digits, . _ -',
    }),
    password: NewPassword,
  },
  { additionalProperties: false },
);

export const ApprovalView = Type.Composite([
  ApprovalListItem,
  Type.Object({
    round: Type.Integer(),
    basis: Type.String(),
    expertConclusion: Nullable(Type.String()),
    steps: Type.Array(ApprovalStepView),
    materials: Type.Array(ApprovalMaterialView),
    materialsHash: Nullable(Sha256),
    expertOpinionsOnCurrentSet: Type.Integer(),
    minExperts: Type.Integer(),
    opinions: Type.Array(ApprovalOpinionView),
    panel: Type.Array(ApprovalPanelMember, {
      description: 'the experts assigned to the expert review; each with an account signs their own opinion',
    }),
    may: Type.Object({
      act: Type.Boolean({ description: 'you may act at the current step' }),
      addMaterial: Type.Boolean(),
      assignExperts: Type.Boolean({ description: 'you may put experts on the panel (officers)' }),
    }),
    signAsExpert: Nullable(
      Type.String({
        format: 'uuid',
        description:
          'your own expert record when you are an expert of this panel: you sign only as this expert',
      }),
    ),
  }),
]);
export type ApprovalView = Static<typeof ApprovalView>;

export const ExpertView = Type.Object({
  id: Uuid,
  name: Type.String(),
  specialty: Type.String(),
  title: Type.String(),
  employer: Type.String(),
  regionCode: Type.String(),
  registerNo: Type.String(),
  active: Type.Boolean(),
  hasAccount: Type.Boolean({ description: 'the expert has their own login' }),
});
export type ExpertView = Static<typeof ExpertView>;
export const ExpertPage = Page(ExpertView);
export const ExpertListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const ExpertBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    specialty: Type.Optional(Type.String({ maxLength: 100 })),
    title: Type.Optional(Type.String({ maxLength: 60 })),
    employer: Type.Optional(Type.String({ maxLength: 100 })),
    regionCode: Type.String({ pattern: '^\\d{2}(\\d{2}(\\d{2})?)?$' }),
    registerNo: Type.String({ minLength: 1, maxLength: 40 }),
  },
  { additionalProperties: false },
);

export const PublicMaterialsView = Type.Object({
  project: Type.Object({ id: Uuid, name: Type.String(), regionName: Nullable(Type.String()) }),
  items: Type.Array(
    Type.Object({
      id: Uuid,
      approvalKind: literals(APPROVAL_KIND_CODES),
      approvalTitle: Type.String(),
      approvalStatus: literals(APPROVAL_STATUS_CODES),
      name: Type.String(),
      sha256: Sha256,
      addedAt: Instant,
      url: Type.String(),
    }),
  ),
});

// ── Model projects ──────────────────────────────────────────────────────────
export const AWARD_SCHEMES = ['prairie_cup', 'safety_standardisation'] as const;
export const AWARD_SCHEME_NAMES: Record<(typeof AWARD_SCHEMES)[number], string> = {
  prairie_cup: '草原杯',
  safety_standardisation: '安全生产标准化示范工地',
};
export const AWARD_STATUS_CODES = ['applied', 'evaluated', 'awarded', 'declined'] as const;

export const AwardApplyBody = Type.Object(
  {
    projectId: Uuid,
    scheme: literals(AWARD_SCHEMES),
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    application: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  { additionalProperties: false },
);
export const AwardScore = Type.Object(
  {
    criterion: Type.String({ minLength: 1, maxLength: 100 }),
    max: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    score: Type.Number({ minimum: 0, maximum: 1000 }),
  },
  { additionalProperties: false },
);
export const AwardEvaluationBody = Type.Object(
  { scores: Type.Array(AwardScore, { minItems: 1, maxItems: 30 }) },
  { additionalProperties: false },
);
export const AwardDecisionBody = Type.Object(
  {
    award: Type.Boolean(),
    note: Type.String({ maxLength: 2000 }),
    feeUpliftPercent: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100, description: 'default 20 (% of the original fee rate)' }),
    ),
  },
  { additionalProperties: false },
);
export const AwardSettlementBody = Type.Object(
  {
    originalFeeYuan: Type.String({
      pattern: '^\\d{1,13}(\\.\\d{1,2})?$',
      description:
        'the safety and civilised construction fee at the original rate, yuan (two decimals at most)',
    }),
  },
  { additionalProperties: false },
);
export const AwardListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(literals(AWARD_STATUS_CODES)),
    scheme: Type.Optional(literals(AWARD_SCHEMES)),
  },
  { additionalProperties: false },
);
export const AwardView = Type.Object({
  id: Uuid,
  projectId: Uuid,
  projectName: Type.String(),
  regionCode: Type.String(),
  scheme: literals(AWARD_SCHEMES),
  year: Type.Integer(),
  status: literals(AWARD_STATUS_CODES),
  application: Type.String(),
  appliedAt: Instant,
  scores: Nullable(Type.Array(AwardScore)),
  totalScore: Nullable(Type.String()),
  maxScore: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  decidedAt: Nullable(Instant),
  feeUpliftPercent: Type.String(),
  originalFeeYuan: Nullable(Type.String()),
  upliftYuan: Nullable(Type.String({ description: 'original fee × uplift %, rounded down to the fen' })),
  settledFeeYuan: Nullable(Type.String()),
  settledAt: Nullable(Instant),
});
export const AwardPage = Page(AwardView);
export const PublicAwardList = Type.Object({
  items: Type.Array(
    Type.Object({
      projectName: Type.String(),
      regionName: Nullable(Type.String()),
      scheme: literals(AWARD_SCHEMES),
      year: Type.Integer(),
      totalScore: Nullable(Type.String()),
      decidedAt: Nullable(Instant),
    }),
  ),
});
export const PublicAwardQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) },
  { additionalProperties: false },
);
