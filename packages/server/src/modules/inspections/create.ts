import type { Kysely } from 'kysely';
import type { InspectionInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError, conflict, forbidden, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { loadTarget } from './repo/targets.ts';
import { groupInRegion } from './repo/groups.ts';
import { teamUsers } from './repo/users.ts';
import { assertTeamMember } from './team.ts';
import { itemsToInspect, retiredItemCount, usableItems } from './repo/checklists.ts';
import {
  inspectionCreator,
  insertFindings,
  insertInspection,
  insertMembers,
  lastNumberLocked,
} from './repo/inspections.ts';

/**
 * Creating an inspection: the target (within the creator's scope), the kind and its rules, the
 * team, and the checklist items — frozen references to published versions, a scored table always
 * whole. Cross-inspection: only a leader of the target's jurisdiction (or an administrator above
 * both) sets one up, naming inspectors of another jurisdiction; any other kind keeps the team
 * inside the target's jurisdiction.
 */
type Q = Kysely<DB>;

export async function createInspection(
  trx: Q,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  input: InspectionInput,
): Promise<string> {
  // A client-generated id sent again (a retry from the offline queue): the same inspection, once.
  if (input.id) {
    const creator = await inspectionCreator(trx, input.id);
    if (creator === actor.userId) return input.id;
    if (creator) throw conflict('This inspection id is already used; create it with a new id', 'id');
  }
  const target = await loadTarget(trx, actor, input.targetKind, input.targetId);
  const now = deps.now();

  // ---- kind
  if (actor.role === 'enterprise_manager') {
    if (input.kind !== 'self')
      throw forbidden(
        'An enterprise records its own self-inspections (kind "self"); inspections by the authorities are set up by them',
      );
  } else if (input.kind === 'self') {
    throw validation(
      'kind',
      "A self-inspection is recorded by the enterprise's safety manager; choose routine, special or another kind",
    );
  }
  if (input.kind === 'cross' && !['leader', 'admin'].includes(actor.role)) {
    throw forbidden(
      'A cross-inspection is set up by a leader of the inspected jurisdiction (or an administrator above both), naming the visiting inspectors',
    );
  }
  if (input.kind === 'special' && !input.topic?.trim())
    throw validation('topic', 'A special inspection needs its topic (e.g. 有限空间作业专项检查)');

  // ---- group
  let group:
    | { id: string; leader_id: string; member_ids: string[]; region_code: string; closed_at: Date | null }
    | undefined;
  if (input.kind === 'group' && !input.groupId)
    throw validation('groupId', 'Choose the supervision or inspection group doing this inspection');
  if (input.groupId) {
    group = await groupInRegion(trx, actor, input.groupId);
    if (!group) throw validation('groupId', 'The group does not exist');
    if (group.closed_at) throw validation('groupId', 'The group is closed; it takes no new inspection');
    if (!target.regionCode.startsWith(group.region_code))
      throw validation('groupId', "The target is outside the group's jurisdiction");
  }

  // ---- team
  const memberIds = [
    ...new Set(input.memberIds ?? (group ? [group.leader_id, ...group.member_ids] : [actor.userId])),
  ];
  const users = await teamUsers(trx, memberIds);
  const byId = new Map(users.map((u) => [u.id, u]));
  const outside: typeof users = [];
  for (const [i, id] of memberIds.entries()) {
    const u = byId.get(id);
    if (assertTeamMember(actor, input.kind, target.regionCode, u, `memberIds.${i}`)) outside.push(u!);
  }
  if (input.kind === 'cross' && !outside.length)
    throw validation(
      'memberIds',
      'A cross-inspection needs inspectors from another jurisdiction on the team',
    );
  const leaderId =
    input.leaderId ?? (group && memberIds.includes(group.leader_id) ? group.leader_id : memberIds[0]);
  if (!memberIds.includes(leaderId)) throw validation('leaderId', 'The team leader must be one of the team');

  // ---- items
  const itemIds = [...new Set(input.itemIds)];
  const chosen = await usableItems(trx, itemIds, target.regionCode);
  if (chosen.length !== itemIds.length) {
    const retired = await retiredItemCount(trx, itemIds);
    if (retired)
      throw new AppError(
        'CHECKLIST_VERSION_RETIRED',
        `${retired} of the chosen items belong to a checklist version retired meanwhile; choose the items again from the version in force`,
        'itemIds',
      );
    throw validation(
      'itemIds',
      `${itemIds.length - chosen.length} of the chosen items are not in a published checklist usable for this target`,
    );
  }
  const wholeModules = [...new Set(chosen.filter((c) => c.scored).map((c) => c.module_id))];
  const rows = await itemsToInspect(trx, itemIds, wholeModules);

  // ---- the inspection
  const home = input.kind === 'cross' ? outside[0] : undefined;
  const number = await nextNumber(trx, target.regionCode, now);
  const inspectionId = await insertInspection(trx, {
    ...(input.id && { id: input.id }),
    number,
    kind: input.kind,
    status: 'draft',
    region_code: target.regionCode,
    home_region_code: home
      ? home.region_code
      : actor.role === 'enterprise_manager'
        ? target.regionCode
        : actor.regionCode || target.regionCode,
    authority_id: home ? home.authority_id : actor.authorityId,
    target_kind: input.targetKind,
    enterprise_id: target.enterpriseId,
    project_id: target.projectId,
    site_id: target.siteId,
    equipment_id: target.equipmentId,
    target: JSON.stringify(target.view),
    title: input.title?.trim() ?? '',
    topic: input.topic?.trim() ?? '',
    group_id: group?.id ?? null,
    alarm_id: input.alarmId ?? null,
    planned_on: input.plannedOn ?? null,
    place: input.place?.trim() || target.view.address,
    principal_name: input.principalName?.trim() || target.view.principal,
    created_by: actor.userId,
  });
  await insertMembers(
    trx,
    memberIds.map((id) => {
      const u = byId.get(id)!;
      return {
        inspection_id: inspectionId,
        user_id: id,
        role: id === leaderId ? ('leader' as const) : ('member' as const),
        display_name: u.display_name,
        licence_no: u.licence_no,
        home_region_code: u.region_code,
        authority_id: u.authority_id,
        added_by: actor.userId,
      };
    }),
  );
  await insertFindings(
    trx,
    rows.map((r, sort) => ({
      inspection_id: inspectionId,
      version_id: r.version_id,
      item_id: r.id,
      item_code: r.code,
      module_code: r.module_code,
      sort,
    })),
  );
  await appendAudit(trx, {
    actor,
    action: 'inspection.create',
    subjectType: 'inspection',
    subjectId: inspectionId,
    regionCode: target.regionCode,
    after: {
      number,
      kind: input.kind,
      target: { kind: input.targetKind, id: input.targetId },
      members: memberIds,
      items: rows.map((r) => r.id),
    },
    details: { number, kind: input.kind, items: rows.length, members: memberIds.length },
    at: now,
  });
  return inspectionId;
}

/** JC<county>-<year>-<serial>, serialised per county and year. */
async function nextNumber(trx: Q, region: string, now: Date) {
  const county = region.slice(0, 6).padEnd(6, '0');
  const year = now.getUTCFullYear();
  const prefix = `JC${county}-${year}-`;
  const last = await lastNumberLocked(trx, prefix);
  const serial = last ? Number(last.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(serial).padStart(4, '0')}`;
}
