import { sql, type Kysely } from 'kysely';
import type { GroupProblemQuery, PageOf } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import { key, keysetPage, searchAny } from '../../db/paging.ts';

/**
 * Progress of groups from their inspections and the hazards those found — counted by group id over
 * the index on inspections(group_id) and hazards(inspection_id), never a scan of a jurisdiction.
 * Definitions are the hazard figures' (domain hazard-figures.ts): found = not rejected, rectified =
 * closed, overdue = owed (rectification ordered / rectifying) with the deadline passed at `now`.
 */
type Q = Kysely<DB>;

const OWING = ['rectification_ordered', 'rectifying'];

export interface GroupCounts {
  inspections: number;
  finished: number;
  found: number;
  closed: number;
  overdue: number;
  /** Finished inspections' targets, as every id column (a project target counts for its project). */
  inspectedIds: Set<string>;
  /** Distinct finished targets (kind:id of the inspected target). */
  inspectedTargets: number;
}

export async function groupCounts(db: Q, groupIds: string[], now: Date): Promise<Map<string, GroupCounts>> {
  const out = new Map<string, GroupCounts>();
  for (const id of groupIds)
    out.set(id, {
      inspections: 0,
      finished: 0,
      found: 0,
      closed: 0,
      overdue: 0,
      inspectedIds: new Set(),
      inspectedTargets: 0,
    });
  if (!groupIds.length) return out;
  const inspections = await db
    .selectFrom('inspections as i')
    .select([
      'i.group_id',
      'i.status',
      'i.target_kind',
      'i.enterprise_id',
      'i.project_id',
      'i.site_id',
      'i.equipment_id',
    ])
    .where('i.group_id', 'in', groupIds)
    .where('i.status', '!=', 'cancelled')
    .execute();
  const targets = new Map<string, Set<string>>();
  for (const i of inspections) {
    const c = out.get(i.group_id!)!;
    c.inspections++;
    if (i.status !== 'finished') continue;
    c.finished++;
    for (const x of [i.enterprise_id, i.project_id, i.site_id, i.equipment_id]) if (x) c.inspectedIds.add(x);
    const own =
      i.target_kind === 'enterprise'
        ? i.enterprise_id
        : i.target_kind === 'project'
          ? i.project_id
          : i.target_kind === 'site'
            ? i.site_id
            : i.equipment_id;
    const set = targets.get(i.group_id!) ?? new Set<string>();
    set.add(`${i.target_kind}:${own}`);
    targets.set(i.group_id!, set);
  }
  for (const [g, set] of targets) out.get(g)!.inspectedTargets = set.size;
  const hazards = await db
    .selectFrom('hazards as h')
    .innerJoin('inspections as i', 'i.id', 'h.inspection_id')
    .select([
      'i.group_id',
      sql<number>`count(*) FILTER (WHERE h.status <> 'rejected')::int`.as('found'),
      sql<number>`count(*) FILTER (WHERE h.status = 'closed')::int`.as('closed'),
      sql<number>`count(*) FILTER (WHERE h.status IN (${sql.join(OWING)}) AND h.deadline < ${now})::int`.as(
        'overdue',
      ),
    ])
    .where('i.group_id', 'in', groupIds)
    .groupBy('i.group_id')
    .execute();
  for (const h of hazards) {
    const c = out.get(h.group_id!)!;
    c.found = h.found;
    c.closed = h.closed;
    c.overdue = h.overdue;
  }
  return out;
}

export type GroupProblemRow = Awaited<ReturnType<typeof groupProblemRows>>['items'][number];

/** The hazards found by the group's inspections, newest first (keyset on found_at, id). */
export async function groupProblemRows(db: Q, groupId: string, q: GroupProblemQuery, now: Date) {
  let base = db
    .selectFrom('hazards as h')
    .innerJoin('inspections as i', 'i.id', 'h.inspection_id')
    .where('i.group_id', '=', groupId);
  if (q.open) base = base.where('h.status', 'not in', ['closed', 'rejected']);
  if (q.overdue) base = base.where('h.status', 'in', OWING).where('h.deadline', '<', now);
  if (q.q?.trim()) base = base.where(searchAny(q.q, ['h.title']));
  const page: PageOf<{
    id: string;
    title: string;
    grade: string;
    status: string;
    region_code: string;
    enterprise_id: string | null;
    enterprise_name: string | null;
    project_name: string | null;
    inspection_id: string | null;
    inspection_number: string;
    found_at: Date;
    deadline: Date | null;
    action_count: number;
  }> = await keysetPage(
    db,
    base,
    (qb) =>
      qb
        .leftJoin('enterprises as e', 'e.id', 'h.enterprise_id')
        .leftJoin('projects as p', 'p.id', 'h.project_id')
        .select([
          'h.id',
          'h.title',
          'h.grade',
          'h.status',
          'h.region_code',
          'h.enterprise_id',
          'e.name as enterprise_name',
          'p.name as project_name',
          'h.inspection_id',
          'i.number as inspection_number',
          'h.found_at',
          'h.deadline',
          sql<number>`(SELECT count(*)::int FROM accountability_action_hazards x WHERE x.hazard_id = h.id)`.as(
            'action_count',
          ),
        ]),
    {
      cursor: q.cursor,
      pageSize: q.pageSize,
      sortName: 'foundAt',
      sort: key('h.found_at', 'timestamptz'),
      order: q.order ?? 'desc',
      idColumn: 'h.id',
    },
  );
  return page;
}
