import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';

/** Queries of the authorities' own document templates (the shipped defaults are files). */
type Db = Kysely<DB>;

/** The newest version an authority saved for a kind, if any. */
export async function latestAuthorityTemplate(db: Db, authorityId: string, kind: string) {
  return db
    .selectFrom('document_templates')
    .select(['version', 'body', 'authority_id'])
    .where('authority_id', '=', authorityId)
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .executeTakeFirst();
}

/** The highest version number an authority saved for a kind; 0 when none. */
export async function lastTemplateVersion(db: Db, authorityId: string, kind: string): Promise<number> {
  const last = await db
    .selectFrom('document_templates')
    .select(sql<number>`coalesce(max(version), 0)::int`.as('v'))
    .where('authority_id', '=', authorityId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return last.v;
}

export async function insertTemplate(
  trx: Db,
  t: { authorityId: string; kind: string; version: number; body: unknown; createdBy: string },
) {
  await trx
    .insertInto('document_templates')
    .values({
      authority_id: t.authorityId,
      kind: t.kind,
      version: t.version,
      body: JSON.stringify(t.body),
      created_by: t.createdBy,
    })
    .execute();
}

export async function authorityRegion(db: Db, authorityId: string): Promise<string> {
  const a = await db
    .selectFrom('authorities')
    .select('region_code')
    .where('id', '=', authorityId)
    .executeTakeFirstOrThrow();
  return a.region_code;
}
