import type { AuditEntry } from '@redline/contracts';
import type { AuditEntryRow } from './repo.ts';

export const auditEntryView = (r: AuditEntryRow): AuditEntry => ({
  id: r.id,
  chain: r.chain,
  seq: Number(r.seq),
  at: new Date(r.at).toISOString(),
  actorId: r.actor_id,
  actorName: r.actor_name,
  actorRole: r.actor_role,
  action: r.action,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  regionCode: r.region_code,
  beforeDigest: r.before_digest,
  afterDigest: r.after_digest,
  details: r.details ?? {},
  prevHash: r.prev_hash,
  hash: r.hash,
});
