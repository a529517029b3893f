import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inScope, type ScopedKind } from '../../../auth/scope.ts';

/** Lookups shared by the kinds: referenced records, regions, reference items, names in sheets. */

export type ReferencedTable = 'enterprises' | 'projects' | 'sites' | 'workers';

/** A record of `table` the actor may see, with its region (undefined when missing or foreign). */
export function findVisible(
  db: Kysely<DB>,
  actor: Actor,
  table: ReferencedTable,
  kind: ScopedKind,
  id: string,
): Promise<{ id: string; region_code: string } | undefined> {
  // The four tables share id and region_code; the alias keeps the scope rule's column names.
  return db
    .selectFrom(`${table} as t` as 'enterprises as t')
    .select(['t.id', 't.region_code'])
    .where('t.id', '=', id)
    .where(inScope(actor, kind, 't'))
    .executeTakeFirst();
}

export async function regionExists(db: Kysely<DB>, code: string): Promise<boolean> {
  const row = await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
  return !!row;
}

export async function refItemExists(db: Kysely<DB>, kind: string, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('ref_items')
    .select('code')
    .where('kind', '=', kind)
    .where('code', '=', code)
    .executeTakeFirst();
  return !!row;
}

/** The codes of one reference list, in their display order. */
export async function refItemCodes(db: Kysely<DB>, kind: string): Promise<string[]> {
  const rows = await db
    .selectFrom('ref_items')
    .select('code')
    .where('kind', '=', kind)
    .orderBy('sort')
    .execute();
  return rows.map((r) => r.code);
}

/** A reference item's code from its code or its Chinese or English name. */
export async function refItemByCodeOrName(
  db: Kysely<DB>,
  kind: string,
  text: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('ref_items')
    .select('code')
    .where('kind', '=', kind)
    .where((eb) =>
      eb.or([
        eb('code', '=', text),
        eb('name_zh', '=', text),
        eb(eb.fn('lower', ['name_en']), '=', text.toLowerCase()),
      ]),
    )
    .executeTakeFirst();
  return row?.code;
}

/** The codes of the regions with exactly this Chinese name. */
export async function regionCodesNamed(db: Kysely<DB>, nameZh: string): Promise<string[]> {
  const rows = await db.selectFrom('regions').select('code').where('name_zh', '=', nameZh).execute();
  return rows.map((r) => r.code);
}

/** Up to two enterprises with this credit code or exact name (two: the name is ambiguous). */
export async function enterprisesByCreditCodeOrName(db: Kysely<DB>, text: string): Promise<string[]> {
  const rows = await db
    .selectFrom('enterprises')
    .select('id')
    .where((eb) => eb.or([eb('credit_code', '=', text.toUpperCase()), eb('name', '=', text)]))
    .limit(2)
    .execute();
  return rows.map((r) => r.id);
}

/** Any registered enterprise by id (a project party may be from anywhere), with its region. */
export function findEnterprise(
  db: Kysely<DB>,
  id: string,
): Promise<{ id: string; region_code: string } | undefined> {
  return db.selectFrom('enterprises').select(['id', 'region_code']).where('id', '=', id).executeTakeFirst();
}

/** The id of an enterprise with exactly this name, if any (project parties named in a sheet). */
export async function enterpriseIdByName(db: Kysely<DB>, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('enterprises').select('id').where('name', '=', name).executeTakeFirst();
  return row?.id;
}
