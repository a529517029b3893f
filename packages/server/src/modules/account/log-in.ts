import type { FastifyBaseLogger } from 'fastify';
import type { Deps } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { dummyHash, verifyPassword } from '../../auth/passwords.ts';
import { createSession } from '../../auth/sessions.ts';
import { addressLimits, recordFailure } from './login-throttle.ts';
import { userByUsername } from './repo.ts';

/**
 * Checks a user name and password and opens a session. A wrong name costs as much time as a wrong
 * password; every failure is counted against the client address (password spraying).
 */
export async function logIn(
  deps: Deps,
  address: string,
  credentials: { username: string; password: string },
  log: FastifyBaseLogger,
): Promise<{ userId: string; username: string; token: string }> {
  const { db } = deps.database;
  const user = await userByUsername(db, credentials.username.trim().toLowerCase());
  const valid = user
    ? await verifyPassword(user.password_hash, credentials.password)
    : (await verifyPassword(await dummyHash(), credentials.password), false);
  if (!user || !valid || !user.active) {
    const blocked = await recordFailure(db, address, deps.now(), addressLimits(deps.config));
    if (blocked > 0) log.warn({ address, blockedSeconds: blocked }, 'login failures: address blocked');
    throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
  }
  const token = await createSession(db, user.id, deps.config.SESSION_TTL_HOURS);
  return { userId: user.id, username: user.username, token };
}

/** 429 with Retry-After: the address failed too often; the wait grows with further failures. */
export function tooManyFailures(reply: { header(name: string, value: string): unknown }, seconds: number) {
  reply.header('retry-after', String(seconds));
  const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
  return new AppError(
    'RATE_LIMITED',
    `Too many failed logins from your network address; try again in ${wait}`,
    undefined,
    { retryAfterSeconds: seconds },
  );
}
