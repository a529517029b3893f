import { Type, type Static } from '@sinclair/typebox';
import {
  DateString,
  literals,
  Localized,
  Nullable,
  PageQuery,
  RateFraction,
  RatePercent,
  Uuid,
} from './common.ts';
import { DEVICE_KINDS, Detection, MetricName } from './events.ts';
import { PROJECT_STAGES } from './projects.ts';

/** Alarm rules (as data), alarms and their lifecycle, off-site enforcement (issue 5). */

/** Where an alarm rule version applies (domain alarm-rules/scope.ts): national, or an override's level. */
export const RULE_SCOPE_LEVELS = ['national', 'province', 'city', 'district'] as const;
export const ALARM_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const ALARM_STATUSES = [
  'new',
  'escalated',
  'acknowledged',
  'verified',
  'false_positive',
  'dispatched',
  'closed',
] as const;
export const ALARM_ACTIONS = [
  'acknowledge',
  'escalate',
  'verify_real',
  'mark_false_positive',
  'close',
] as const;
export const DISPOSITION_KINDS = ['hazard', 'inspection', 'enforcement'] as const;
export const CROSS_CHECK_KINDS = [
  'special_operation_certificate',
  'welding_certificate',
  'equipment_inspection',
  'elevator_registration',
] as const;
/** Special operations a cross-check knows (domain alarm-rules/special-operations.ts). */
export const SPECIAL_OPERATIONS = [
  'welding',
  'hot_cutting',
  'electrical',
  'work_at_height',
  'hoisting',
] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];
/** Chinese names for documents and exports (the web app's zh texts say the same). */
export const ALARM_SEVERITY_NAMES: Readonly<Record<string, string>> = {
  critical: '紧急',
  high: '严重',
  medium: '较重',
  low: '一般',
  info: '提示',
} satisfies Record<AlarmSeverity, string>;
export const ALARM_STATUS_NAMES: Readonly<Record<string, string>> = {
  new: '新告警',
  escalated: '已升级',
  acknowledged: '已确认',
  verified: '已核实',
  false_positive: '误报',
  dispatched: '已处置',
  closed: '已办结',
} satisfies Record<AlarmStatus, string>;
/**
 * The alarm types of the shipped rules (data/alarm-rules.yaml). A rule added in the console may
 * bring a type of its own: show its rule's name then, never the code.
 */
export const ALARM_TYPE_NAMES: Readonly<Record<string, string>> = {
  uncertified_special_operation: '无证特种作业',
  unattributed_special_operation: '特种作业人员待核实',
  hot_work_outside_window: '非许可时段动火',
  fire_smoke: '火情烟雾',
  ppe_violation: '未规范佩戴防护用品',
  danger_zone_intrusion: '闯入危险区域',
  gas_leak: '可燃气体超限',
  toxic_gas: '有毒气体超限',
  crane_overload: '塔吊超载',
  crane_overload_warning: '塔吊频繁接近满载',
  crane_high_wind: '大风作业',
  hoist_overload: '升降机超载',
  elevator_fault: '电梯故障',
  dust_exceedance: '扬尘超标',
  noise_exceedance: '噪声超标',
  device_offline: '设备离线',
};

// ---- rule definitions (data/alarm-rules.yaml and the rules API share this schema)
const Op = literals(['>', '>=', '<', '<='] as const);
const ReadingMatch = Type.Object(
  { event: Type.Literal('reading'), metric: MetricName, op: Op, value: Type.Number() },
  { additionalProperties: false },
);
const DetectionMatch = Type.Object(
  {
    event: Type.Literal('detection'),
    types: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), { minItems: 1, maxItems: 20 }),
    minConfidence: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
);
const DeviceAlarmMatch = Type.Object(
  {
    event: literals(['alarm', 'fault'] as const),
    codes: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export const EventMatch = Type.Union([ReadingMatch, DetectionMatch, DeviceAlarmMatch]);
const Seconds = Type.Integer({ minimum: 0, maximum: 7 * 86_400 });
export const TimeWindowSchema = Type.Object(
  {
    days: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7 })),
    from: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
    to: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
  },
  { additionalProperties: false },
);
export const Trigger = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('threshold'),
      match: ReadingMatch,
      forSeconds: Seconds,
      clearAt: Type.Optional(Type.Number()),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('repetition'),
      match: EventMatch,
      count: Type.Integer({ minimum: 1, maximum: 1000 }),
      withinSeconds: Seconds,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('time_window'),
      match: EventMatch,
      permitted: Type.Array(TimeWindowSchema, { minItems: 1, maxItems: 14 }),
      utcOffsetMinutes: Type.Integer({ minimum: -720, maximum: 840 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('offline'), afterSeconds: Type.Integer({ minimum: 10, maximum: 7 * 86_400 }) },
    { additionalProperties: false },
  ),
]);
export const CrossCheckSpec = Type.Object(
  {
    kind: literals(CROSS_CHECK_KINDS),
    onCompliant: literals(['suppress', 'keep'] as const),
    violationSeverity: Type.Optional(literals(ALARM_SEVERITIES)),
    violationType: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,59}$' })),
    shiftHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 48 })),
    operation: Type.Optional(literals(SPECIAL_OPERATIONS)),
    toleranceSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 600,
        description:
          'attendance against event time: a check-in up to this many seconds after the event (or a check-out this much before it) counts as on duty; default 60',
      }),
    ),
    unattributedSeverity: Type.Optional(literals(ALARM_SEVERITIES)),
    unattributedType: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,59}$' })),
  },
  { additionalProperties: false },
);

/** The editable body of a rule version (code and version number come from the URL and the server). */
export const AlarmRuleBody = Type.Object(
  {
    name: Localized,
    description: Type.Optional(Type.String({ maxLength: 500 })),
    alarmType: Type.String({ pattern: '^[a-z][a-z0-9_]{1,59}$' }),
    severity: literals(ALARM_SEVERITIES),
    deviceKinds: Type.Array(literals(DEVICE_KINDS), { minItems: 1, maxItems: DEVICE_KINDS.length }),
    trigger: Trigger,
    crossCheck: Type.Optional(CrossCheckSpec),
    dedupSeconds: Seconds,
    cooldownSeconds: Seconds,
    enabled: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type AlarmRuleBody = Static<typeof AlarmRuleBody>;

export const AlarmRuleView = Type.Composite([
  AlarmRuleBody,
  Type.Object({
    code: Type.String(),
    version: Type.Integer(),
    active: Type.Boolean({ description: 'the version in force for its code in its scope' }),
    source: literals(['shipped', 'edited'] as const),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Nullable(Type.String()),
    scope: Type.Object(
      {
        regionCode: Type.String({ description: "'' for the national version" }),
        regionName: Nullable(Type.String()),
        level: literals(RULE_SCOPE_LEVELS),
      },
      {
        description:
          'where this version applies: nationally, or (an override) only inside this province, city or district — a device is judged by the most specific version covering its site region (district > city > province > national)',
      },
    ),
    overriddenIn: Type.Array(
      Type.Object({
        regionCode: Type.String(),
        regionName: Nullable(Type.String()),
        level: literals(RULE_SCOPE_LEVELS),
      }),
      {
        description:
          'in force versions: the narrower jurisdictions (visible to the caller) where an override applies instead',
      },
    ),
    appliesToCaller: Type.Boolean({
      description: "in force versions: this is the version that applies in the caller's own jurisdiction",
    }),
  }),
]);
/** Alarm rules bound to project stages (issue 17): the rule applies to project devices only then. */
export const RuleStagesBody = Type.Object(
  {
    projectStages: Nullable(
      Type.Array(literals(PROJECT_STAGES), {
        minItems: 1,
        uniqueItems: true,
        description: 'the stages the rule applies in; null = every stage',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RuleStagesBody = Static<typeof RuleStagesBody>;
export const RuleStagesView = Type.Object({
  code: Type.String(),
  name: Type.Object({ zh: Type.String(), en: Type.String() }),
  version: Type.Integer(),
  /** Where the version in force for the caller is set ('' national). */
  scopeRegionCode: Type.String(),
  projectStages: Nullable(Type.Array(literals(PROJECT_STAGES))),
});
export type RuleStagesView = Static<typeof RuleStagesView>;

export const RuleCodeParams = Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9-]{1,59}$' }) });

// ---- alarms
export const Fact = Type.Object({
  code: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
});
export const CrossCheckView = Type.Object({
  kind: literals(CROSS_CHECK_KINDS),
  verdict: literals(['violation', 'compliant', 'unknown'] as const),
  facts: Type.Array(Fact),
  checkedAt: Type.String({ format: 'date-time' }),
});
const Person = Nullable(Type.Object({ id: Uuid, name: Type.String() }));

export const DocumentRef = Type.Object({
  kind: Type.String(),
  id: Type.String(),
  number: Nullable(Type.String()),
  status: Type.String(),
  pdfUrl: Nullable(Type.String()),
});

export const Alarm = Type.Object({
  id: Uuid,
  number: Type.String({ description: 'human reference, e.g. AL-20261123-0007' }),
  type: Type.String(),
  severity: literals(ALARM_SEVERITIES),
  status: literals(ALARM_STATUSES),
  rule: Type.Object({ code: Type.String(), version: Type.Integer(), name: Localized }),
  device: Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), kind: Type.String() }),
  devices: Type.Array(Type.Object({ id: Uuid, code: Type.String() }), {
    description:
      'every device the alarm covers, its own first: several when devices of one site went offline within 5 minutes (folded into one alarm)',
  }),
  site: Type.Object({
    id: Uuid,
    name: Type.String(),
    kind: Type.String(),
    address: Type.String(),
    lat: Nullable(Type.Number()),
    lng: Nullable(Type.Number()),
  }),
  enterprise: Nullable(Type.Object({ id: Uuid, name: Type.String(), creditCode: Type.String() })),
  equipmentId: Nullable(Uuid),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  firstEventAt: Type.String({ format: 'date-time' }),
  lastEventAt: Type.String({ format: 'date-time' }),
  eventCount: Type.Integer(),
  peak: Nullable(Type.Number()),
  conditionEndedAt: Nullable(Type.String({ format: 'date-time' })),
  facts: Type.Array(Fact, { description: 'why the rule fired' }),
  crossCheck: Nullable(CrossCheckView),
  evidence: Type.Object({
    snapshotUrl: Nullable(
      Type.String({ description: 'authorised image URL (snapshot uploaded by the device)' }),
    ),
    imageRef: Nullable(Type.String()),
    detections: Type.Array(Detection),
    values: Nullable(Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean(), Type.String()]))),
  }),
  acknowledgedBy: Person,
  acknowledgedAt: Nullable(Type.String({ format: 'date-time' })),
  verdict: Nullable(literals(['real', 'false_positive'] as const)),
  verifiedBy: Person,
  verifiedAt: Nullable(Type.String({ format: 'date-time' })),
  escalatedAt: Nullable(Type.String({ format: 'date-time' })),
  disposition: Nullable(
    Type.Object({
      kind: literals(DISPOSITION_KINDS),
      at: Type.String({ format: 'date-time' }),
      by: Person,
      note: Type.String(),
      refId: Nullable(Type.String()),
      documents: Type.Array(DocumentRef),
    }),
  ),
  closedBy: Person,
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  note: Type.String(),
  allowedActions: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Alarm = Static<typeof Alarm>;

const csv = (pattern: string, description: string) => Type.String({ pattern, description, maxLength: 200 });
export const AlarmQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(
      csv(
        '^[a-z_]+(,[a-z_]+)*$',
        'one or more statuses, comma-separated; "open" = new,escalated,acknowledged,verified',
      ),
    ),
    severity: Type.Optional(csv('^[a-z]+(,[a-z]+)*$', 'one or more severities, comma-separated')),
    type: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,59}$' })),
    siteId: Type.Optional(Uuid),
    deviceId: Type.Optional(Uuid),
    enterpriseId: Type.Optional(Uuid),
    ruleCode: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{1,59}$' })),
    from: Type.Optional(DateString),
    to: Type.Optional(DateString),
    sort: Type.Optional(literals(['createdAt', 'lastEventAt', 'severity'] as const)),
  },
  { additionalProperties: false },
);

export const AlarmActionBody = Type.Object(
  {
    action: literals(ALARM_ACTIONS),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export const DispatchBody = Type.Object(
  {
    kind: literals(['hazard', 'inspection'] as const),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
/** The duty officer hands a verified alarm over to law-enforcement officers (移交执法人员), who issue the documents. */
export const HandOverBody = Type.Object(
  {
    officerId: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          "one officer of the caller's authority; omitted = the authority's leaders and inspectors",
      }),
    ),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export const AlarmHistoryEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  by: Person,
  note: Type.String(),
});

// ---- off-site enforcement: documents pre-filled from the alarm's evidence
export const ENFORCEMENT_DOCUMENT_KINDS = ['rectification_order', 'treatment_decision'] as const;
export const EnforcementDraft = Type.Object({
  kind: literals(ENFORCEMENT_DOCUMENT_KINDS),
  title: Type.String(),
  fields: Type.Record(Type.String(), Type.Unknown(), {
    description: 'the document fields, pre-filled from the alarm',
  }),
});
export const EnforcementPreview = Type.Object({
  alarmId: Uuid,
  available: Type.Boolean({ description: 'false while the enforcement module is not installed' }),
  drafts: Type.Array(EnforcementDraft),
});
export const EnforcementBody = Type.Object(
  {
    documents: Type.Array(literals(ENFORCEMENT_DOCUMENT_KINDS), {
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
    }),
    deadline: Type.Optional(DateString),
    measures: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 10 })),
    findings: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    /**
     * The second law-enforcement officer of the issuing authority (Administrative Penalty Law 2021
     * art. 42): named on the documents, which stay drafts until they confirm and are then issued.
     */
    coOfficerId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export const EnforcementResult = Type.Object({ alarm: Alarm, documents: Type.Array(DocumentRef) });

export const AlarmStats = Type.Object({
  byStatus: Type.Record(Type.String(), Type.Integer()),
  bySeverity: Type.Record(Type.String(), Type.Integer()),
  falsePositive: Type.Object({
    byRule: Type.Array(
      Type.Object({
        ruleCode: Type.String(),
        name: Localized,
        real: Type.Integer(),
        falsePositive: Type.Integer(),
        rate: RateFraction('False-positive rate: falsePositive / (real + falsePositive)'),
        ratePercent: RatePercent('False-positive rate: falsePositive / (real + falsePositive)'),
      }),
    ),
    byDevice: Type.Array(
      Type.Object({
        deviceId: Uuid,
        deviceCode: Type.String(),
        name: Type.String(),
        real: Type.Integer(),
        falsePositive: Type.Integer(),
        rate: RateFraction('False-positive rate: falsePositive / (real + falsePositive)'),
        ratePercent: RatePercent('False-positive rate: falsePositive / (real + falsePositive)'),
      }),
    ),
  }),
});

/** What the live stream sends (`event: alarm`, data = this JSON). */
export const AlarmStreamMessage = Type.Object({
  kind: literals(['created', 'updated'] as const),
  alarm: Alarm,
});
