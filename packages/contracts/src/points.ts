import { Type } from '@sinclair/typebox';
import { Nullable, Page, PageQuery, Uuid, literals } from './common.ts';

/** The points exchange (issue 18). */
export const POINTS_EVENT_CODES = [
  'report_verified',
  'report_verified_major',
  'suggestion_adopted',
  'training_completed',
  'drill',
  'violation',
] as const;
export const POINTS_EVENT_NAMES: Record<(typeof POINTS_EVENT_CODES)[number], string> = {
  report_verified: '举报隐患经核实',
  report_verified_major: '举报重大隐患经核实',
  suggestion_adopted: '合理化建议被采纳',
  training_completed: '完成安全培训',
  drill: '参加应急演练',
  violation: '违章经确认（扣分）',
};
const Instant = Type.String({ format: 'date-time' });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });

export const PointsRule = Type.Object({
  event: literals(POINTS_EVENT_CODES),
  points: Type.Integer(),
  source: literals(['project', 'enterprise', 'default'] as const),
});
export const PointsRulesQuery = Type.Object(
  { enterpriseId: Type.Optional(Uuid), projectId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export const PointsRuleBody = Type.Object(
  {
    enterpriseId: Type.Optional(Uuid),
    projectId: Type.Optional(Uuid),
    event: literals(POINTS_EVENT_CODES),
    points: Type.Integer({ minimum: -1000, maximum: 1000 }),
  },
  { additionalProperties: false },
);

export const PointsEntry = Type.Object({
  id: Type.String(),
  kind: literals(['earn', 'redeem', 'reverse'] as const),
  points: Type.Integer(),
  event: Type.String(),
  reason: Type.String(),
  sourceKind: Type.String(),
  sourceId: Type.String(),
  reverses: Nullable(Type.String()),
  siteName: Nullable(Type.String()),
  createdAt: Instant,
});
export const PointsEntryPage = Page(PointsEntry);
export const PointsEntriesQuery = Type.Object(
  { ...PageQuery, workerId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export const PointsBalance = Type.Object({
  workerId: Uuid,
  workerName: Type.String(),
  balance: Type.Integer(),
  earned: Type.Integer(),
  redeemed: Type.Integer(),
});

export const PointsAwardBody = Type.Object(
  {
    workerId: Uuid,
    event: literals(['training_completed', 'drill', 'violation'] as const),
    siteId: Uuid,
    /** The record it comes from (training record, drill, violation notice): awarding it again is a no-op. */
    sourceRef: Type.String({ minLength: 1, maxLength: 100 }),
    reason: Type.String({ minLength: 2, maxLength: 300 }),
  },
  { additionalProperties: false },
);
export const ReverseBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 300 }) },
  { additionalProperties: false },
);
export const EntryParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }) });

export const PointsItem = Type.Object({
  id: Uuid,
  siteId: Uuid,
  siteName: Type.String(),
  name: Type.String(),
  description: Type.String(),
  price: Type.Integer(),
  stock: Type.Integer(),
  active: Type.Boolean(),
});
export const PointsItemPage = Page(PointsItem);
export const PointsItemsQuery = Type.Object(
  { ...PageQuery, siteId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export const PointsItemBody = Type.Object(
  {
    siteId: Uuid,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    price: Type.Integer({ minimum: 1, maximum: 100_000 }),
    stock: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);
export const PointsItemPatch = Type.Object(
  {
    price: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    addStock: Type.Optional(Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const REDEMPTION_STATUSES = ['pending', 'handed_over', 'cancelled'] as const;
export const Redemption = Type.Object({
  id: Uuid,
  itemId: Uuid,
  itemName: Type.String(),
  siteId: Uuid,
  siteName: Type.String(),
  workerId: Uuid,
  workerName: Type.String(),
  points: Type.Integer(),
  status: literals(REDEMPTION_STATUSES),
  createdAt: Instant,
  handedOverAt: Nullable(Instant),
});
export const RedemptionPage = Page(Redemption);
export const RedemptionsQuery = Type.Object(
  { ...PageQuery, siteId: Type.Optional(Uuid), status: Type.Optional(literals(REDEMPTION_STATUSES)) },
  { additionalProperties: false },
);
export const RedeemBody = Type.Object({ itemId: Uuid }, { additionalProperties: false });
export const RedeemResult = Type.Object({
  redemption: Redemption,
  balance: Type.Integer(),
  stock: Type.Integer(),
});

export const LeaderboardQuery = Type.Object({ siteId: Uuid, month: Month }, { additionalProperties: false });
export const Leaderboard = Type.Object({
  siteId: Uuid,
  month: Type.String(),
  rows: Type.Array(
    Type.Object({ rank: Type.Integer(), workerId: Uuid, workerName: Type.String(), points: Type.Integer() }),
  ),
});
