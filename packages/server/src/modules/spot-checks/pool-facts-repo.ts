import { sql, type Kysely } from 'kysely';
import type { DrawGrade } from '@redline/domain';
import type { DB } from '../../db/schema.ts';

/**
 * The facts of a target pool that other features own: A/B/C grades (`current_grades`, the grading
 * module) and entries on a credit list (`credit_records`, the credit module). Those modules may not
 * be installed (they land in their own migration); this one function asks PostgreSQL whether the
 * relations exist (`to_regclass`) and, when they do not, answers "ungraded" and "no credit record".
 * **An ungraded target gets the B (normal) frequency** (domain draw.ts) — so a draw before grading
 * exists treats every non-high-risk target alike.
 */
export interface PoolFacts {
  gradesAvailable: boolean;
  creditAvailable: boolean;
  /** 'enterprise:<id>' / 'project:<id>' → grade. */
  grades: Map<string, DrawGrade>;
  /** Enterprises with a credit record not removed. */
  creditListed: Set<string>;
}

export async function poolFacts(
  db: Kysely<DB>,
  targets: Array<{ kind: 'enterprise' | 'project'; id: string }>,
  enterpriseIds: string[],
): Promise<PoolFacts> {
  const { rows } = await sql<{ grades: boolean; credit: boolean }>`
    SELECT to_regclass('current_grades') IS NOT NULL AS grades,
           to_regclass('credit_records') IS NOT NULL AS credit`.execute(db);
  const facts: PoolFacts = {
    gradesAvailable: !!rows[0]?.grades,
    creditAvailable: !!rows[0]?.credit,
    grades: new Map(),
    creditListed: new Set(),
  };
  if (facts.gradesAvailable && targets.length) {
    const ids = targets.map((t) => t.id);
    const { rows: g } = await sql<{ target_kind: string; target_id: string; grade: string }>`
      SELECT target_kind, target_id::text AS target_id, grade FROM current_grades
       WHERE target_kind IN ('enterprise', 'project') AND target_id IN (${sql.join(ids)})`.execute(db);
    for (const r of g)
      if (r.grade === 'A' || r.grade === 'B' || r.grade === 'C')
        facts.grades.set(`${r.target_kind}:${r.target_id}`, r.grade);
  }
  if (facts.creditAvailable && enterpriseIds.length) {
    const { rows: c } = await sql<{ enterprise_id: string }>`
      SELECT DISTINCT enterprise_id::text AS enterprise_id FROM credit_records
       WHERE removed_at IS NULL AND enterprise_id IN (${sql.join(enterpriseIds)})`.execute(db);
    for (const r of c) facts.creditListed.add(r.enterprise_id);
  }
  return facts;
}

/** Whether the grading relation exists (shown on the plan: "all targets count as B" while it does not). */
export async function gradesInstalled(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`SELECT to_regclass('current_grades') IS NOT NULL AS ok`.execute(
    db,
  );
  return !!rows[0]?.ok;
}
