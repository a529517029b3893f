import type { Kysely } from 'kysely';
import type { GroupCandidate, InspectionGroupView } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { notFound, validation } from '../../errors.ts';
import { findGroup, groupDetails, listGroupRows } from './repo/groups.ts';
import { groupViewOf } from './presenters.ts';
import { teamCandidates } from './proposal.ts';

/**
 * Supervision groups 督导组 and inspection groups 检查组: a named team with a leader, members and a
 * task book (tasks and target list) working in a jurisdiction; their inspections are of kind 'group'.
 * Set up by create-group.ts; read here.
 */
type Q = Kysely<DB>;

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
  const rows = await listGroupRows(db, actor);
  return Promise.all(rows.map(async (g) => groupViewOf(g, await groupDetails(db, g))));
}

export async function getGroup(db: Q, actor: Actor, id: string): Promise<InspectionGroupView> {
  const g = await findGroup(db, actor, id);
  if (!g) throw notFound('Inspection group');
  return groupViewOf(g, await groupDetails(db, g));
}
