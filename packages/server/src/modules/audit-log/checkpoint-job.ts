import type { Job } from '../../jobs/scheduler.ts';
import { deliverCheckpoints, routineCheckpoint } from '../../audit/routine.ts';

/**
 * Routine signed checkpoints of the audit chain heads (src/audit/routine.ts). The job looks every
 * minute — reading one head row per county is cheap — and writes a checkpoint only when one is due
 * (AUDIT_CHECKPOINT_MINUTES passed or AUDIT_CHECKPOINT_EVERY new entries) and a head moved; queued
 * webhook deliveries go out after the transaction.
 */
export const auditCheckpointJob: Job = {
  name: 'audit-checkpoints',
  everyMs: 60_000,
  run: (trx, deps) => routineCheckpoint(trx, deps),
  afterCommit: (deps) => deliverCheckpoints(deps),
};
