import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { assertNewPassword } from '../../auth/password-policy.ts';
import { appendAudit } from '../../audit/chain.ts';
import { inTransaction } from '../../db/transaction.ts';
import { conflict, notFound } from '../../errors.ts';
import { insertUser, usernameTaken } from '../users/repo.ts';
import { expertInJurisdiction, linkExpertUser } from './repo.ts';

/**
 * An expert's own login: a narrow account (role worker, no worker record — every other scope gives
 * it nothing) linked from the register by experts.user_id, so it sees only the approvals whose panel
 * the expert sits on. The password is to be changed at first login, as for every account an
 * administrator creates.
 */
export async function createExpertAccount(
  db: Kysely<DB>,
  actor: Actor,
  expertId: string,
  b: { username: string; password: string },
  now: Date,
) {
  const x = await expertInJurisdiction(db, actor, expertId);
  if (!x) throw notFound('Expert');
  if (x.user_id) throw conflict(`${x.name} already has an account`);
  if (await usernameTaken(db, b.username)) throw conflict(`The username ${b.username} is taken`, 'username');
  await assertNewPassword(b.password, { username: b.username, displayName: x.name }, 'password');
  const passwordHash = await hashPassword(b.password);
  return inTransaction(db, async (trx) => {
    const userId = await insertUser(trx, {
      username: b.username,
      display_name: x.name,
      password_hash: passwordHash,
      role: 'worker',
      region_code: x.region_code,
      authority_id: null,
      enterprise_id: null,
      worker_id: null,
      phone: '',
      must_change_password: true,
    });
    await linkExpertUser(trx, x.id, userId);
    await appendAudit(trx, {
      actor,
      action: 'expert.account',
      subjectType: 'expert',
      subjectId: x.id,
      regionCode: x.region_code,
      after: { username: b.username, userId },
      details: { expert: x.name, registerNo: x.register_no },
      at: now,
    });
    return { ...x, user_id: userId };
  });
}
