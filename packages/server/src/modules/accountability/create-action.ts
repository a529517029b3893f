import { accountabilityShapeProblem } from '@redline/domain';
import type { Kysely } from 'kysely';
import type { AccountabilityInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { regionWithin } from '../../auth/scope.ts';
import { validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { findCampaignGroup } from '../campaigns/repo.ts';
import {
  authorityRow,
  insertAction,
  projectsOfEnterprise,
  visibleEnterprise,
  visibleHazards,
} from './repo.ts';

/**
 * Recording an accountability action (问责) — notification, warning, interview (with when, who
 * attended and the minutes), proposal for accountability — on an authority, an enterprise or a
 * responsible person of one, linked to the problems (hazards) that caused it and optionally to the
 * campaign group that found them; with its own deadline. Everything it names must be in the
 * caller's jurisdiction; a foreign record answers like a missing one.
 */
type Q = Kysely<DB>;

export async function createAction(
  trx: Q,
  deps: Pick<Deps, 'now' | 'today'>,
  actor: Actor,
  input: AccountabilityInput,
): Promise<string> {
  // ---- target
  let region: string;
  let targetName: string;
  let enterpriseId: string | null = null;
  let authorityId: string | null = null;
  let authorityRegion: string | null = null;
  const wantsEnterprise =
    input.targetKind === 'enterprise' || (input.targetKind === 'person' && input.enterpriseId);
  if (input.targetKind === 'person') {
    if (!input.personName?.trim())
      throw validation('personName', 'Name the responsible person the action is on');
    if (!!input.enterpriseId === !!input.authorityId)
      throw validation(
        'enterpriseId',
        'Say where the responsible person works: either an enterprise (enterpriseId) or an authority (authorityId)',
      );
  } else if (input.personName)
    throw validation(
      'personName',
      `A person is named only when the action is on a person, not on an ${input.targetKind}`,
    );
  if (wantsEnterprise) {
    if (!input.enterpriseId) throw validation('enterpriseId', 'Choose the enterprise the action is on');
    if (input.authorityId && input.targetKind === 'enterprise')
      throw validation('authorityId', 'An action on an enterprise names no authority as its target');
    const e = await visibleEnterprise(trx, actor, input.enterpriseId);
    if (!e) throw validation('enterpriseId', 'No such enterprise in your jurisdiction');
    region = e.region_code;
    targetName = e.name;
    enterpriseId = e.id;
  } else {
    if (!input.authorityId) throw validation('authorityId', 'Choose the authority the action is on');
    if (input.enterpriseId && input.targetKind === 'authority')
      throw validation('enterpriseId', 'An action on an authority names no enterprise as its target');
    const a = await authorityRow(trx, input.authorityId);
    if (!a || !regionWithin(actor, a.region_code))
      throw validation('authorityId', 'No such authority in your jurisdiction');
    if (input.targetKind === 'authority' && a.id === actor.authorityId)
      throw validation('authorityId', 'An authority is held to account by a higher one, not by itself');
    region = a.region_code;
    targetName = a.name;
    authorityId = a.id;
    authorityRegion = a.region_code;
  }
  if (!regionWithin(actor, region))
    throw validation('enterpriseId', 'No such enterprise in your jurisdiction');

  // ---- group
  let group: { id: string; campaign_id: string | null } | undefined;
  if (input.groupId) {
    group = await findCampaignGroup(trx, actor, input.groupId);
    if (!group) throw validation('groupId', 'No such campaign group in your jurisdiction');
  }

  // ---- the problems that caused it
  const ids = [...new Set(input.hazardIds)];
  const hazards = await visibleHazards(trx, actor, ids);
  const parties = enterpriseId
    ? await projectsOfEnterprise(
        trx,
        enterpriseId,
        hazards.map((h) => h.project_id).filter((p): p is string => !!p),
      )
    : [];
  for (const [i, id] of input.hazardIds.entries()) {
    const h = hazards.find((x) => x.id === id);
    const field = `hazardIds.${i}`;
    if (!h) throw validation(field, 'No such hazard in your jurisdiction');
    if (h.status === 'rejected') throw validation(field, `"${h.title}" was rejected as not a hazard`);
    const ofTarget = enterpriseId
      ? h.enterprise_id === enterpriseId || (!!h.project_id && parties.includes(h.project_id))
      : h.region_code.startsWith(authorityRegion!);
    if (!ofTarget) throw validation(field, `"${h.title}" is not a problem of ${targetName}`);
    if (group && h.group_id !== group.id)
      throw validation(field, `"${h.title}" was not found by an inspection of the chosen group`);
  }

  // ---- the action's own shape
  const shape = accountabilityShapeProblem({
    kind: input.kind,
    heldAt: input.heldAt,
    attendees: input.attendees,
    minutes: input.minutes,
  });
  if (shape) throw validation(shape.field, shape.message);
  const now = deps.now();
  if (input.heldAt && Date.parse(input.heldAt) > now.getTime())
    throw validation('heldAt', 'The interview is recorded after it took place; the time is in the future');
  if (input.deadline < deps.today())
    throw validation('deadline', `The deadline ${input.deadline} has already passed`);

  const id = await insertAction(
    trx,
    {
      kind: input.kind,
      target_kind: input.targetKind,
      target_authority_id: authorityId,
      target_enterprise_id: enterpriseId,
      person_name: input.personName?.trim() || null,
      person_title: input.personTitle?.trim() || null,
      region_code: region,
      authority_id: actor.authorityId,
      campaign_id: group?.campaign_id ?? null,
      group_id: group?.id ?? null,
      title: input.title.trim(),
      reason: input.reason.trim(),
      held_at: input.heldAt ?? null,
      place: input.place?.trim() || null,
      attendees: JSON.stringify(
        (input.attendees ?? [])
          .filter((a) => a.name.trim())
          .map((a) => ({ name: a.name.trim(), unit: a.unit.trim(), role: a.role.trim() })),
      ),
      minutes: input.minutes?.trim() || null,
      deadline: input.deadline,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    },
    ids,
  );
  await appendAudit(trx, {
    actor,
    action: 'accountability.created',
    subjectType: 'accountability_action',
    subjectId: id,
    regionCode: region,
    after: { ...input, attendees: input.attendees ?? [] },
    details: { kind: input.kind, target: targetName, hazards: ids },
    at: now,
  });
  return id;
}
