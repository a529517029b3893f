import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';

/** Shapes shared by every HTTP route. */
export const Uuid = Type.String({ format: 'uuid' });
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const DivisionCode = Type.String({
  pattern: '^\\d{2}(\\d{2}(\\d{2}(\\d{3})?)?)?$',
  description: 'GB/T 2260 division code',
});
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Localized = Type.Object({ zh: Type.String(), en: Type.String() });

/** How every rate is rounded for display (stated in the API description and in the UI). */
export const RATE_ROUNDING =
  'Displayed rounded DOWN to one decimal (floorPercent in the domain): never 100 % while anything counted is open; always shown with its counts.';
/** A rate as an exact fraction 0..1 of the counts beside it; null when nothing was counted. */
export const RateFraction = (of: string) =>
  Nullable(
    Type.Number({
      minimum: 0,
      maximum: 1,
      description: `${of}, exact fraction 0..1; null when nothing was counted. ${RATE_ROUNDING}`,
    }),
  );
/** The same rate as displayed: percent rounded down, e.g. "99.9" for 2,852 / 2,853; null when nothing was counted. */
export const RatePercent = (of: string) =>
  Nullable(
    Type.String({
      pattern: '^\\d{1,3}\\.\\d$',
      description: `${of} in percent as displayed, e.g. "99.9" for 2,852 / 2,853. ${RATE_ROUNDING}`,
    }),
  );

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable machine-readable code' }),
      message: Type.String({ description: 'what went wrong and what to fix' }),
      field: Type.Optional(Type.String()),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export const IdParams = Type.Object({ id: Uuid });

/**
 * Totals are counted up to this many rows; beyond, `total` is this and `totalCapped` is true. Counting
 * 1,001 index entries costs about a millisecond; 10,001 cost 15–25 ms on two cores, which at 50
 * concurrent clients would be most of a list request (issue 13). Figures come from rollups instead.
 * The count is made for the first page; the cursor carries it to the next pages.
 */
export const PAGE_TOTAL_CAP = 1_000;

export const Cursor = Type.String({
  maxLength: 2000,
  pattern: '^[A-Za-z0-9_-]+$',
  description:
    "page token: the `nextCursor` of the previous page (opaque; keyset pagination on the list's sort key and id). " +
    'Absent = first page. A token altered or made for another sort order answers 400 with field `cursor`.',
});

export const PageQuery = {
  cursor: Type.Optional(Cursor),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'search text' })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer({
      description: `rows matching the filters when the first page was read: exact where a list can read it from its rollups (the hazard list of a regulator, for its common filters), otherwise counted up to ${PAGE_TOTAL_CAP}; when \`totalCapped\` is true there are more than this (show "${PAGE_TOTAL_CAP}+")`,
    }),
    totalCapped: Type.Boolean({
      description: `true when more than ${PAGE_TOTAL_CAP} rows match; \`total\` is then ${PAGE_TOTAL_CAP}`,
    }),
    pageSize: Type.Integer(),
    nextCursor: Type.Union([Cursor, Type.Null()], {
      description: 'pass as `cursor` for the next page; null on the last page',
    }),
  });
export type PageOf<T> = {
  items: T[];
  total: number;
  totalCapped: boolean;
  pageSize: number;
  nextCursor: string | null;
};

/**
 * Pages by number, for the few lists that are bounded reference data ranked by relevance (checklist
 * item search: at most a few thousand items a library, ordered by how well they match), where a
 * keyset has no stable key to follow. Every list of records that grows uses `PageQuery` / `Page`.
 */
export const OffsetPageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: PageQuery.pageSize,
  q: PageQuery.q,
  order: PageQuery.order,
};
export const OffsetPage = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
export type OffsetPageOf<T> = { items: T[]; total: number; page: number; pageSize: number };

export const Ok = Type.Object({ ok: Type.Literal(true) });

/** A union of string literals that keeps its literal type (TypeBox widens a mapped array). */
type LiteralTuple<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };
export const literals = <const T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<LiteralTuple<T> & TSchema[]>;
