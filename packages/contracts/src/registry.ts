import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { DateString, DivisionCode, literals, Nullable, PageQuery, Uuid } from './common.ts';

/** Registry of the supervised: the bodies and views of every record kind. */
const Str = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });
const Timestamps = {
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};

export const ENTERPRISE_SCALES = ['large', 'medium', 'small', 'micro'] as const;
export const PROJECT_STATUSES = ['approved', 'under_construction', 'suspended', 'completed'] as const;
export const PARTY_ROLES = ['owner', 'general_contractor', 'supervision', 'survey', 'design'] as const;
export const CERTIFICATE_STATUSES = ['valid', 'review_due', 'expired'] as const;
export const EQUIPMENT_STATUSES = ['in_date', 'due_soon', 'overdue', 'failed', 'unknown'] as const;
export const RISK_COLOURS = ['red', 'orange', 'yellow', 'blue'] as const;

/** Create bodies list the writable fields; update bodies are the same fields, all optional. */
const partial = <T extends TProperties>(o: TObject<T>) => Type.Partial(o, { additionalProperties: false });

// ---- enterprises
export const EnterpriseInput = Type.Object(
  {
    creditCode: Type.String({
      minLength: 1,
      maxLength: 18,
      description: 'unified social credit code, 18 characters',
    }),
    name: Str(120, 2),
    industryCode: Str(40, 1),
    scale: literals(ENTERPRISE_SCALES),
    address: Type.Optional(Str(200)),
    regionCode: DivisionCode,
    legalRepresentative: Type.Optional(Str(40)),
    safetyPrincipal: Type.Optional(Str(40)),
    contactPhone: Type.Optional(Str(30)),
  },
  { additionalProperties: false },
);
export const EnterprisePatch = partial(EnterpriseInput);
export const Enterprise = Type.Object({
  id: Uuid,
  creditCode: Type.String(),
  name: Type.String(),
  industryCode: Type.String(),
  scale: Type.String(),
  address: Type.String(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  legalRepresentative: Type.String(),
  safetyPrincipal: Type.String(),
  contactPhone: Type.String(),
  ...Timestamps,
});
export type Enterprise = Static<typeof Enterprise>;
export const EnterpriseQuery = Type.Object(
  {
    ...PageQuery,
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })),
    industryCode: Type.Optional(Type.String()),
    scale: Type.Optional(literals(ENTERPRISE_SCALES)),
    sort: Type.Optional(literals(['name', 'creditCode', 'regionCode', 'createdAt'] as const)),
  },
  { additionalProperties: false },
);

// ---- projects
export const PartyInput = Type.Object(
  {
    role: literals(PARTY_ROLES),
    enterpriseId: Type.Optional(Nullable(Uuid)),
    name: Str(120, 2),
    contact: Type.Optional(Str(60)),
  },
  { additionalProperties: false },
);
export const ProjectInput = Type.Object(
  {
    name: Str(120, 2),
    permitNo: Type.Optional(Str(60)),
    type: Str(40, 1),
    scale: Type.Optional(literals(['large', 'medium', 'small'] as const)),
    status: literals(PROJECT_STATUSES),
    regionCode: DivisionCode,
    address: Type.Optional(Str(200)),
    lat: Type.Optional(Nullable(Lat)),
    lng: Type.Optional(Nullable(Lng)),
    regulatorAuthorityId: Type.Optional(Nullable(Uuid)),
    floorAreaM2: Type.Optional(Nullable(Type.Number({ minimum: 0 }))),
    contractValueWan: Type.Optional(Nullable(Type.Number({ minimum: 0 }))),
    startOn: Type.Optional(Nullable(DateString)),
    plannedCompletionOn: Type.Optional(Nullable(DateString)),
    parties: Type.Optional(Type.Array(PartyInput, { maxItems: 5 })),
  },
  { additionalProperties: false },
);
export const ProjectPatch = partial(ProjectInput);
export const Party = Type.Object({
  role: Type.String(),
  enterpriseId: Nullable(Uuid),
  name: Type.String(),
  contact: Type.String(),
});
export const Project = Type.Object({
  id: Uuid,
  name: Type.String(),
  permitNo: Type.String(),
  type: Type.String(),
  scale: Type.String(),
  status: Type.String(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  address: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  regulatorAuthorityId: Nullable(Uuid),
  regulatorAuthorityName: Nullable(Type.String()),
  floorAreaM2: Nullable(Type.Number()),
  contractValueWan: Nullable(Type.Number()),
  startOn: Nullable(Type.String()),
  plannedCompletionOn: Nullable(Type.String()),
  parties: Type.Array(Party),
  ...Timestamps,
});
export type Project = Static<typeof Project>;
export const ProjectQuery = Type.Object(
  {
    ...PageQuery,
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })),
    type: Type.Optional(Type.String()),
    status: Type.Optional(literals(PROJECT_STATUSES)),
    enterpriseId: Type.Optional(Uuid),
    sort: Type.Optional(literals(['name', 'status', 'regionCode', 'createdAt', 'startOn'] as const)),
  },
  { additionalProperties: false },
);

// ---- sites and key risk sources
export const SiteInput = Type.Object(
  {
    name: Str(120, 2),
    kind: Str(40, 1),
    keyRiskSource: Type.Optional(Type.Boolean()),
    // No riskColour: a site's colour is computed from its risk points (modules/risk-points, issue 14).
    enterpriseId: Type.Optional(Nullable(Uuid)),
    projectId: Type.Optional(Nullable(Uuid)),
    regionCode: DivisionCode,
    address: Type.Optional(Str(200)),
    lat: Type.Optional(Nullable(Lat)),
    lng: Type.Optional(Nullable(Lng)),
  },
  { additionalProperties: false },
);
export const SitePatch = partial(SiteInput);
export const Site = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.String(),
  keyRiskSource: Type.Boolean(),
  /** Computed: the highest colour of the site's current risk points' latest assessments (read-only). */
  riskColour: Nullable(Type.String()),
  enterpriseId: Nullable(Uuid),
  enterpriseName: Nullable(Type.String()),
  projectId: Nullable(Uuid),
  projectName: Nullable(Type.String()),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  address: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  ...Timestamps,
});
export type Site = Static<typeof Site>;
export const SiteQuery = Type.Object(
  {
    ...PageQuery,
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })),
    kind: Type.Optional(Type.String()),
    keyRiskSource: Type.Optional(Type.Boolean()),
    enterpriseId: Type.Optional(Uuid),
    projectId: Type.Optional(Uuid),
    sort: Type.Optional(literals(['name', 'kind', 'regionCode', 'createdAt'] as const)),
  },
  { additionalProperties: false },
);

// ---- workers and their special-operation certificates
export const WorkerInput = Type.Object(
  {
    name: Str(40, 1),
    idNumber: Type.String({
      minLength: 1,
      maxLength: 18,
      description: 'resident ID number (stored encrypted, shown masked)',
    }),
    gender: Type.Optional(Nullable(literals(['male', 'female'] as const))),
    employerId: Uuid,
    projectId: Type.Optional(Nullable(Uuid)),
    trade: Str(40, 1),
    phone: Type.Optional(Str(30)),
    regionCode: Type.Optional(DivisionCode),
  },
  { additionalProperties: false },
);
export const WorkerPatch = partial(WorkerInput);
export const CertificateSummary = Type.Object({
  id: Uuid,
  categoryCode: Type.String(),
  categoryName: Type.String(),
  track: Type.String(),
  number: Type.String(),
  expiresOn: Type.String(),
  status: literals(CERTIFICATE_STATUSES),
});
export const Worker = Type.Object({
  id: Uuid,
  name: Type.String(),
  idNumberMasked: Type.String(),
  gender: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  employerId: Uuid,
  employerName: Nullable(Type.String()),
  projectId: Nullable(Uuid),
  projectName: Nullable(Type.String()),
  trade: Type.String(),
  phone: Type.String(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  certificates: Type.Array(CertificateSummary),
  ...Timestamps,
});
export type Worker = Static<typeof Worker>;
export const WorkerQuery = Type.Object(
  {
    ...PageQuery,
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })),
    trade: Type.Optional(Type.String()),
    employerId: Type.Optional(Uuid),
    projectId: Type.Optional(Uuid),
    certificateStatus: Type.Optional(literals([...CERTIFICATE_STATUSES, 'none'] as const)),
    sort: Type.Optional(literals(['name', 'trade', 'regionCode', 'createdAt'] as const)),
  },
  { additionalProperties: false },
);

export const CertificateInput = Type.Object(
  {
    workerId: Uuid,
    categoryCode: Str(20, 1),
    number: Str(40, 4),
    issuedOn: DateString,
    expiresOn: Type.Optional(DateString),
    nextReviewOn: Type.Optional(Nullable(DateString)),
    lastReviewedOn: Type.Optional(Nullable(DateString)),
    issuer: Type.Optional(Str(80)),
  },
  { additionalProperties: false },
);
export const CertificatePatch = partial(CertificateInput);
export const Certificate = Type.Object({
  id: Uuid,
  workerId: Uuid,
  workerName: Type.String(),
  employerId: Uuid,
  employerName: Nullable(Type.String()),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  track: Type.String(),
  number: Type.String(),
  issuedOn: Type.String(),
  expiresOn: Type.String(),
  nextReviewOn: Nullable(Type.String()),
  lastReviewedOn: Nullable(Type.String()),
  issuer: Type.String(),
  regionCode: Type.String(),
  status: literals(CERTIFICATE_STATUSES),
  statusReason: Type.String(),
  ...Timestamps,
});
export type Certificate = Static<typeof Certificate>;
export const CertificateQuery = Type.Object(
  {
    ...PageQuery,
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })),
    track: Type.Optional(literals(['emergency', 'housing', 'market'] as const)),
    categoryCode: Type.Optional(Type.String()),
    status: Type.Optional(literals(CERTIFICATE_STATUSES)),
    workerId: Type.Optional(Uuid),
    employerId: Type.Optional(Uuid),
    sort: Type.Optional(literals(['expiresOn', 'number', 'categoryCode', 'createdAt'] as const)),
  },
  { additionalProperties: false },
);

// ---- special equipment
export const EquipmentInput = Type.Object(
  {
    categoryCode: Str(10, 1),
    typeName: Type.Optional(Str(60)),
    registrationCode: Str(40, 4),
    model: Type.Optional(Str(60)),
    userEnterpriseId: Uuid,
    projectId: Type.Optional(Nullable(Uuid)),
    siteId: Type.Optional(Nullable(Uuid)),
    regionCode: Type.Optional(DivisionCode),
    location: Type.Optional(Str(200)),
    lat: Type.Optional(Nullable(Lat)),
    lng: Type.Optional(Nullable(Lng)),
    registeredOn: Type.Optional(Nullable(DateString)),
    lastInspectionOn: Type.Optional(Nullable(DateString)),
    lastInspectionResult: Type.Optional(Nullable(literals(['pass', 'pass_with_remarks', 'fail'] as const))),
    nextInspectionOn: Type.Optional(Nullable(DateString)),
  },
  { additionalProperties: false },
);
export const EquipmentPatch = partial(EquipmentInput);
export const Equipment = Type.Object({
  id: Uuid,
  categoryCode: Type.String(),
  categoryName: Type.String(),
  typeName: Type.String(),
  registrationCode: Type.String(),
  model: Type.String(),
  userEnterpriseId: Uuid,
  userEnterpriseName: Nullable(Type.String()),
  projectId: Nullable(Uuid),
  siteId: Nullable(Uuid),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  location: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  registeredOn: Nullable(Type.String()),
  lastInspectionOn: Nullable(Type.String()),
  lastInspectionResult: Nullable(Type.String()),
  nextInspectionOn: Nullable(Type.String()),
  status: literals(EQUIPMENT_STATUSES),
  daysToNextInspection: Nullable(Type.Integer()),
  ...Timestamps,
});
export type Equipment = Static<typeof Equipment>;
export const EquipmentQuery = Type.Object(
  {
    ...PageQuery,
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })),
    categoryCode: Type.Optional(Type.String()),
    status: Type.Optional(literals(EQUIPMENT_STATUSES)),
    userEnterpriseId: Type.Optional(Uuid),
    projectId: Type.Optional(Uuid),
    siteId: Type.Optional(Uuid),
    sort: Type.Optional(
      literals(['nextInspectionOn', 'registrationCode', 'categoryCode', 'createdAt'] as const),
    ),
  },
  { additionalProperties: false },
);

// ---- import / export
export const ImportQuery = Type.Object(
  {
    // validate: report only; commit: all rows or nothing; commit_valid: import the valid rows
    mode: Type.Optional(literals(['validate', 'commit', 'commit_valid'] as const)),
  },
  { additionalProperties: false },
);
export const ImportRowError = Type.Object({
  row: Type.Integer({ description: 'row number in the file, header = 1' }),
  column: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String(),
});
export const ImportReport = Type.Object({
  mode: Type.String(),
  totalRows: Type.Integer(),
  validRows: Type.Integer(),
  imported: Type.Integer(),
  errors: Type.Array(ImportRowError),
  columns: Type.Array(Type.String()),
});
export type ImportReport = Static<typeof ImportReport>;
export const ExportQuery = Type.Object({ format: Type.Optional(literals(['csv', 'xlsx'] as const)) });

// ---- reference data
export const RefItem = Type.Object({
  code: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  attrs: Type.Optional(Type.Unknown()),
});
export const Region = Type.Object({
  code: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  level: Type.String(),
  parentCode: Nullable(Type.String()),
});
export const Reference = Type.Object({
  regions: Type.Array(Region),
  authorities: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      shortName: Type.String(),
      kind: Type.String(),
      regionCode: Type.String(),
    }),
  ),
  catalogue: Type.Record(Type.String(), Type.Array(RefItem)),
  certificateCategories: Type.Array(
    Type.Object({
      code: Type.String(),
      track: Type.String(),
      zh: Type.String(),
      en: Type.String(),
      validityYears: Type.Integer(),
      reviewEveryYears: Nullable(Type.Integer()),
      reviewWindowDays: Type.Integer(),
      isWelding: Type.Boolean(),
    }),
  ),
  equipmentCategories: Type.Array(
    Type.Object({
      code: Type.String(),
      zh: Type.String(),
      en: Type.String(),
      intervalMonths: Type.Integer(),
      warnDays: Type.Integer(),
    }),
  ),
});
export type Reference = Static<typeof Reference>;
