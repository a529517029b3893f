import { isEnforcementInspection } from '@redline/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError, forbidden, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { loadInspection, insertMembers, updateInspection, type InspectionRow } from './repo/inspections.ts';
import { teamUsers } from './repo/users.ts';
import { confirmMember, deleteMember, participants } from './repo/participants.ts';
import { deleteSignatures, teamAndSignatures } from './repo/signatures.ts';
import { requireMember } from './recording.ts';
import { assertTeamMember } from './team.ts';

/**
 * The participants of an inspection (Administrative Penalty Law 2021 art. 42: enforcement by at
 * least two certified officers): the team leader adds or removes a co-officer while the inspection
 * is open; each officer confirms, themself, that they took part — with the certificate number their
 * account carries then.
 */
type Q = Kysely<DB>;
type UseCaseDeps = Pick<Deps, 'now'>;

function assertOpen(i: InspectionRow) {
  if (i.status === 'finished' || i.status === 'cancelled')
    throw new AppError('ILLEGAL_TRANSITION', `The inspection is ${i.status}: its team can no longer change`);
}

async function requireLeader(trx: Q, actor: Actor, i: InspectionRow) {
  await requireMember(trx, actor, i);
  const me = (await participants(trx, i.id)).find((p) => p.user_id === actor.userId);
  if (me?.role !== 'leader') throw forbidden('Only the team leader adds or removes a co-officer');
}

/** After the team changed: signed only while every member and the inspected party have signed. */
async function resetSignedState(trx: Q, i: InspectionRow, now: Date) {
  if (i.status !== 'signed' && i.status !== 'in_progress') return;
  const { members, signatures: sigs } = await teamAndSignatures(trx, i.id);
  const complete =
    members.every((m) => sigs.some((s) => s.party === 'inspector' && s.user_id === m.user_id)) &&
    sigs.some((s) => s.party === 'inspected');
  await updateInspection(trx, i.id, {
    status: complete ? 'signed' : 'in_progress',
    ...(complete ? (i.status === 'signed' ? {} : { ended_at: now }) : { ended_at: null }),
    updated_at: now,
  });
}

export async function addParticipant(
  trx: Q,
  deps: UseCaseDeps,
  actor: Actor,
  inspectionId: string,
  userId: string,
) {
  const i = await loadInspection(trx, actor, inspectionId, true);
  await requireLeader(trx, actor, i);
  assertOpen(i);
  if ((await participants(trx, i.id)).some((p) => p.user_id === userId))
    throw validation('userId', 'That officer is already on the team');
  const [u] = await teamUsers(trx, [userId]);
  assertTeamMember(actor, i.kind, i.region_code, u, 'userId');
  const now = deps.now();
  await insertMembers(trx, [
    {
      inspection_id: i.id,
      user_id: u.id,
      role: 'member',
      display_name: u.display_name,
      licence_no: u.licence_no,
      home_region_code: u.region_code,
      authority_id: u.authority_id,
      added_by: actor.userId,
    },
  ]);
  // A new member signs the record too.
  await resetSignedState(trx, i, now);
  await appendAudit(trx, {
    actor,
    action: 'inspection.participant_add',
    subjectType: 'inspection',
    subjectId: i.id,
    regionCode: i.region_code,
    details: { userId: u.id, name: u.display_name, licenceNo: u.licence_no },
    at: now,
  });
}

export async function removeParticipant(
  trx: Q,
  deps: UseCaseDeps,
  actor: Actor,
  inspectionId: string,
  userId: string,
) {
  const i = await loadInspection(trx, actor, inspectionId, true);
  await requireLeader(trx, actor, i);
  assertOpen(i);
  const p = (await participants(trx, i.id)).find((x) => x.user_id === userId);
  if (!p) throw validation('userId', 'That person is not on the team');
  if (p.role === 'leader') throw validation('userId', 'The team leader stays on the team');
  const now = deps.now();
  await deleteSignatures(trx, i.id, { party: 'inspector', userId });
  await deleteMember(trx, i.id, userId);
  await resetSignedState(trx, i, now);
  await appendAudit(trx, {
    actor,
    action: 'inspection.participant_remove',
    subjectType: 'inspection',
    subjectId: i.id,
    regionCode: i.region_code,
    details: { userId, name: p.display_name },
    at: now,
  });
}

/** The logged-in officer confirms taking part; on a law-enforcement inspection their account must carry a certificate number. */
export async function confirmParticipation(trx: Q, deps: UseCaseDeps, actor: Actor, inspectionId: string) {
  const i = await loadInspection(trx, actor, inspectionId, true);
  await requireMember(trx, actor, i);
  assertOpen(i);
  const me = (await participants(trx, i.id)).find((p) => p.user_id === actor.userId)!;
  if (isEnforcementInspection(i.kind) && !me.current_licence_no)
    throw new AppError(
      'CERTIFICATE_NUMBER_MISSING',
      `${me.display_name}的账户没有执法证号，不能作为执法人员确认参与；请管理员在用户管理中填写 / your account carries no law-enforcement certificate number (执法证号): an administrator adds it in user administration`,
    );
  if (me.confirmed_at) return;
  const now = deps.now();
  await confirmMember(trx, i.id, actor.userId, me.current_licence_no, now);
  await appendAudit(trx, {
    actor,
    action: 'inspection.participation_confirm',
    subjectType: 'inspection',
    subjectId: i.id,
    regionCode: i.region_code,
    details: { userId: actor.userId, name: me.display_name, licenceNo: me.current_licence_no },
    at: now,
  });
}
