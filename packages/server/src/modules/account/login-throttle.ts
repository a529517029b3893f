import { isIPv6 } from 'node:net';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Config } from '../../config.ts';
import { addressBlockedUntil, countAddressFailure } from './login-throttle-repo.ts';

/**
 * Password spraying: one address trying a password across many user names. The per (address,
 * user name) limit of the login route never sees it, so failed logins are also counted per
 * address, in the database (table login_address_failures) so that several instances count
 * together. After LOGIN_ADDRESS_LIMIT failures with no quiet pause of LOGIN_ADDRESS_WINDOW_MINUTES
 * between them, the address waits LOGIN_ADDRESS_BLOCK_SECONDS, and each further failure doubles
 * the wait (at most an hour). Successful logins do not count and do not reset the count — a
 * sprayer holding one valid account must not be able to clear its record. Someone else's failures
 * from another address never slow the real user down.
 */
type Q = Kysely<DB>;

export interface AddressLimits {
  limit: number;
  windowMinutes: number;
  blockSeconds: number;
}

export const addressLimits = (config: Config): AddressLimits => ({
  limit: config.LOGIN_ADDRESS_LIMIT,
  windowMinutes: config.LOGIN_ADDRESS_WINDOW_MINUTES,
  blockSeconds: config.LOGIN_ADDRESS_BLOCK_SECONDS,
});

/**
 * What is counted for a client address (`req.ip`, which honours TRUST_PROXY): an IPv4 address as
 * it is (also when written IPv4-mapped), an IPv6 address by its /64 — one subscriber commonly
 * holds a whole /64, and counting each of its addresses apart would let it rotate past the limit.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return (
    groups
      .slice(0, 4)
      .map((g) => parseInt(g || '0', 16).toString(16))
      .join(':') + '::/64'
  );
}

/** Seconds this address must still wait before its next login attempt (0: it may try now). */
export async function secondsBlocked(db: Q, address: string, now: Date): Promise<number> {
  return secondsUntil(await addressBlockedUntil(db, address), now);
}

/**
 * Counts one failed login from this address (instances racing on the same address each add
 * theirs). Returns the seconds the address is now blocked for (0: not blocked).
 */
export async function recordFailure(db: Q, address: string, now: Date, limits: AddressLimits) {
  return secondsUntil(await countAddressFailure(db, address, now, limits), now);
}

function secondsUntil(until: Date | string | null | undefined, now: Date): number {
  if (!until) return 0;
  const ms = new Date(until).getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}
