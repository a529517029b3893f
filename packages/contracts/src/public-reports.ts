import { Type, type Static } from '@sinclair/typebox';
import { DivisionCode, Nullable, Page, PageQuery, Uuid, literals } from './common.ts';

/** Public and worker hazard reports (issue 18). */
export const REPORT_KINDS = ['hazard', 'suggestion'] as const;
export const REPORT_STATUSES = [
  'received',
  'hazard',
  'duplicate',
  'not_hazard',
  'adopted',
  'not_adopted',
] as const;
export const REPORT_STATUS_NAMES: Record<(typeof REPORT_STATUSES)[number], string> = {
  received: '已受理，核查中',
  hazard: '核实为隐患，已转入整改',
  duplicate: '重复举报，已并入',
  not_hazard: '经核查不构成隐患',
  adopted: '建议已采纳',
  not_adopted: '建议未采纳',
};
export const REPORT_OUTCOMES = ['hazard', 'duplicate', 'not_hazard', 'adopted', 'not_adopted'] as const;

const Instant = Type.String({ format: 'date-time' });
export const TrackingCode = Type.String({
  minLength: 10,
  maxLength: 20,
  pattern: '^[0-9A-Za-z -]+$',
  description: '12 characters from 23456789ABCDEFGHJKMNPQRSTUVWXYZ; case, spaces and dashes ignored',
});
export const SiteToken = Type.String({
  pattern: '^[2-9A-HJ-NP-Z]{12}$',
  description: "a site's poster token",
});

export const ReportPhoto = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    data: Type.String({
      maxLength: 30_000_000,
      pattern: '^[A-Za-z0-9+/=]*$',
      description: 'the photo, base64; JPEG, PNG, WebP or HEIC by content, at most MAX_UPLOAD_MB',
    }),
  },
  { additionalProperties: false },
);

export const PublicReportBody = Type.Object(
  {
    siteToken: Type.Optional(SiteToken),
    regionCode: Type.Optional(DivisionCode),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    description: Type.String({ minLength: 5, maxLength: 2000 }),
    photos: Type.Array(ReportPhoto, { maxItems: 3 }),
    anonymous: Type.Boolean(),
    name: Type.Optional(Type.String({ maxLength: 50 })),
    contact: Type.Optional(Type.String({ maxLength: 100 })),
  },
  {
    additionalProperties: false,
    description:
      'Either a siteToken (from the QR poster) or a regionCode (county or town) and an address. Anonymous reports carry no name or contact.',
  },
);
export type PublicReportBody = Static<typeof PublicReportBody>;

export const WorkerReportBody = Type.Object(
  {
    siteId: Uuid,
    kind: literals(REPORT_KINDS),
    description: Type.String({ minLength: 5, maxLength: 2000 }),
    photos: Type.Array(ReportPhoto, { maxItems: 3 }),
  },
  { additionalProperties: false },
);
export type WorkerReportBody = Static<typeof WorkerReportBody>;

export const ReportReceipt = Type.Object({
  id: Type.Optional(Uuid),
  trackingCode: Type.String(),
  status: literals(REPORT_STATUSES),
  deadline: Instant,
  /** The same photo was reported at this place lately: merged with that report, not counted twice. */
  mergedAsDuplicate: Type.Boolean(),
});

export const ReportSite = Type.Object({
  siteName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  address: Type.String(),
});

/** What the tracking page shows: the handling, nothing of the reporter. */
export const ReportTracking = Type.Object({
  trackingCode: Type.String(),
  kind: literals(REPORT_KINDS),
  status: literals(REPORT_STATUSES),
  statusName: Type.String(),
  place: Type.String(),
  receivedAt: Instant,
  deadline: Instant,
  handledAt: Nullable(Instant),
  outcomeReason: Nullable(Type.String()),
  hazard: Nullable(Type.Object({ status: Type.String(), statusName: Type.String(), closed: Type.Boolean() })),
});

export const ReportListItem = Type.Object({
  id: Uuid,
  trackingCode: Type.String(),
  kind: literals(REPORT_KINDS),
  channel: Nullable(literals(['public', 'worker'] as const)),
  status: literals(REPORT_STATUSES),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  siteId: Nullable(Uuid),
  siteName: Nullable(Type.String()),
  enterpriseName: Nullable(Type.String()),
  address: Type.String(),
  description: Type.String(),
  createdAt: Instant,
  deadline: Instant,
  overdue: Type.Boolean(),
  escalated: Type.Boolean(),
  suspectedDuplicateOf: Nullable(Uuid),
});
export const ReportPage = Page(ReportListItem);

export const ReportView = Type.Composite([
  ReportListItem,
  Type.Object({
    photoFileIds: Type.Array(Uuid),
    hazardId: Nullable(Uuid),
    duplicateOfReportId: Nullable(Uuid),
    duplicateOfHazardId: Nullable(Uuid),
    grade: Nullable(literals(['general', 'major'] as const)),
    outcomeReason: Nullable(Type.String()),
    handledAt: Nullable(Instant),
    /** Whether the reporter left a name or contact (never what they are; see the reporter route). */
    reporterKnown: Type.Boolean(),
    /** Points awarded to the reporting worker (never who it is). */
    pointsAwarded: Nullable(Type.Integer()),
  }),
]);

export const ReportListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(literals(REPORT_STATUSES)),
    kind: Type.Optional(literals(REPORT_KINDS)),
    siteId: Type.Optional(Uuid),
    overdue: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ReportVerifyBody = Type.Object(
  {
    outcome: literals(REPORT_OUTCOMES),
    grade: Type.Optional(literals(['general', 'major'] as const)),
    title: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
    duplicateOfReportId: Type.Optional(Uuid),
    duplicateOfHazardId: Type.Optional(Uuid),
  },
  {
    additionalProperties: false,
    description:
      'hazard: grade and title required (a hazard is created); duplicate: the report or hazard it repeats; not_hazard / not_adopted: a reason the reporter reads.',
  },
);

export const ReporterView = Type.Object({
  anonymous: Type.Boolean(),
  name: Nullable(Type.String()),
  contact: Nullable(Type.String()),
  workerName: Nullable(Type.String()),
});

export const SiteReportLink = Type.Object({
  siteId: Uuid,
  siteName: Type.String(),
  token: Type.String(),
  path: Type.String({ description: '/r/<token>' }),
  url: Type.String(),
  qrSvg: Type.String({ description: 'the QR code of url as SVG' }),
});

export const WorkerSite = Type.Object({
  id: Uuid,
  name: Type.String(),
  enterpriseName: Nullable(Type.String()),
  address: Type.String(),
});

export const Participation = Type.Object({
  from: Type.String(),
  to: Type.String(),
  reports: Type.Integer(),
  handled: Type.Integer(),
  verified: Type.Integer(),
  verifiedPercent: Nullable(Type.String({ description: 'verified / handled, percent rounded down' })),
  duplicates: Type.Integer(),
  pointsIssued: Type.Integer(),
  pointsRedeemed: Type.Integer(),
});
export const ParticipationQuery = Type.Object(
  { month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })) },
  { additionalProperties: false },
);
