import { Type, type Static } from '@sinclair/typebox';
import { DateString, literals, Localized, Nullable, OffsetPageQuery, Uuid } from './common.ts';
import {
  ChecklistItem,
  ChecklistScope,
  ChecklistSummaryItem,
  ChecklistText,
  CHECK_METHOD_KINDS,
  CHECKLIST_HAZARD_GRADES,
} from './checklist.ts';

/** HTTP bodies and views of the checklist library (libraries → versions → modules → items). */
export const CHECKLIST_VERSION_STATUSES = ['draft', 'published', 'superseded', 'retired'] as const;
export type ChecklistVersionStatus = (typeof CHECKLIST_VERSION_STATUSES)[number];

const Instant = Type.String({ format: 'date-time' });

export const ChecklistVersionBrief = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  status: literals(CHECKLIST_VERSION_STATUSES),
  label: Type.String(),
  edition: Type.String(),
  scored: Type.Boolean(),
  itemCount: Type.Integer(),
  source: Type.String(),
  createdAt: Instant,
  updatedAt: Instant,
  publishedAt: Nullable(Instant),
  retiredAt: Nullable(Instant),
});
export type ChecklistVersionBrief = Static<typeof ChecklistVersionBrief>;

export const ChecklistLibraryView = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Localized,
  scope: Type.String(),
  /** '' = national library; otherwise the jurisdiction of a local library. */
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  extendsLibraryId: Nullable(Uuid),
  extendsCode: Nullable(Type.String()),
  origin: Type.String(),
  /** The published version inspections use now, if any. */
  current: Nullable(ChecklistVersionBrief),
  draft: Nullable(ChecklistVersionBrief),
  versions: Type.Array(ChecklistVersionBrief),
  /** The caller may edit drafts, publish and retire here. */
  canEdit: Type.Boolean(),
});
export type ChecklistLibraryView = Static<typeof ChecklistLibraryView>;

export const ChecklistLibraryList = Type.Object({ items: Type.Array(ChecklistLibraryView) });

export const ChecklistLibraryInput = Type.Object(
  {
    code: Type.String({
      pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
      minLength: 2,
      maxLength: 64,
      description: 'kebab-case, unique',
    }),
    name: ChecklistText,
    scope: ChecklistScope,
    /** A local library's jurisdiction; omit (or '') for a national library (system administrators only). */
    regionCode: Type.Optional(Type.String({ pattern: '^(\\d{2}(\\d{2}(\\d{2}(\\d{3})?)?)?)?$' })),
    /** Local modules on top of this national library. */
    extendsLibraryId: Type.Optional(Uuid),
    edition: Type.Optional(Type.String({ maxLength: 100 })),
    scored: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ChecklistLibraryInput = Static<typeof ChecklistLibraryInput>;

export const ChecklistModuleView = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Localized,
  description: Localized,
  table: Nullable(Type.String()),
  hasSplit: Nullable(Type.Boolean()),
  sort: Type.Integer(),
  itemCount: Type.Integer(),
});
export type ChecklistModuleView = Static<typeof ChecklistModuleView>;

export const ChecklistVersionView = Type.Object({
  ...ChecklistVersionBrief.properties,
  libraryId: Uuid,
  libraryCode: Type.String(),
  libraryRegionCode: Type.String(),
  name: Localized,
  description: Localized,
  summary: Type.Array(ChecklistSummaryItem),
  effectiveOn: Nullable(DateString),
  canEdit: Type.Boolean(),
  modules: Type.Array(ChecklistModuleView),
});
export type ChecklistVersionView = Static<typeof ChecklistVersionView>;

/** An item with where it sits. */
export const ChecklistItemView = Type.Object({
  id: Uuid,
  versionId: Uuid,
  moduleId: Uuid,
  moduleCode: Type.String(),
  moduleName: Localized,
  table: Nullable(Type.String()),
  sort: Type.Integer(),
  item: ChecklistItem,
});
export type ChecklistItemView = Static<typeof ChecklistItemView>;

export const ChecklistItemHit = Type.Object({
  ...ChecklistItemView.properties,
  library: Type.Object({ id: Uuid, code: Type.String(), name: Localized }),
  version: Type.Object({ id: Uuid, version: Type.Integer(), status: Type.String() }),
});
export type ChecklistItemHit = Static<typeof ChecklistItemHit>;

export const ChecklistItemQuery = Type.Object(
  {
    ...OffsetPageQuery,
    q: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'words, all of which must appear (Chinese or English), e.g. "脚手架 连墙件"',
      }),
    ),
    libraryId: Type.Optional(Uuid),
    versionId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'search this version (default: the current published version of each library)',
      }),
    ),
    moduleId: Type.Optional(Uuid),
    grade: Type.Optional(literals(CHECKLIST_HAZARD_GRADES)),
    method: Type.Optional(literals(CHECK_METHOD_KINDS)),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);
export type ChecklistItemQuery = Static<typeof ChecklistItemQuery>;

export const ChecklistVersionPatch = Type.Object(
  {
    name: Type.Optional(ChecklistText),
    label: Type.Optional(Type.String({ maxLength: 40 })),
    edition: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    description: Type.Optional(ChecklistText),
    effectiveOn: Type.Optional(Nullable(DateString)),
    summary: Type.Optional(Type.Array(ChecklistSummaryItem)),
  },
  { additionalProperties: false },
);
export type ChecklistVersionPatch = Static<typeof ChecklistVersionPatch>;

export const ChecklistModuleInput = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*$', maxLength: 40 }),
    name: ChecklistText,
    description: Type.Optional(ChecklistText),
    table: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 20 }))),
    hasSplit: Type.Optional(Nullable(Type.Boolean())),
    sort: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type ChecklistModuleInput = Static<typeof ChecklistModuleInput>;
export const ChecklistModulePatch = Type.Partial(ChecklistModuleInput, { additionalProperties: false });

export const ChecklistItemInput = Type.Object(
  { moduleId: Uuid, item: ChecklistItem, sort: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);
export type ChecklistItemInput = Static<typeof ChecklistItemInput>;
export const ChecklistItemReplace = Type.Object(
  { moduleId: Type.Optional(Uuid), item: ChecklistItem, sort: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);
export type ChecklistItemReplace = Static<typeof ChecklistItemReplace>;

/** A problem found in an imported library file: where (line / sheet row and column / path) and what. */
export const ChecklistImportProblem = Type.Object({
  path: Type.String(),
  line: Nullable(Type.Integer({ description: 'YAML/JSON line' })),
  sheet: Nullable(Type.String()),
  row: Nullable(Type.Integer({ description: 'spreadsheet row, header = 1' })),
  column: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String(),
});
export type ChecklistImportProblem = Static<typeof ChecklistImportProblem>;

export const ChecklistImportQuery = Type.Object(
  {
    mode: Type.Optional(literals(['validate', 'commit'] as const)),
    /** Replace the draft of this library (one is created if there is none); otherwise a new library is created. */
    libraryId: Type.Optional(Uuid),
    /** For a new library: its jurisdiction ('' or omitted = national). */
    regionCode: Type.Optional(Type.String({ pattern: '^(\\d{2}(\\d{2}(\\d{2}(\\d{3})?)?)?)?$' })),
  },
  { additionalProperties: false },
);

export const ChecklistImportReport = Type.Object({
  mode: Type.String(),
  format: literals(['yaml', 'json', 'xlsx'] as const),
  ok: Type.Boolean(),
  problems: Type.Array(ChecklistImportProblem),
  library: Nullable(
    Type.Object({
      code: Type.String(),
      name: Localized,
      modules: Type.Integer(),
      items: Type.Integer(),
      scored: Type.Boolean(),
    }),
  ),
  libraryId: Nullable(Uuid),
  versionId: Nullable(Uuid),
});
export type ChecklistImportReport = Static<typeof ChecklistImportReport>;

export const ChecklistExportQuery = Type.Object(
  { format: Type.Optional(literals(['yaml', 'json', 'xlsx'] as const)) },
  { additionalProperties: false },
);
