import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { RiskBandSetsTable, RiskBandRow, RiskMethodCode } from '../../db/schema-risk.ts';
import type { Actor } from '../../auth/actor.ts';

/** Queries of the versioned band sets (risk_band_sets; rows are never updated). */
type Q = Kysely<DB>;

export interface BandSetRow {
  id: string;
  method: RiskMethodCode;
  region_prefix: string;
  region_name: string | null;
  industry_code: string | null;
  version: number;
  factors: Record<string, number[]>;
  bands: RiskBandRow[];
  effective_from: string;
  source: string;
  confirmation: string;
  created_at: Date;
}

const columns = (db: Q) =>
  db
    .selectFrom('risk_band_sets as b')
    .leftJoin('regions as r', 'r.code', 'b.region_prefix')
    .select([
      'b.id',
      'b.method',
      'b.region_prefix',
      'r.name_zh as region_name',
      'b.industry_code',
      'b.version',
      'b.factors',
      'b.bands',
      sql<string>`to_char(b.effective_from, 'YYYY-MM-DD')`.as('effective_from'),
      'b.source',
      'b.confirmation',
      'b.created_at',
    ]);

/**
 * The band sets that may apply inside a jurisdiction: those of its ancestors (and the country's)
 * and those inside it — never a sibling jurisdiction's.
 */
export async function bandSetsVisible(db: Q, actor: Actor, method?: RiskMethodCode): Promise<BandSetRow[]> {
  const j = actor.regionCode;
  let qb = columns(db).where(
    sql<boolean>`(${j} LIKE b.region_prefix || '%' OR b.region_prefix LIKE ${j.replace(/[\\%_]/g, '\\$&') + '%'})`,
  );
  if (method) qb = qb.where('b.method', '=', method);
  return qb
    .orderBy('b.method')
    .orderBy('b.region_prefix')
    .orderBy('b.industry_code')
    .orderBy('b.version', 'desc')
    .execute();
}

/** The sets whose region prefix contains a place (candidates for pickBandSet). */
export async function bandSetsCovering(
  db: Q,
  regionCode: string,
  method?: RiskMethodCode,
): Promise<BandSetRow[]> {
  let qb = columns(db).where(sql<boolean>`${regionCode} LIKE b.region_prefix || '%'`);
  if (method) qb = qb.where('b.method', '=', method);
  return qb.execute();
}

export async function nextBandVersion(
  trx: Q,
  scope: { method: RiskMethodCode; regionPrefix: string; industryCode: string | null },
): Promise<number> {
  // Serialise writers of the same scope so two new versions never take the same number.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`risk_band_sets:${scope.method}:${scope.regionPrefix}:${scope.industryCode ?? ''}`}))`.execute(
    trx,
  );
  const row = await trx
    .selectFrom('risk_band_sets')
    .select(sql<number>`coalesce(max(version), 0)::int`.as('v'))
    .where('method', '=', scope.method)
    .where('region_prefix', '=', scope.regionPrefix)
    .where(
      scope.industryCode === null
        ? sql<boolean>`industry_code IS NULL`
        : sql<boolean>`industry_code = ${scope.industryCode}`,
    )
    .executeTakeFirstOrThrow();
  return row.v + 1;
}

export async function insertBandSet(trx: Q, values: Insertable<RiskBandSetsTable>): Promise<string> {
  const { id } = await trx
    .insertInto('risk_band_sets')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function industryExists(db: Q, code: string): Promise<boolean> {
  return !!(await db
    .selectFrom('ref_items')
    .select('code')
    .where('kind', '=', 'industry')
    .where('code', '=', code)
    .executeTakeFirst());
}
