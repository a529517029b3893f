import type { Job } from '../jobs/scheduler.ts';
import { EXPIRY_DAYS, expireIdempotentRequests } from './idempotency.ts';

/** Stored answers of idempotent writes are kept EXPIRY_DAYS (a device's queue older than that is resent as new). */
export const idempotencyExpiryJob: Job = {
  name: 'idempotency-expiry',
  everyMs: 60 * 60 * 1000,
  async run(trx, deps) {
    const n = await expireIdempotentRequests(trx, deps.now());
    return `${n} idempotent answers older than ${EXPIRY_DAYS} days removed`;
  },
};
