import type { Kysely } from 'kysely';
import {
  POSITION_CERTIFICATE,
  PARTY_NAMES,
  POSITION_PARTY,
  certificateStatus,
  isRegulator,
  memberCertificateCheck,
} from '@redline/domain';
import type { ProjectMemberBody } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { inTransaction } from '../../db/transaction.ts';
import { actorParty } from './membership.ts';
import { assertMayManageMembers } from './remove-member.ts';
import {
  certificateByNumber,
  insertMember,
  loadProject,
  partiesOf,
  userForMembership,
  workerOf,
} from './repo.ts';

/**
 * A person of one of the parties named on the project, with their position; a key position's
 * certificate (project manager, safety officer, chief supervising engineer) is checked against the
 * registry when added and the answer stored (valid / review due / expired / not found / another
 * holder's). Officers add anyone; a party's own manager adds people of their own party.
 */
export async function addProjectMember(
  db: Kysely<DB>,
  actor: Actor,
  projectId: string,
  body: ProjectMemberBody,
  clock: { now: Date; today: string },
): Promise<string> {
  assertMayManageMembers(actor);
  return inTransaction(db, async (trx) => {
    const p = await loadProject(trx, actor, projectId);
    if (!isRegulator(actor.role)) {
      const mine = await actorParty(trx, actor, p.id);
      if (mine !== body.partyRole)
        throw new AppError(
          'FORBIDDEN',
          `你只能为本单位在本项目中的角色（${mine ?? '无'}）添加人员 / you may add people of your own party (${mine ?? 'none'}) only`,
          'partyRole',
        );
    }
    if (POSITION_PARTY[body.position] !== body.partyRole)
      throw validation(
        'position',
        `岗位 ${body.position} 属于${POSITION_PARTY[body.position]}，不属于 ${body.partyRole} / position ${body.position} belongs to the ${POSITION_PARTY[body.position]} party`,
      );
    const party = (await partiesOf(trx, p.id)).find((x) => x.role === body.partyRole);
    if (!party?.enterprise_id)
      throw validation(
        'partyRole',
        `本项目的${PARTY_NAMES[body.partyRole]}未关联登记的企业，不能添加其人员 / the project's ${body.partyRole} party is not a registered enterprise`,
      );
    if (body.userId) {
      const u = await userForMembership(trx, body.userId);
      // Someone else's account answers like a missing one.
      if (!u || u.enterprise_id !== party.enterprise_id || u.role !== 'enterprise_manager')
        throw validation(
          'userId',
          `User ${body.userId} not found among the accounts of the ${body.partyRole} party`,
        );
    }
    if (body.workerId) {
      const w = await workerOf(trx, body.workerId);
      if (!w || w.employer_id !== party.enterprise_id)
        throw validation(
          'workerId',
          `Worker ${body.workerId} not found among the employees of the ${body.partyRole} party`,
        );
    }
    const category = POSITION_CERTIFICATE[body.position];
    const number = (body.certificateNo ?? '').trim();
    if (category && number === '')
      throw validation(
        'certificateNo',
        `岗位 ${body.position} 须填写证书编号 / the ${body.position} needs a certificate number`,
      );
    const cert = category ? await certificateByNumber(trx, category, number) : undefined;
    const check = memberCertificateCheck(
      body.position,
      cert
        ? {
            status: certificateStatus(
              {
                issuedOn: cert.issued_on,
                expiresOn: cert.expires_on,
                nextReviewOn: cert.next_review_on,
                lastReviewedOn: cert.last_reviewed_on,
              },
              clock.today,
              { reviewWindowDays: cert.review_window_days },
            ).status,
            holderMatches: !body.workerId || cert.worker_id === body.workerId,
          }
        : null,
    );
    const { id } = await insertMember(trx, {
      project_id: p.id,
      user_id: body.userId ?? null,
      party_role: body.partyRole,
      enterprise_id: party.enterprise_id,
      position: body.position,
      name: body.name.trim(),
      worker_id: body.workerId ?? null,
      certificate_no: number,
      certificate_check: check,
      certificate_id: cert && check !== 'wrong_holder' ? cert.id : null,
      checked_at: category ? clock.now : null,
      added_by: actor.userId,
      added_at: clock.now,
      region_code: p.region_code,
    });
    await appendAudit(trx, {
      actor,
      action: 'project.member_added',
      subjectType: 'project',
      subjectId: p.id,
      regionCode: p.region_code,
      after: {
        memberId: id,
        partyRole: body.partyRole,
        position: body.position,
        userId: body.userId ?? null,
      },
      details: { certificateCheck: check, certificateNo: number || undefined },
      at: clock.now,
    });
    return id;
  });
}
