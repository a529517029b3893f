import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, conflict, forbidden, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import {
  appendEntry,
  entryById,
  insertRedemption,
  itemById,
  lockAccount,
  putBack,
  redemptionById,
  reversalOf,
  setRedemptionStatus,
  siteInScope,
  takeOne,
  workerSite,
} from './repo.ts';

/**
 * A worker redeems one item at a site of theirs. In one transaction: the stock is taken by a
 * conditional UPDATE (stock > 0), the worker's account row is locked and the price checked against
 * the balance, then a redeem entry moves the balance. Two redemptions at once queue on the item row
 * and on the account row, so neither stock nor points can be spent twice.
 */
export async function redeem(trx: Kysely<DB>, actor: Actor, itemId: string, now: Date) {
  if (!actor.workerId) throw forbidden('Only a worker account redeems points');
  const item = await itemById(trx, itemId);
  if (!item) throw notFound('Item');
  const site = await workerSite(trx, actor.workerId, item.site_id).catch(() => {
    throw notFound('Item');
  });
  const taken = await takeOne(trx, itemId, now);
  if (!taken)
    throw new AppError('OUT_OF_STOCK', `${item.name} is out of stock (or no longer offered)`, 'itemId');
  const balance = await lockAccount(trx, actor.workerId, now);
  if (balance < taken.price)
    throw new AppError(
      'POINTS_INSUFFICIENT',
      `${item.name} costs ${taken.price} points; your balance is ${balance}`,
      'itemId',
      { balance, price: taken.price },
    );
  const id = randomUUID();
  const entry = await appendEntry(trx, {
    worker_id: actor.workerId,
    kind: 'redeem',
    points: -taken.price,
    event: 'redeem',
    reason: `兑换：${item.name}`,
    source_kind: 'redemption',
    source_id: id,
    site_id: site.id,
    enterprise_id: site.enterprise_id,
    project_id: site.project_id,
    region_code: site.region_code,
    created_by: actor.userId,
    created_at: now,
  });
  if (!entry) throw conflict('This redemption was already entered');
  await insertRedemption(trx, {
    id,
    itemId,
    siteId: site.id,
    workerId: actor.workerId,
    points: taken.price,
    entryId: entry.id,
    at: now,
  });
  await appendAudit(trx, {
    actor,
    action: 'points.redeem',
    subjectType: 'points_redemption',
    subjectId: id,
    regionCode: site.region_code,
    details: { itemId, price: taken.price, stockLeft: taken.stock },
    at: now,
  });
  return { id, balance: entry.balance, stock: taken.stock };
}

/** The keeper hands the item over: an enterprise manager (or regulator) who sees the site. */
export async function handOver(trx: Kysely<DB>, actor: Actor, id: string, now: Date) {
  const r = await redemptionById(trx, id, true);
  if (!r) throw notFound('Redemption');
  await siteInScope(trx, actor, r.site_id).catch(() => {
    throw notFound('Redemption');
  });
  if (r.status !== 'pending')
    throw conflict(`This redemption is ${r.status === 'handed_over' ? 'already handed over' : 'cancelled'}`);
  await setRedemptionStatus(trx, id, 'handed_over', actor.userId, now);
  await appendAudit(trx, {
    actor,
    action: 'points.hand_over',
    subjectType: 'points_redemption',
    subjectId: id,
    regionCode: r.region_code,
    details: { itemId: r.item_id },
    at: now,
  });
}

/** A pending redemption is cancelled (by the worker or the keeper): points back by a reverse entry, stock back. */
export async function cancelRedemption(trx: Kysely<DB>, actor: Actor, id: string, now: Date) {
  const r = await redemptionById(trx, id, true);
  if (!r) throw notFound('Redemption');
  const own = actor.workerId === r.worker_id;
  if (!own)
    await siteInScope(trx, actor, r.site_id).catch(() => {
      throw notFound('Redemption');
    });
  if (r.status !== 'pending')
    throw conflict(`This redemption is ${r.status === 'handed_over' ? 'already handed over' : 'cancelled'}`);
  await setRedemptionStatus(trx, id, 'cancelled', actor.userId, now);
  await putBack(trx, r.item_id, now);
  await reverse(trx, actor, r.entry_id, `取消兑换：${r.item_name}`, now);
}

/** Reverses one entry (a mistake, a cancelled redemption): a new entry of the opposite sign, once. */
export async function reverse(trx: Kysely<DB>, actor: Actor, entryId: string, reason: string, now: Date) {
  const e = await entryById(trx, entryId);
  if (!e) throw notFound('Points entry');
  if (e.kind === 'reverse') throw conflict('A reversal is not reversed; enter the points again instead');
  await lockAccount(trx, e.worker_id, now);
  if (await reversalOf(trx, entryId)) throw conflict('This entry is already reversed');
  const balance = await lockAccount(trx, e.worker_id, now);
  if (balance - e.points < 0)
    throw new AppError(
      'POINTS_INSUFFICIENT',
      `Reversing these ${e.points} points would take the balance (${balance}) below zero; the points were already spent`,
    );
  const done = await appendEntry(trx, {
    worker_id: e.worker_id,
    kind: 'reverse',
    points: -e.points,
    event: e.event,
    reason,
    source_kind: e.source_kind,
    source_id: e.source_id,
    reverses: e.id,
    site_id: e.site_id,
    enterprise_id: e.enterprise_id,
    project_id: e.project_id,
    region_code: e.region_code,
    created_by: actor.userId,
    created_at: now,
  });
  if (!done) throw conflict('This entry is already reversed');
  await appendAudit(trx, {
    actor,
    action: 'points.reverse',
    subjectType: 'points_entry',
    subjectId: done.id,
    regionCode: e.region_code,
    details: { reverses: e.id, points: -e.points, reason },
    at: now,
  });
  return done;
}
