import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { hashPassword, verifyPassword } from '../../auth/passwords.ts';
import { assertNewPassword } from '../../auth/password-policy.ts';
import { deleteOtherSessions, passwordFields, setOwnPassword } from './repo.ts';

/**
 * A user changes their own password: the current one must be right, the new one different and
 * accepted by the policy. Their other sessions end — a changed password should lock out whoever
 * had the old one; the session making the change (its token, when there is one) stays.
 */
export async function changeOwnPassword(
  db: Kysely<DB>,
  userId: string,
  body: { currentPassword: string; newPassword: string },
  currentSessionToken: string | undefined,
): Promise<void> {
  const user = await passwordFields(db, userId);
  if (!(await verifyPassword(user.password_hash, body.currentPassword))) {
    throw new AppError('VALIDATION', 'The current password is wrong', 'currentPassword');
  }
  if (body.newPassword === body.currentPassword) {
    throw new AppError('VALIDATION', 'Choose a new password different from the current one', 'newPassword');
  }
  await assertNewPassword(
    body.newPassword,
    { username: user.username, displayName: user.display_name },
    'newPassword',
  );
  const passwordHash = await hashPassword(body.newPassword);
  await inTransaction(db, async (trx) => {
    await setOwnPassword(trx, userId, passwordHash);
    await deleteOtherSessions(trx, userId, currentSessionToken);
  });
}
