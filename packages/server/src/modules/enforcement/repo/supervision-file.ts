import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inScope } from '../../../auth/scope.ts';

/**
 * Queries of the supervision file: everything recorded about one enterprise or project, each part
 * within the actor's scope. `col` is the party column (`enterprise_id` or `project_id`).
 */
type Db = Kysely<DB>;
export type Subject = 'enterprise' | 'project';
type PartyColumn = 'enterprise_id' | 'project_id';

export async function subjectInScope(db: Db, actor: Actor, subject: Subject, id: string) {
  return subject === 'enterprise'
    ? db
        .selectFrom('enterprises as e')
        .select(['e.id', 'e.name', 'e.region_code'])
        .where('e.id', '=', id)
        .where(inScope(actor, 'enterprise', 'e'))
        .executeTakeFirst()
    : db
        .selectFrom('projects as p')
        .select(['p.id', 'p.name', 'p.region_code'])
        .where('p.id', '=', id)
        .where(inScope(actor, 'project', 'p'))
        .executeTakeFirst();
}

/** A regulator sees the inspections in scope; the party itself only signed and finished ones. */
export async function inspectionsOf(db: Db, actor: Actor, col: PartyColumn, id: string, regulator: boolean) {
  return db
    .selectFrom('inspections as i')
    .select([
      'i.id',
      'i.number',
      'i.kind',
      'i.status',
      'i.title',
      'i.started_at',
      'i.created_at',
      'i.finished_at',
      'i.score',
    ])
    .where(`i.${col}` as 'i.enterprise_id', '=', id)
    .where(regulator ? inScope(actor, 'inspection', 'i') : sql<boolean>`true`)
    .$if(!regulator, (q) => q.where('i.status', 'in', ['signed', 'finished']))
    .execute();
}

export async function hazardsOf(db: Db, actor: Actor, col: PartyColumn, id: string) {
  return db
    .selectFrom('hazards as h')
    .select(['h.id', 'h.title', 'h.grade', 'h.found_at', 'h.status'])
    .where(`h.${col}` as 'h.enterprise_id', '=', id)
    .where(inScope(actor, 'hazard', 'h'))
    .execute();
}

export async function hazardEventsOf(db: Db, hazardIds: string[]) {
  return db
    .selectFrom('hazard_events')
    .select(['hazard_id', 'type', 'at', 'actor_name', 'payload'])
    .where('hazard_id', 'in', hazardIds)
    .orderBy('at')
    .execute();
}

export async function issuedDocumentsOf(db: Db, actor: Actor, col: PartyColumn, id: string) {
  return db
    .selectFrom('documents as d')
    .select(['d.id', 'd.kind', 'd.number', 'd.status', 'd.issued_at', 'd.created_at', 'd.issued_by_name'])
    .where(`d.${col}` as 'd.enterprise_id', '=', id)
    .where(inScope(actor, 'document', 'd'))
    .where('d.status', '=', 'issued')
    .execute();
}

export async function casesOf(db: Db, actor: Actor, col: PartyColumn, id: string) {
  return db
    .selectFrom('cases as c')
    .select(['c.id', 'c.number', 'c.title', 'c.opened_at', 'c.closed_at', 'c.closing_note'])
    .where(`c.${col}` as 'c.enterprise_id', '=', id)
    .where(inScope(actor, 'case', 'c'))
    .execute();
}

/**
 * The names of a region and the regions above it, top down (province, city, county, town), found
 * by the code's prefixes; the placeholder units (市辖区, 县) of municipalities are left out.
 */
export async function regionNames(db: Db, code: string) {
  const prefixes = [2, 4, 6, 9]
    .filter((n) => n <= code.length)
    .map((n) => (n < 6 ? code.slice(0, n).padEnd(6, '0') : code.slice(0, n)));
  const rows = await db
    .selectFrom('regions')
    .select(['code', 'name_zh'])
    .where('code', 'in', [...new Set([...prefixes, code])])
    .execute();
  return rows
    .sort((x, y) => x.code.length - y.code.length || x.code.localeCompare(y.code))
    .map((r) => r.name_zh)
    .filter((n) => n !== '市辖区' && n !== '县');
}

async function tableExists(db: Db, name: string) {
  const r = await sql<{ t: string | null }>`SELECT to_regclass(${name})::text AS t`.execute(db);
  return r.rows[0]?.t != null;
}

/** The newest 500 alarms of the party, with their rule's name ([] where the devices tables do not exist). */
export async function alarmsOf(db: Db, actor: Actor, col: PartyColumn, id: string) {
  if (!(await tableExists(db, 'alarms'))) return [];
  const alarms = await sql<{
    id: string;
    number: string;
    type: string;
    severity: string;
    status: string;
    first_event_at: Date;
    rule_name: string | null;
  }>`
    SELECT a.id, a.number, a.type, a.severity, a.status, a.first_event_at,
      ru.definition->'name'->>'zh' AS rule_name
    FROM alarms a
    LEFT JOIN alarm_rules ru ON ru.code = a.rule_code AND ru.version = a.rule_version
    WHERE ${sql.ref(`a.${col}`)} = ${id} AND ${inScope(actor, 'alarm', 'a')} ORDER BY a.first_event_at DESC LIMIT 500`.execute(
    db,
  );
  return alarms.rows;
}

/** The newest 500 accountability actions (通报, 警示, 约谈, 问责建议) on the enterprise or a person of it (issue 14). */
export async function accountabilityOf(db: Db, actor: Actor, enterpriseId: string) {
  return db
    .selectFrom('accountability_actions as x')
    .leftJoin('authorities as ia', 'ia.id', 'x.authority_id')
    .select([
      'x.id',
      'x.kind',
      'x.title',
      'x.status',
      'x.deadline',
      'x.person_name',
      'x.created_at',
      'x.held_at',
      'ia.name as issuer_name',
    ])
    .where('x.target_enterprise_id', '=', enterpriseId)
    .where(inScope(actor, 'accountability', 'x'))
    .orderBy('x.created_at', 'desc')
    .limit(500)
    .execute();
}
