import { isOfficer } from '@redline/domain';
import type { Kysely, Selectable } from 'kysely';
import type { GroupCandidate, InspectionGroupInput, InspectionGroupView } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { InspectionGroupsTable } from '../../db/schema-inspections.ts';
import type { Actor } from '../../auth/actor.ts';
import { inScope, regionWithin } from '../../auth/scope.ts';
import { notFound, validation } from '../../errors.ts';
import { loadTarget } from './targets.ts';
import { teamCandidates } from './proposal.ts';

/**
 * Supervision groups 督导组 and inspection groups 检查组: a named team with a leader, members and a
 * task book (tasks and target list) working in a jurisdiction; their inspections are of kind 'group'.
 */
type Q = Kysely<DB>;

const NO_SUCH_USER = 'No such active user';

export async function createGroup(db: Q, actor: Actor, input: InspectionGroupInput): Promise<string> {
  const region = input.regionCode ?? actor.regionCode;
  if (!region) throw validation('regionCode', 'Say which jurisdiction the group works in');
  if (!region.startsWith(actor.regionCode))
    throw validation('regionCode', 'The group must work inside your jurisdiction');
  const ids = [...new Set([input.leaderId, ...input.memberIds])];
  const users = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'region_code', 'active'])
    .where('id', 'in', ids)
    .execute();
  for (const id of ids) {
    const u = users.find((x) => x.id === id);
    const field = id === input.leaderId ? 'leaderId' : `memberIds.${input.memberIds.indexOf(id)}`;
    if (!u || !u.active) throw validation(field, NO_SUCH_USER);
    if (!isOfficer(u.role) || !region.startsWith(u.region_code)) {
      // Someone the caller cannot see (another jurisdiction) is answered like no one at all: the
      // reason would give away their name and that they exist.
      if (!regionWithin(actor, u.region_code)) throw validation(field, NO_SUCH_USER);
      throw validation(field, `${u.display_name} is not a regulator whose jurisdiction covers ${region}`);
    }
  }
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn)
    throw validation('endsOn', 'The end date is before the start date');
  const targets: Array<{ kind: 'enterprise' | 'project' | 'site' | 'equipment'; id: string; name: string }> =
    [];
  for (const [i, t] of (input.targets ?? []).entries()) {
    const loaded = await loadTarget(db, actor, t.kind, t.id).catch(() => null);
    if (!loaded) throw validation(`targets.${i}.id`, 'No such target in your jurisdiction');
    if (!loaded.regionCode.startsWith(region))
      throw validation(`targets.${i}.id`, "The target is outside the group's jurisdiction");
    targets.push({ kind: t.kind, id: t.id, name: loaded.view.name });
  }
  const g = await db
    .insertInto('inspection_groups')
    .values({
      name: input.name.trim(),
      kind: input.kind,
      region_code: region,
      authority_id: actor.authorityId,
      leader_id: input.leaderId,
      member_ids: input.memberIds.filter((m) => m !== input.leaderId),
      task_book: JSON.stringify({ tasks: input.tasks ?? '', targets }),
      starts_on: input.startsOn ?? null,
      ends_on: input.endsOn ?? null,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return g.id;
}

/** The people createGroup accepts for a region: active admins, leaders and inspectors whose region covers it. */
export async function groupCandidates(db: Q, actor: Actor, regionCode?: string): Promise<GroupCandidate[]> {
  const region = regionCode ?? actor.regionCode;
  if (!region) throw validation('regionCode', 'Say which jurisdiction the group works in');
  if (!region.startsWith(actor.regionCode))
    throw validation('regionCode', 'The group must work inside your jurisdiction');
  const people = await teamCandidates(db, actor, region, null, true);
  // Leaders first: the usual choice of group leader.
  return people
    .sort((x, y) => Number(y.role === 'leader') - Number(x.role === 'leader'))
    .map(({ userId, displayName, role, licenceNo, regionCode, authorityName }) => ({
      userId,
      displayName,
      role,
      licenceNo,
      regionCode,
      authorityName,
    }));
}

export async function listGroups(db: Q, actor: Actor): Promise<InspectionGroupView[]> {
  const rows = await db
    .selectFrom('inspection_groups as g')
    .selectAll('g')
    .where(inScope(actor, 'inspection_group', 'g'))
    .orderBy('g.created_at', 'desc')
    .limit(200)
    .execute();
  return Promise.all(rows.map((g) => groupView(db, g)));
}

export async function getGroup(db: Q, actor: Actor, id: string): Promise<InspectionGroupView> {
  const g = await db
    .selectFrom('inspection_groups as g')
    .selectAll('g')
    .where('g.id', '=', id)
    .where(inScope(actor, 'inspection_group', 'g'))
    .executeTakeFirst();
  if (!g) throw notFound('Inspection group');
  return groupView(db, g);
}

async function groupView(db: Q, g: Selectable<InspectionGroupsTable>): Promise<InspectionGroupView> {
  const people = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'licence_no'])
    .where('id', 'in', [g.leader_id, ...g.member_ids])
    .execute();
  const inspections = await db
    .selectFrom('inspections')
    .select(['id', 'enterprise_id', 'project_id', 'site_id', 'equipment_id', 'status'])
    .where('group_id', '=', g.id)
    .execute();
  const book = (g.task_book ?? {}) as {
    tasks?: string;
    targets?: Array<{ kind: string; id: string; name: string }>;
  };
  const leader = people.find((p) => p.id === g.leader_id);
  return {
    id: g.id,
    name: g.name,
    kind: g.kind,
    regionCode: g.region_code,
    leader: { userId: g.leader_id, displayName: leader?.display_name ?? '' },
    members: g.member_ids.map((id) => {
      const p = people.find((x) => x.id === id);
      return { userId: id, displayName: p?.display_name ?? '', licenceNo: p?.licence_no ?? null };
    }),
    tasks: book.tasks ?? '',
    targets: (book.targets ?? []).map((t) => ({
      ...t,
      inspected: inspections.some(
        (i) =>
          i.status === 'finished' &&
          [i.enterprise_id, i.project_id, i.site_id, i.equipment_id].includes(t.id),
      ),
    })),
    startsOn: g.starts_on,
    endsOn: g.ends_on,
    inspectionCount: inspections.length,
    createdAt: new Date(g.created_at).toISOString(),
  };
}
