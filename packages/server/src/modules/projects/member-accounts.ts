import type { Kysely } from 'kysely';
import { isRegulator, PARTY_NAMES, type PartyRole } from '@redline/domain';
import type { MemberAccounts } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, validation } from '../../errors.ts';
import { actorParty } from './membership.ts';
import { assertMayManageMembers } from './remove-member.ts';
import { linkableAccounts, loadProject, partiesOf } from './repo.ts';

/**
 * The accounts whoever names people of a party may link a member to: the party enterprise's active
 * accounts, project accounts first. Asked under the same rules as adding a member (a regulator, or the
 * party's own manager; never a project account), so no one lists another party's people.
 */
export async function memberAccounts(
  db: Kysely<DB>,
  actor: Actor,
  projectId: string,
  partyRole: PartyRole,
): Promise<MemberAccounts> {
  assertMayManageMembers(actor);
  const p = await loadProject(db, actor, projectId);
  if (!isRegulator(actor.role) && (await actorParty(db, actor, p.id)) !== partyRole)
    throw new AppError(
      'FORBIDDEN',
      `你只能为本单位在本项目中的角色添加人员 / you may name people of your own party only`,
      'partyRole',
    );
  const party = (await partiesOf(db, p.id)).find((x) => x.role === partyRole);
  if (!party?.enterprise_id)
    throw validation(
      'partyRole',
      `本项目的${PARTY_NAMES[partyRole]}未关联登记的企业 / the project's ${partyRole} party is not a registered enterprise`,
    );
  const rows = await linkableAccounts(db, party.enterprise_id);
  return {
    items: rows.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      projectScoped: u.project_scoped,
    })),
  };
}
