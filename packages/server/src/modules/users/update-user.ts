import { isRegulator } from '@redline/domain';
import type { Kysely } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { UpdateUserBody, UserView } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { assertNewPassword } from '../../auth/password-policy.ts';
import { appendAudit } from '../../audit/chain.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { deleteSessionsOf, loadUser, updateUser } from './repo.ts';
import { userView } from './presenters.ts';
import { checkedLicence } from './licence.ts';

/**
 * An administrator changes an account of their jurisdiction: name, role, activity, licence, phone,
 * or resets its password (to be changed at next login). Deactivating or resetting ends the user's
 * sessions. Administrators cannot lock themselves out.
 */
export async function changeUser(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  b: Static<typeof UpdateUserBody>,
): Promise<UserView> {
  const before = userView(await loadUser(db, actor, id));
  if (id === actor.userId && (b.active === false || (b.role && b.role !== 'admin'))) {
    throw new AppError(
      'VALIDATION',
      'You cannot deactivate yourself or drop your own administrator role',
      b.active === false ? 'active' : 'role',
    );
  }
  if (b.password !== undefined)
    await assertNewPassword(
      b.password,
      { username: before.username, displayName: b.displayName ?? before.displayName },
      'password',
    );
  // A certificate number is checked against the role the account will have; a role that is no
  // longer a regulator's drops it.
  const role = b.role ?? before.role;
  let licenceNo = await checkedLicence(db, b.licenceNo, role, id);
  if (licenceNo === undefined && b.role !== undefined && !isRegulator(b.role) && before.licenceNo)
    licenceNo = null;
  const passwordHash = b.password !== undefined ? await hashPassword(b.password) : undefined;
  await inTransaction(db, async (trx) => {
    await updateUser(trx, id, {
      ...(b.displayName !== undefined && { display_name: b.displayName }),
      ...(b.role !== undefined && { role: b.role }),
      ...(b.active !== undefined && { active: b.active }),
      ...(licenceNo !== undefined && { licence_no: licenceNo }),
      ...(b.phone !== undefined && { phone: b.phone }),
      ...(passwordHash !== undefined && { password_hash: passwordHash, must_change_password: true }),
    });
    if (b.active === false || b.password !== undefined) await deleteSessionsOf(trx, id);
    await appendAudit(trx, {
      actor,
      action: 'user.update',
      subjectType: 'user',
      subjectId: id,
      regionCode: before.regionCode,
      before,
      after: userView(await loadUser(trx, actor, id)),
      details: {
        fields: Object.keys(b).filter((k) => k !== 'password'),
        passwordChanged: b.password !== undefined,
      },
    });
  });
  return userView(await loadUser(db, actor, id));
}
