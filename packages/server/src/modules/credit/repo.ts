import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope } from '../../auth/scope.ts';

/** The credit repository: credit records, their history, the enterprise they name. */

/** The enterprise the actor may see (for listing it, or reading its credit). */
export async function visibleEnterprise(db: Kysely<DB>, actor: Actor, id: string) {
  return db
    .selectFrom('enterprises as e')
    .select(['e.id', 'e.name', 'e.region_code'])
    .where('e.id', '=', id)
    .where(inScope(actor, 'enterprise', 'e'))
    .executeTakeFirst();
}

const withNames = (db: Kysely<DB>) =>
  db
    .selectFrom('credit_records as c')
    .innerJoin('enterprises as e', 'e.id', 'c.enterprise_id')
    .innerJoin('authorities as a', 'a.id', 'c.authority_id')
    .selectAll('c')
    .select(['e.name as enterprise_name', 'a.name as authority_name']);

export async function creditRecordsOf(db: Kysely<DB>, enterpriseId: string) {
  return withNames(db)
    .where('c.enterprise_id', '=', enterpriseId)
    .orderBy('c.starts_on', 'desc')
    .orderBy('c.id')
    .execute();
}
export type CreditRow = Awaited<ReturnType<typeof creditRecordsOf>>[number];

/** One record the actor may see, locked when changing it. */
export async function loadCreditRecord(db: Kysely<DB>, actor: Actor, id: string, forUpdate = false) {
  let q = withNames(db)
    .where('c.id', '=', id)
    .where(inScope(actor, 'credit_record', 'c'));
  if (forUpdate) q = q.forUpdate('c');
  return q.executeTakeFirst();
}

export async function eventsOf(db: Kysely<DB>, recordIds: string[]) {
  if (recordIds.length === 0) return [];
  return db
    .selectFrom('credit_record_events as v')
    .leftJoin('users as u', 'u.id', 'v.by_user')
    .select(['v.record_id', 'v.action', 'v.at', 'v.note', 'u.display_name as by_name'])
    .where('v.record_id', 'in', recordIds)
    .orderBy('v.at')
    .orderBy('v.id')
    .execute();
}
export type CreditEventRow = Awaited<ReturnType<typeof eventsOf>>[number];

export async function insertCreditRecord(
  db: Kysely<DB>,
  r: {
    enterprise_id: string;
    region_code: string;
    list_kind: 'serious_untrustworthy';
    condition_code: string;
    condition_text: string;
    authority_id: string;
    decision_no: string;
    starts_on: string;
    planned_end_on: string;
    repair_from: string;
    created_by: string;
    created_at: Date;
  },
): Promise<string> {
  const row = await db.insertInto('credit_records').values(r).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function markRemoved(
  db: Kysely<DB>,
  id: string,
  r: { removed_at: Date; removed_on: string; removal_reason: string; removed_by: string },
) {
  await db.updateTable('credit_records').set(r).where('id', '=', id).execute();
}

export async function insertCreditEvent(
  db: Kysely<DB>,
  e: { record_id: string; action: 'listed' | 'removed'; at: Date; by_user: string; note: string },
) {
  await db.insertInto('credit_record_events').values(e).execute();
}
