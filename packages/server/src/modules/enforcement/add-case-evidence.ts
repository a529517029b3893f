import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { authorize } from '../../auth/policy.ts';
import { appendAudit } from '../../audit/chain.ts';
import type { Deps } from '../../http/context.ts';
import { AppError, validation } from '../../errors.ts';
import { visibleFile } from '../../storage/routes.ts';
import { loadCase, setCaseEvidence } from './repo/cases.ts';

/** Attaches stored files the actor may see to an open case as evidence. */
type Db = Kysely<DB>;

export async function addCaseEvidence(trx: Db, deps: Deps, actor: Actor, id: string, fileIds: string[]) {
  authorize(actor, 'update', 'case');
  const c = await loadCase(trx, actor, id, true);
  if (c.status === 'closed') throw new AppError('CONFLICT', 'The case is closed');
  for (const f of fileIds) {
    try {
      await visibleFile({ ...deps, database: { ...deps.database, db: trx } }, actor, f);
    } catch {
      throw validation('fileIds', `No such file visible to you: ${f}`);
    }
  }
  const merged = [...new Set([...c.evidence_file_ids, ...fileIds])];
  await setCaseEvidence(trx, id, merged);
  await appendAudit(trx, {
    actor,
    action: 'case.evidence',
    subjectType: 'case',
    subjectId: id,
    regionCode: c.region_code,
    before: c.evidence_file_ids,
    after: merged,
    details: { added: fileIds },
  });
}
