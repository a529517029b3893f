import { Type, type Static } from '@sinclair/typebox';
import { DateString, literals, Nullable, Uuid } from './common.ts';

/**
 * Spot-check plans and double-random draws (双随机、一公开, issue 14). The draw itself is the domain's
 * `draw.ts`; these are the shapes at the HTTP boundary, including the published file
 * (`redline.draw/1`) that anyone can recompute with `redline draw-verify` or on the public page.
 */
export const SPOT_CHECK_KINDS = ['routine', 'cross'] as const;
export const SPOT_CHECK_STATUSES = ['draft', 'committed', 'drawn', 'revealed'] as const;
export const SPOT_CHECK_GRADES = ['A', 'B', 'C'] as const;
export const HIGH_RISK_REASON_CODES = ['red_risk', 'key_risk_source', 'grade_c', 'credit_list'] as const;
export const SPOT_CHECK_TASK_STATUSES = ['due', 'in_progress', 'done', 'overdue'] as const;
export const SPOT_CHECK_TARGET_KINDS = ['enterprise', 'project'] as const;

export const SPOT_CHECK_KIND_NAMES: Record<(typeof SPOT_CHECK_KINDS)[number], string> = {
  routine: '日常随机抽查',
  cross: '交叉检查',
};
export const SPOT_CHECK_STATUS_NAMES: Record<(typeof SPOT_CHECK_STATUSES)[number], string> = {
  draft: '草稿',
  committed: '已公示承诺',
  drawn: '已抽取',
  revealed: '已公开种子',
};
export const HIGH_RISK_REASON_NAMES: Record<(typeof HIGH_RISK_REASON_CODES)[number], string> = {
  red_risk: '红色（重大）风险',
  key_risk_source: '重点危险源',
  grade_c: 'C 级（高风险）',
  credit_list: '严重失信名单',
};

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, 64 lower-case hex digits' });
const Grade = literals(SPOT_CHECK_GRADES);
const TargetKind = literals(SPOT_CHECK_TARGET_KINDS);

export const SpotCheckItem = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, description: '抽查事项' }),
    basis: Type.String({ minLength: 1, maxLength: 500, description: 'legal basis (检查依据)' }),
    moduleIds: Type.Array(Uuid, { maxItems: 50, description: 'checklist modules that check this item' }),
  },
  { additionalProperties: false },
);

export const SpotCheckPoolFilter = Type.Object(
  {
    targetKinds: Type.Array(TargetKind, { minItems: 1, maxItems: 2 }),
    regionCode: Type.Optional(
      Type.String({
        pattern: '^(\\d{2}){0,1}(\\d{2}){0,2}(\\d{3})?$',
        description: 'within your jurisdiction',
      }),
    ),
    industries: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 50 })),
    projectTypes: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 50 })),
    enterpriseIds: Type.Optional(Type.Array(Uuid, { maxItems: 500, description: 'only these enterprises' })),
    projectIds: Type.Optional(Type.Array(Uuid, { maxItems: 500, description: 'only these projects' })),
  },
  { additionalProperties: false },
);

export const SpotCheckRulesInput = Type.Object(
  {
    perYear: Type.Optional(
      Type.Object(
        {
          A: Type.Integer({ minimum: 0, maximum: 52 }),
          B: Type.Integer({ minimum: 0, maximum: 52 }),
          C: Type.Integer({ minimum: 0, maximum: 52 }),
        },
        {
          additionalProperties: false,
          description:
            'routine inspections a year by grade; default A 2, B 4, C 12. Ungraded targets count as B',
        },
      ),
    ),
    inspectorsPerTarget: Type.Optional(Type.Integer({ minimum: 2, maximum: 6, default: 2 })),
    fullCoverage: Type.Optional(
      Type.Array(literals(HIGH_RISK_REASON_CODES), {
        maxItems: 4,
        description: 'high-risk reasons whose targets are all inspected (default: all four)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SpotCheckPlanInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    kind: literals(SPOT_CHECK_KINDS),
    periodStart: DateString,
    periodEnd: DateString,
    items: Type.Array(SpotCheckItem, { minItems: 1, maxItems: 100 }),
    moduleIds: Type.Array(Uuid, { maxItems: 50, description: 'checklist modules the inspections use' }),
    poolFilter: SpotCheckPoolFilter,
    inspectorIds: Type.Array(Uuid, { minItems: 2, maxItems: 200 }),
    rules: Type.Optional(SpotCheckRulesInput),
  },
  { additionalProperties: false },
);
export type SpotCheckPlanInput = Static<typeof SpotCheckPlanInput>;

export const SpotCheckCommitBody = Type.Object(
  {
    commitment: { ...Hex64, description: 'SHA-256 of the secret seed (UTF-8), made where the seed is kept' },
  },
  { additionalProperties: false },
);
export const SpotCheckDrawBody = Type.Object(
  {
    seed: Type.String({
      minLength: 16,
      maxLength: 200,
      description: 'the secret seed; its SHA-256 must be the commitment',
    }),
  },
  { additionalProperties: false },
);

// ---- the published file ----------------------------------------------------------------------

export const DrawPoolTarget = Type.Object({
  kind: TargetKind,
  id: Uuid,
  name: Type.String(),
  regionCode: Type.String(),
  grade: Nullable(Grade),
  highRisk: Type.Array(literals(HIGH_RISK_REASON_CODES)),
  enterpriseIds: Type.Array(Uuid),
});
export const DrawPoolInspector = Type.Object({
  id: Uuid,
  name: Type.String({ description: "the officer's name — the only personal data published" }),
  regionCode: Type.String(),
  enterpriseId: Nullable(Uuid),
  conflicts: Type.Array(
    Type.String({ description: 'enterprise:<id> or project:<id> (declared conflicts, no reasons)' }),
  ),
});
export const DrawPoolSchema = Type.Object({
  targets: Type.Array(DrawPoolTarget),
  inspectors: Type.Array(DrawPoolInspector),
});
export const DrawRulesSchema = Type.Object({
  kind: literals(SPOT_CHECK_KINDS),
  periodMonths: Type.Integer(),
  perYear: Type.Object({ A: Type.Integer(), B: Type.Integer(), C: Type.Integer() }),
  inspectorsPerTarget: Type.Integer(),
  fullCoverage: Type.Array(literals(HIGH_RISK_REASON_CODES)),
});
export const DrawTaskSchema = Type.Object({
  targetKind: TargetKind,
  targetId: Uuid,
  targetName: Type.String(),
  regionCode: Type.String(),
  grade: Nullable(Grade),
  basis: literals(['full_coverage', 'random'] as const),
  reasons: Type.Array(literals(HIGH_RISK_REASON_CODES)),
  inspectorIds: Type.Array(Uuid),
});
export const DrawUnstaffedSchema = Type.Object({
  targetKind: TargetKind,
  targetId: Uuid,
  targetName: Type.String(),
  eligible: Type.Integer(),
});
export const PublishedDrawSchema = Type.Object({
  format: Type.Literal('redline.draw/1'),
  plan: Type.Object({
    id: Uuid,
    title: Type.String(),
    authority: Type.String(),
    regionCode: Type.String(),
    kind: literals(SPOT_CHECK_KINDS),
    periodStart: DateString,
    periodEnd: DateString,
  }),
  commitment: Hex64,
  committedAt: Type.String(),
  pool: DrawPoolSchema,
  rules: DrawRulesSchema,
  seed: Nullable(Type.String({ description: 'null until revealed' })),
  result: Nullable(
    Type.Object({
      digest: Hex64,
      tasks: Type.Array(DrawTaskSchema),
      unstaffed: Type.Array(DrawUnstaffedSchema),
    }),
  ),
});
export type PublishedDrawView = Static<typeof PublishedDrawSchema>;

// ---- views -----------------------------------------------------------------------------------

const Person = Type.Object({ id: Uuid, name: Type.String() });

export const SpotCheckTaskView = Type.Object({
  id: Uuid,
  planId: Uuid,
  planTitle: Type.String(),
  kind: literals(SPOT_CHECK_KINDS),
  targetKind: TargetKind,
  targetId: Uuid,
  targetName: Type.String(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  basis: literals(['full_coverage', 'random'] as const),
  reasons: Type.Array(literals(HIGH_RISK_REASON_CODES)),
  inspectors: Type.Array(Person),
  dueOn: DateString,
  status: literals(SPOT_CHECK_TASK_STATUSES),
  inspectionId: Nullable(Uuid),
  inspectionNumber: Nullable(Type.String()),
});
export type SpotCheckTaskView = Static<typeof SpotCheckTaskView>;

const Counts = Type.Object({
  due: Type.Integer(),
  inProgress: Type.Integer(),
  done: Type.Integer(),
  overdue: Type.Integer(),
});

export const SpotCheckPlanSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  kind: literals(SPOT_CHECK_KINDS),
  status: literals(SPOT_CHECK_STATUSES),
  authorityName: Type.String(),
  regionCode: Type.String(),
  periodStart: DateString,
  periodEnd: DateString,
  createdAt: Type.String(),
  tasks: Counts,
});
export type SpotCheckPlanSummary = Static<typeof SpotCheckPlanSummary>;

export const SpotCheckPlanView = Type.Object({
  ...SpotCheckPlanSummary.properties,
  authorityId: Uuid,
  regionName: Nullable(Type.String()),
  items: Type.Array(SpotCheckItem),
  modules: Type.Array(Type.Object({ id: Uuid, name: Type.String(), library: Type.String() })),
  poolFilter: SpotCheckPoolFilter,
  inspectors: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      regionCode: Type.String(),
      regionName: Nullable(Type.String()),
      licenceNo: Nullable(Type.String()),
    }),
  ),
  rules: DrawRulesSchema,
  frequencyRule: Type.String({ description: 'the rule for how many targets of each grade are drawn' }),
  commitment: Nullable(Hex64),
  committedAt: Nullable(Type.String()),
  drawnAt: Nullable(Type.String()),
  revealedAt: Nullable(Type.String()),
  seed: Nullable(Type.String({ description: 'shown once revealed' })),
  poolSize: Nullable(Type.Object({ targets: Type.Integer(), inspectors: Type.Integer() })),
  digest: Nullable(Hex64),
  groups: Nullable(
    Type.Object({
      A: Type.Object({ pool: Type.Integer(), full: Type.Integer(), random: Type.Integer() }),
      B: Type.Object({ pool: Type.Integer(), full: Type.Integer(), random: Type.Integer() }),
      C: Type.Object({ pool: Type.Integer(), full: Type.Integer(), random: Type.Integer() }),
    }),
  ),
  ungraded: Nullable(Type.Integer()),
  unstaffed: Type.Array(DrawUnstaffedSchema),
  taskList: Type.Array(SpotCheckTaskView),
  gradesAvailable: Type.Boolean({
    description: 'false while the grading tables are not installed: all targets count as B',
  }),
});
export type SpotCheckPlanView = Static<typeof SpotCheckPlanView>;

export const InspectorCandidate = Type.Object({
  id: Uuid,
  name: Type.String(),
  role: Type.String(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  authorityName: Nullable(Type.String()),
  licenceNo: Type.String(),
});
export type InspectorCandidate = Static<typeof InspectorCandidate>;

export const InspectorConflictInput = Type.Object(
  {
    userId: Type.Optional(Uuid),
    targetKind: TargetKind,
    targetId: Uuid,
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export const InspectorConflictView = Type.Object({
  id: Uuid,
  userId: Uuid,
  userName: Type.String(),
  targetKind: TargetKind,
  targetId: Uuid,
  targetName: Type.String(),
  reason: Type.String(),
  declaredAt: Type.String(),
});
export type InspectorConflictView = Static<typeof InspectorConflictView>;

// ---- public notices (no login) ---------------------------------------------------------------

export const PublicAuthority = Type.Object({
  id: Uuid,
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  plans: Type.Integer(),
});

export const PublicNotices = Type.Object({
  authority: PublicAuthority,
  items: Type.Array(Type.Object({ planId: Uuid, title: Type.String(), basis: Type.String() })),
  plans: Type.Array(
    Type.Object({
      id: Uuid,
      title: Type.String(),
      kind: literals(SPOT_CHECK_KINDS),
      status: literals(SPOT_CHECK_STATUSES),
      periodStart: DateString,
      periodEnd: DateString,
      targets: Type.Integer(),
      drawn: Nullable(Type.Integer()),
      commitment: Hex64,
      committedAt: Type.String(),
      drawnAt: Nullable(Type.String()),
      revealedAt: Nullable(Type.String()),
    }),
  ),
  tasks: Type.Array(
    Type.Object({
      planId: Uuid,
      targetName: Type.String(),
      regionName: Nullable(Type.String()),
      officers: Type.Array(Type.String({ description: "officers' names only" })),
      inspectedOn: DateString,
    }),
  ),
  results: Type.Array(
    Type.Object({
      planId: Uuid,
      targetName: Type.String(),
      inspectedOn: DateString,
      outcome: literals(['no_problems', 'problems_found'] as const),
      problems: Type.Integer(),
      rectified: Type.Integer(),
    }),
  ),
});
export type PublicNotices = Static<typeof PublicNotices>;
