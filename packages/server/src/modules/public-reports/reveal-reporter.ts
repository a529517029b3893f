import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { appendAudit } from '../../audit/chain.ts';
import { lockReport, reporterOf } from './repo.ts';

/**
 * The reporter's name and contact (or the worker's name), for a leader or inspector who must reach
 * them. Every reading is an audit entry of its own, naming who read and why.
 */
export async function revealReporter(trx: Kysely<DB>, actor: Actor, id: string, purpose: string, now: Date) {
  const r = await lockReport(trx, actor, id);
  const who = await reporterOf(trx, r.id);
  await appendAudit(trx, {
    actor,
    action: 'public_report.reveal_reporter',
    subjectType: 'public_report',
    subjectId: r.id,
    regionCode: r.region_code,
    details: { purpose },
    at: now,
  });
  return {
    anonymous: who.anonymous,
    name: who.reporter_name,
    contact: who.reporter_contact,
    workerName: who.worker_name,
  };
}
