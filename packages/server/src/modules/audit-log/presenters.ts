import type { AuditEntry } from '@redline/contracts';
import { contentOfRow } from '../../audit/chain.ts';
import type { AuditEntryRow } from './repo.ts';

/** An entry as listed: its hashed content (the chain's own reading of the row), its id and its hash. */
export const auditEntryView = (r: AuditEntryRow, subjectName: string | null = null): AuditEntry => ({
  id: r.id,
  ...contentOfRow(r),
  details: r.details ?? {},
  hash: r.hash,
  subjectName,
});
