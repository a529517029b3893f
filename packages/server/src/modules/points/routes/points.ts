import { Type } from '@sinclair/typebox';
import {
  EntryParams,
  IdParams,
  Leaderboard,
  LeaderboardQuery,
  POINTS_EVENT_CODES,
  PointsAwardBody,
  PointsBalance,
  PointsEntriesQuery,
  PointsEntryPage,
  PointsItem,
  PointsItemBody,
  PointsItemPage,
  PointsItemPatch,
  PointsItemsQuery,
  PointsRule,
  PointsRuleBody,
  PointsRulesQuery,
  RedeemBody,
  RedeemResult,
  Redemption,
  RedemptionPage,
  RedemptionsQuery,
  ReverseBody,
} from '@redline/contracts';
import { DEFAULT_POINTS, rulePointsProblem } from '@redline/domain';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import type { Actor } from '../../../auth/actor.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { appendAudit } from '../../../audit/chain.ts';
import { notFound, validation } from '../../../errors.ts';
import { monthRange } from '../../../month-range.ts';
import {
  balanceOf,
  enterpriseInScope,
  entryById,
  insertItem,
  itemById,
  leaderboardRows,
  listEntries,
  listItems,
  listRedemptions,
  patchItem,
  projectInScope,
  redemptionById,
  rulesOf,
  saveRule,
  siteInScope,
  sitesInScope,
  workerInScope,
  workerSite,
} from '../repo.ts';
import { workerSites } from '../repo.ts';
import { awardPoints } from '../award.ts';
import { cancelRedemption, handOver, redeem, reverse } from '../redeem.ts';
import { entryView, itemView, redemptionView } from '../presenters.ts';

const tags = ['points'];
const errors = ERROR_RESPONSES;

/** The points exchange: balances and ledgers, rules, awards, the catalogue, redemptions, leaderboards. */
export const pointsRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  /** The worker whose ledger is asked for: a worker's own; someone else's only within scope. */
  const whose = async (actor: Actor, workerId: string | undefined) => {
    if (actor.role === 'worker') {
      if (!actor.workerId || (workerId && workerId !== actor.workerId)) throw notFound('Worker');
      return actor.workerId;
    }
    if (!workerId) throw validation('workerId', 'Name the worker');
    return (await workerInScope(db, actor, workerId)).id;
  };
  /** The sites whose catalogue and redemptions the actor sees. */
  const mySites = async (actor: Actor) =>
    actor.role === 'worker'
      ? actor.workerId
        ? (await workerSites(db, actor.workerId)).map((s) => s.id)
        : []
      : sitesInScope(db, actor);
  const siteFor = async (actor: Actor, siteId: string) =>
    actor.role === 'worker' && actor.workerId
      ? workerSite(db, actor.workerId, siteId)
      : siteInScope(db, actor, siteId);

  app.get(
    '/api/points/balance',
    {
      schema: {
        tags,
        summary: 'A worker’s balance (the sum of their entries), earned and redeemed',
        querystring: Type.Object(
          { workerId: Type.Optional(Type.String({ format: 'uuid' })) },
          { additionalProperties: false },
        ),
        response: { 200: PointsBalance, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'points');
      const b = await balanceOf(db, await whose(actor, req.query.workerId));
      return {
        workerId: b.id,
        workerName: b.name,
        balance: b.balance,
        earned: b.earned,
        redeemed: b.redeemed,
      };
    },
  );

  app.get(
    '/api/points/entries',
    {
      schema: {
        tags,
        summary: 'A worker’s ledger, newest first (keyset pages)',
        querystring: PointsEntriesQuery,
        response: { 200: PointsEntryPage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'points');
      const page = await listEntries(db, await whose(actor, req.query.workerId), req.query);
      const masked = actor.role === 'enterprise_manager';
      return { ...page, items: page.items.map((e) => entryView(e, masked)) };
    },
  );

  app.get(
    '/api/points/rules',
    {
      schema: {
        tags,
        summary:
          'The points of each event for an enterprise or a project (its own, its enterprise’s, or the default)',
        querystring: PointsRulesQuery,
        response: { 200: Type.Array(PointsRule), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'points');
      const { enterpriseId, projectId } = req.query;
      if (!!enterpriseId === !!projectId)
        throw validation('enterpriseId', 'Name an enterprise or a project (one)');
      if (projectId) await projectInScope(db, actor, projectId);
      if (enterpriseId) await enterpriseInScope(db, actor, enterpriseId);
      const rules = await rulesOf(db, enterpriseId ?? null, projectId ?? null);
      return POINTS_EVENT_CODES.map((event) => {
        const own = projectId ? rules.project[event] : rules.enterprise[event];
        return own !== undefined
          ? { event, points: own, source: projectId ? ('project' as const) : ('enterprise' as const) }
          : { event, points: DEFAULT_POINTS[event], source: 'default' as const };
      });
    },
  );

  app.put(
    '/api/points/rules',
    {
      schema: {
        tags,
        summary: 'Set the points of one event for an enterprise or a project (audited)',
        body: PointsRuleBody,
        response: { 200: PointsRule, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'rules', 'points');
      const { enterpriseId, projectId, event, points } = req.body;
      if (!!enterpriseId === !!projectId)
        throw validation('enterpriseId', 'Name an enterprise or a project (one)');
      const problem = rulePointsProblem(event, points);
      if (problem) throw validation('points', problem);
      const scope = projectId
        ? await projectInScope(db, actor, projectId)
        : await enterpriseInScope(db, actor, enterpriseId!);
      await inTransaction(db, async (trx) => {
        await saveRule(trx, {
          enterpriseId: enterpriseId ?? null,
          projectId: projectId ?? null,
          event,
          points,
          by: actor.userId,
          at: deps.now(),
        });
        await appendAudit(trx, {
          actor,
          action: 'points.rule',
          subjectType: projectId ? 'project' : 'enterprise',
          subjectId: scope.id,
          regionCode: scope.region_code,
          details: { event, points },
          at: deps.now(),
        });
      });
      return { event, points, source: projectId ? ('project' as const) : ('enterprise' as const) };
    },
  );

  app.post(
    '/api/points/awards',
    {
      schema: {
        tags,
        summary: 'Points for training or a drill, or a deduction for a confirmed violation (once per record)',
        body: PointsAwardBody,
        response: { 200: Type.Object({ points: Type.Integer(), balance: Type.Integer() }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'award', 'points');
      const w = await workerInScope(db, actor, req.body.workerId);
      const site = await siteInScope(db, actor, req.body.siteId);
      const points = await inTransaction(db, (trx) =>
        awardPoints(
          trx,
          actor,
          {
            workerId: w.id,
            event: req.body.event,
            site,
            source: { kind: req.body.event, id: req.body.sourceRef.trim() },
            reason: req.body.reason.trim(),
          },
          deps.now(),
        ),
      );
      return { points, balance: (await balanceOf(db, w.id)).balance };
    },
  );

  app.post(
    '/api/points/entries/:id/reverse',
    {
      schema: {
        tags,
        summary: 'Reverse one entry with a reason (a new entry of the opposite sign; entries never change)',
        params: EntryParams,
        body: ReverseBody,
        response: { 200: Type.Object({ id: Type.String(), balance: Type.Integer() }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reverse', 'points');
      const e = await entryById(db, req.params.id);
      if (!e) throw notFound('Points entry');
      await workerInScope(db, actor, e.worker_id).catch(() => {
        throw notFound('Points entry');
      });
      if (e.source_kind === 'redemption')
        throw validation('id', 'Cancel the redemption instead (stock and points go back together)');
      return inTransaction(db, (trx) => reverse(trx, actor, e.id, req.body.reason.trim(), deps.now()));
    },
  );

  app.get(
    '/api/points/items',
    {
      schema: {
        tags,
        summary: 'The catalogue of a site (or of all your sites), by name (keyset pages)',
        querystring: PointsItemsQuery,
        response: { 200: PointsItemPage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'points');
      const sites = req.query.siteId ? [(await siteFor(actor, req.query.siteId)).id] : await mySites(actor);
      const page = await listItems(db, sites, { ...req.query, activeOnly: actor.role === 'worker' });
      return { ...page, items: page.items.map(itemView) };
    },
  );

  app.post(
    '/api/points/items',
    {
      schema: {
        tags,
        summary: 'Offer an item at a site',
        body: PointsItemBody,
        response: { 201: PointsItem, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'keep', 'points');
      const site = await siteInScope(db, actor, req.body.siteId);
      const id = await inTransaction(db, async (trx) => {
        const id = await insertItem(trx, {
          siteId: site.id,
          name: req.body.name.trim(),
          description: req.body.description?.trim() ?? '',
          price: req.body.price,
          stock: req.body.stock,
          by: actor.userId,
          at: deps.now(),
        });
        await appendAudit(trx, {
          actor,
          action: 'points.item_create',
          subjectType: 'points_item',
          subjectId: id,
          regionCode: site.region_code,
          details: { price: req.body.price, stock: req.body.stock },
          at: deps.now(),
        });
        return id;
      });
      reply.status(201);
      return itemView((await itemById(db, id))!);
    },
  );

  app.patch(
    '/api/points/items/:id',
    {
      schema: {
        tags,
        summary: 'Change an item’s price, add or remove stock, or take it off offer',
        params: IdParams,
        body: PointsItemPatch,
        response: { 200: PointsItem, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'keep', 'points');
      const item = await itemById(db, req.params.id);
      if (!item) throw notFound('Item');
      const site = await siteInScope(db, actor, item.site_id).catch(() => {
        throw notFound('Item');
      });
      await inTransaction(db, async (trx) => {
        if (!(await patchItem(trx, item.id, req.body, deps.now())))
          throw validation('addStock', `Only ${item.stock} in stock; cannot remove more`);
        await appendAudit(trx, {
          actor,
          action: 'points.item_update',
          subjectType: 'points_item',
          subjectId: item.id,
          regionCode: site.region_code,
          details: { ...req.body },
          at: deps.now(),
        });
      });
      return itemView((await itemById(db, item.id))!);
    },
  );

  app.post(
    '/api/points/redemptions',
    {
      schema: {
        tags,
        summary: 'Redeem an item (worker): stock and points taken together, never overspent',
        body: RedeemBody,
        response: { 201: RedeemResult, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'redeem', 'points');
      const r = await inTransaction(db, (trx) => redeem(trx, actor, req.body.itemId, deps.now()));
      reply.status(201);
      return {
        redemption: redemptionView((await redemptionById(db, r.id))!),
        balance: r.balance,
        stock: r.stock,
      };
    },
  );

  app.get(
    '/api/points/redemptions',
    {
      schema: {
        tags,
        summary: 'Redemptions: a worker’s own, or those of the sites you keep (newest first)',
        querystring: RedemptionsQuery,
        response: { 200: RedemptionPage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'points');
      const where =
        actor.role === 'worker'
          ? { workerId: actor.workerId ?? '00000000-0000-0000-0000-000000000000', status: req.query.status }
          : {
              siteIds: req.query.siteId
                ? [(await siteInScope(db, actor, req.query.siteId)).id]
                : await sitesInScope(db, actor),
              status: req.query.status,
            };
      if (actor.role === 'worker' && req.query.siteId) Object.assign(where, { siteIds: [req.query.siteId] });
      const page = await listRedemptions(db, where, req.query);
      return { ...page, items: page.items.map(redemptionView) };
    },
  );

  for (const action of ['hand-over', 'cancel'] as const) {
    app.post(
      `/api/points/redemptions/:id/${action}`,
      {
        schema: {
          tags,
          summary:
            action === 'hand-over'
              ? 'The keeper confirms the item was handed over'
              : 'Cancel a pending redemption: the item back in stock, the points back by a reverse entry',
          params: IdParams,
          response: { 200: Redemption, ...errors },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        if (action === 'hand-over') authorize(actor, 'keep', 'points');
        else authorize(actor, 'read', 'points');
        await inTransaction(db, (trx) =>
          action === 'hand-over'
            ? handOver(trx, actor, req.params.id, deps.now())
            : cancelRedemption(trx, actor, req.params.id, deps.now()),
        );
        return redemptionView((await redemptionById(db, req.params.id))!);
      },
    );
  }

  app.get(
    '/api/points/leaderboard',
    {
      schema: {
        tags,
        summary: 'Points earned at a site in a month, per worker (top 50)',
        querystring: LeaderboardQuery,
        response: { 200: Leaderboard, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'points');
      const site = await siteFor(actor, req.query.siteId);
      const m = monthRange(req.query.month, deps.today(), deps.config.TIME_ZONE);
      const rows = await leaderboardRows(db, site.id, m.from, m.to);
      let rank = 0;
      let last: number | null = null;
      return {
        siteId: site.id,
        month: m.month,
        rows: rows.map((r, i) => {
          if (r.points !== last) rank = i + 1;
          last = r.points;
          return { rank, workerId: r.worker_id, workerName: r.name, points: r.points };
        }),
      };
    },
  );
};
