import { Type, type Static } from '@sinclair/typebox';
import { literals, Nullable, PageQuery, Uuid } from './common.ts';

/** Enforcement documents (安全生产执法文书), their templates, cases, and public verification. */
export const DOCUMENT_KINDS = [
  'inspection_record',
  'rectification_order',
  'treatment_decision',
  'review_opinion',
  'case_filing',
  'penalty_decision',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DocumentKindSchema = literals(DOCUMENT_KINDS);
/** Chinese names of the document kinds, for lists and the verification page (the template title is authoritative in the PDF). */
export const DOCUMENT_KIND_NAMES: Record<DocumentKind, string> = {
  inspection_record: '现场检查记录',
  rectification_order: '责令限期整改指令书',
  treatment_decision: '现场处理措施决定书',
  review_opinion: '整改复查意见书',
  case_filing: '立案审批表',
  penalty_decision: '行政处罚决定书',
};

export const DOCUMENT_STATUSES = ['draft', 'issued'] as const;

// ---- templates (data: data/documents/<kind>.yaml, overridable per authority)
const Text = Type.String({ maxLength: 4000 });
const TemplateCell = Type.Object(
  { title: Type.String({ maxLength: 40 }), width: Type.Number({ minimum: 0.2, maximum: 20 }), value: Text },
  { additionalProperties: false },
);
export const TemplateBlock = Type.Union([
  Type.Object(
    { heading: Text, when: Type.Optional(Type.String({ maxLength: 80 })) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      paragraph: Text,
      indent: Type.Optional(Type.Boolean()),
      bold: Type.Optional(Type.Boolean()),
      align: Type.Optional(literals(['left', 'center', 'right'] as const)),
      when: Type.Optional(Type.String({ maxLength: 80 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      list: Type.String({ maxLength: 80 }),
      item: Text,
      indent: Type.Optional(Type.Boolean()),
      when: Type.Optional(Type.String({ maxLength: 80 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      fields: Type.Array(
        Type.Object({ label: Type.String({ maxLength: 60 }), value: Text }, { additionalProperties: false }),
        { maxItems: 40 },
      ),
      when: Type.Optional(Type.String({ maxLength: 80 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      table: Type.Object(
        {
          rows: Type.String({ maxLength: 80 }),
          columns: Type.Array(TemplateCell, { minItems: 1, maxItems: 8 }),
        },
        { additionalProperties: false },
      ),
      when: Type.Optional(Type.String({ maxLength: 80 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      signatures: Type.Array(
        Type.Object({ label: Type.String({ maxLength: 60 }), value: Text }, { additionalProperties: false }),
        { maxItems: 8 },
      ),
      when: Type.Optional(Type.String({ maxLength: 80 })),
    },
    { additionalProperties: false },
  ),
  Type.Object({ seal: Type.Array(Text, { maxItems: 4 }) }, { additionalProperties: false }),
  Type.Object({ spacer: Type.Number({ minimum: 0, maximum: 200 }) }, { additionalProperties: false }),
]);
export const DocumentTemplate = Type.Object(
  {
    kind: DocumentKindSchema,
    version: Type.Integer({ minimum: 1 }),
    title: Type.String({ minLength: 2, maxLength: 40 }),
    titleEn: Type.String({ maxLength: 120 }),
    abbreviation: Type.String({
      minLength: 1,
      maxLength: 6,
      description: 'kind abbreviation in the number, e.g. 责改',
    }),
    basis: Type.String({ maxLength: 400 }),
    issuerRoles: Type.Array(literals(['admin', 'leader', 'inspector', 'duty_officer'] as const), {
      minItems: 1,
    }),
    /** Facts that must be non-empty before the document can be issued. */
    requires: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 30 }),
    /** Facts the drafter may edit; everything else comes from the records. */
    editable: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 30 }),
    blocks: Type.Array(TemplateBlock, { minItems: 1, maxItems: 80 }),
  },
  { additionalProperties: false },
);
export type DocumentTemplate = Static<typeof DocumentTemplate>;

export const TemplateView = Type.Object({
  kind: DocumentKindSchema,
  source: literals(['default', 'authority'] as const),
  authorityId: Nullable(Uuid),
  version: Type.Integer(),
  template: DocumentTemplate,
});
export const KindParams = Type.Object({ kind: DocumentKindSchema });

// ---- documents
export const DocumentSummary = Type.Object({
  id: Uuid,
  kind: DocumentKindSchema,
  kindName: Type.String(),
  status: literals(DOCUMENT_STATUSES),
  title: Type.String(),
  number: Nullable(Type.String()),
  authorityId: Uuid,
  authorityName: Type.String(),
  regionCode: Type.String(),
  enterpriseId: Nullable(Uuid),
  enterpriseName: Nullable(Type.String()),
  projectId: Nullable(Uuid),
  projectName: Nullable(Type.String()),
  caseId: Nullable(Uuid),
  hazardIds: Type.Array(Uuid),
  issuedAt: Nullable(Type.String({ format: 'date-time' })),
  issuedByName: Nullable(Type.String()),
  supersedesId: Nullable(Uuid),
  supersededBy: Nullable(Type.Object({ id: Uuid, number: Nullable(Type.String()) })),
  createdAt: Type.String({ format: 'date-time' }),
});
export type DocumentSummary = Static<typeof DocumentSummary>;

export const DocumentView = Type.Composite([
  DocumentSummary,
  Type.Object({
    siteId: Nullable(Uuid),
    inspectionId: Nullable(Uuid),
    alarmId: Nullable(Uuid),
    followsId: Nullable(Uuid),
    correctionReason: Nullable(Type.String()),
    supersedesNumber: Nullable(Type.String()),
    facts: Type.Record(Type.String(), Type.Unknown()),
    editable: Type.Array(Type.String()),
    missing: Type.Array(
      Type.String({ description: 'required facts still empty; issuing is refused until filled' }),
    ),
    contentDigest: Nullable(Type.String()),
    pdfSha256: Nullable(Type.String()),
    pdfSize: Nullable(Type.Integer()),
    verifyUrl: Nullable(Type.String()),
    canIssue: Type.Boolean(),
    /**
     * The law-enforcement officers the document names, each with the certificate number (执法证号)
     * of their account (issued: as printed). Issuing needs two distinct certified officers who
     * confirmed (Administrative Penalty Law 2021 art. 42).
     */
    officers: Type.Array(
      Type.Object({
        userId: Uuid,
        name: Type.String(),
        licenceNo: Nullable(Type.String()),
        confirmed: Type.Boolean(),
        source: literals(['inspection', 'document'] as const),
      }),
    ),
    /** Whether the officers satisfy the two-officer rule; problems name who does not count and why. */
    officerRule: Type.Object({
      ok: Type.Boolean(),
      problems: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
    }),
  }),
]);
export type DocumentView = Static<typeof DocumentView>;

export const DocumentQuery = Type.Object(
  {
    ...PageQuery,
    kind: Type.Optional(DocumentKindSchema),
    status: Type.Optional(literals(DOCUMENT_STATUSES)),
    enterpriseId: Type.Optional(Uuid),
    projectId: Type.Optional(Uuid),
    caseId: Type.Optional(Uuid),
    hazardId: Type.Optional(Uuid),
    inspectionId: Type.Optional(Uuid),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2999 })),
  },
  { additionalProperties: false },
);

const FactsBody = Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), { maxProperties: 40 });

export const DraftDocumentBody = Type.Object(
  {
    kind: DocumentKindSchema,
    enterpriseId: Type.Optional(Uuid),
    projectId: Type.Optional(Uuid),
    siteId: Type.Optional(Uuid),
    hazardIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, uniqueItems: true })),
    inspectionId: Type.Optional(Uuid),
    alarmId: Type.Optional(Uuid),
    caseId: Type.Optional(Uuid),
    followsId: Type.Optional(Uuid),
    facts: Type.Optional(FactsBody),
    /** Officers the drafter names besides themself (documents from an alarm or a case); each then confirms. */
    officerIds: Type.Optional(Type.Array(Uuid, { maxItems: 5, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type DraftDocumentBody = Static<typeof DraftDocumentBody>;

export const PatchDocumentBody = Type.Object({ facts: FactsBody }, { additionalProperties: false });

export const CorrectDocumentBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }), facts: Type.Optional(FactsBody) },
  { additionalProperties: false },
);

// ---- public verification (no login; nothing private)
export const VerificationView = Type.Object({
  found: Type.Boolean(),
  query: Type.String(),
  message: Type.String(),
  document: Nullable(
    Type.Object({
      id: Uuid,
      number: Type.String(),
      kindName: Type.String(),
      title: Type.String(),
      issuer: Type.String(),
      issuedOn: Type.String(),
      pdfSha256: Type.String(),
      contentDigest: Type.String(),
      pdfMatchesRecord: Type.Boolean(),
      recordMatchesAudit: Type.Boolean(),
      supersededBy: Nullable(Type.String()),
      supersedes: Nullable(Type.String()),
    }),
  ),
});
export type VerificationView = Static<typeof VerificationView>;
export const VerifyParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 120 }) });

// ---- cases
export const CASE_STATUSES = ['open', 'filed', 'decided', 'closed'] as const;
export const CASE_SOURCES = ['inspection', 'hazard', 'alarm', 'report', 'other'] as const;

export const CaseSummary = Type.Object({
  id: Uuid,
  number: Type.String(),
  title: Type.String(),
  status: literals(CASE_STATUSES),
  source: literals(CASE_SOURCES),
  authorityId: Uuid,
  authorityName: Type.String(),
  regionCode: Type.String(),
  enterpriseId: Nullable(Uuid),
  enterpriseName: Nullable(Type.String()),
  projectId: Nullable(Uuid),
  projectName: Nullable(Type.String()),
  openedAt: Type.String({ format: 'date-time' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  documentCount: Type.Integer(),
});
export const CaseView = Type.Composite([
  CaseSummary,
  Type.Object({
    summary: Type.String(),
    sourceId: Nullable(Uuid),
    siteId: Nullable(Uuid),
    hazardIds: Type.Array(Uuid),
    evidenceFileIds: Type.Array(Uuid),
    closingNote: Nullable(Type.String()),
    documents: Type.Array(DocumentSummary),
    timeline: Type.Array(
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        action: Type.String(),
        actorName: Type.String(),
        details: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
  }),
]);
export const CaseQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(literals(CASE_STATUSES)),
    enterpriseId: Type.Optional(Uuid),
    projectId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export const OpenCaseBody = Type.Object(
  {
    title: Type.String({ minLength: 2, maxLength: 200 }),
    source: literals(CASE_SOURCES),
    sourceId: Type.Optional(Uuid),
    enterpriseId: Type.Optional(Uuid),
    projectId: Type.Optional(Uuid),
    siteId: Type.Optional(Uuid),
    hazardIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, uniqueItems: true })),
    summary: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export const CloseCaseBody = Type.Object(
  { note: Type.String({ minLength: 2, maxLength: 2000 }) },
  { additionalProperties: false },
);
export const CaseEvidenceBody = Type.Object(
  { fileIds: Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true }) },
  { additionalProperties: false },
);

// ---- supervision file (timeline of an enterprise or project)
export const SUPERVISION_SUBJECTS = ['enterprise', 'project'] as const;
export const TimelineEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  kind: literals([
    'inspection',
    'hazard',
    'document',
    'case',
    'alarm',
    'accident',
    'accountability',
  ] as const),
  title: Type.String(),
  detail: Type.String(),
  subjectId: Type.String(),
  link: Nullable(Type.String()),
});
export type TimelineEntry = Static<typeof TimelineEntry>;
export const SupervisionFile = Type.Object({
  subject: Type.Object({
    kind: literals(SUPERVISION_SUBJECTS),
    id: Uuid,
    name: Type.String(),
    regionCode: Type.String(),
  }),
  counts: Type.Record(Type.String(), Type.Integer()),
  entries: Type.Array(TimelineEntry),
});
export const SupervisionParams = Type.Object({ subject: literals(SUPERVISION_SUBJECTS), id: Uuid });

// ---- notifications
export const NotificationView = Type.Object({
  id: Uuid,
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Nullable(Type.String({ format: 'date-time' })),
});
export const NotificationList = Type.Object({ items: Type.Array(NotificationView), unread: Type.Integer() });

export type CaseSummary = Static<typeof CaseSummary>;
export type CaseView = Static<typeof CaseView>;
export type SupervisionFile = Static<typeof SupervisionFile>;
export type NotificationView = Static<typeof NotificationView>;
export type NotificationList = Static<typeof NotificationList>;
export type TemplateView = Static<typeof TemplateView>;
