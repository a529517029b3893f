import { isOfficer } from '@redline/domain';
import type { Kysely } from 'kysely';
import type { InspectionGroupInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { regionWithin } from '../../auth/scope.ts';
import { validation } from '../../errors.ts';
import { loadTarget } from './repo/targets.ts';
import { insertGroup } from './repo/groups.ts';
import { groupUsers } from './repo/users.ts';

/**
 * Setting up a supervision group 督导组 or inspection group 检查组: a named team of regulators of
 * the jurisdiction, its leader, and a task book (tasks and the targets to inspect, each in scope).
 */
type Q = Kysely<DB>;

const NO_SUCH_USER = 'No such active user';

export async function createGroup(db: Q, actor: Actor, input: InspectionGroupInput): Promise<string> {
  return insertGroup(db, await groupValues(db, actor, input));
}

/**
 * The checked row of a group (people of the jurisdiction, targets in scope and inside it, period);
 * shared with the campaigns module, which creates and edits groups of a campaign.
 */
export async function groupValues(db: Q, actor: Actor, input: InspectionGroupInput) {
  const region = input.regionCode ?? actor.regionCode;
  if (!region) throw validation('regionCode', 'Say which jurisdiction the group works in');
  if (!region.startsWith(actor.regionCode))
    throw validation('regionCode', 'The group must work inside your jurisdiction');
  const ids = [...new Set([input.leaderId, ...input.memberIds])];
  const users = await groupUsers(db, ids);
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
  return {
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
  };
}
