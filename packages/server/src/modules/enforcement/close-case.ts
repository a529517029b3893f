import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { authorize } from '../../auth/policy.ts';
import { appendAudit } from '../../audit/chain.ts';
import { AppError } from '../../errors.ts';
import { loadCase, markCaseClosed } from './repo/cases.ts';

/** Closes a case with a note (a leader's or an administrator's decision). */
type Db = Kysely<DB>;

export async function closeCase(trx: Db, actor: Actor, id: string, note: string) {
  authorize(actor, 'close', 'case');
  const c = await loadCase(trx, actor, id, true);
  if (c.status === 'closed') throw new AppError('CONFLICT', 'The case is already closed');
  await markCaseClosed(trx, id, actor.userId, note.trim());
  await appendAudit(trx, {
    actor,
    action: 'case.close',
    subjectType: 'case',
    subjectId: id,
    regionCode: c.region_code,
    before: { status: c.status },
    after: { status: 'closed', note },
    details: { note },
  });
}
