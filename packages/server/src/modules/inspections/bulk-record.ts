import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { answerPending } from './repo/findings.ts';
import { markStarted, openForRecording } from './recording.ts';

/** Marks the items still pending (of one module, or all) as passed or not applicable. */
export async function bulkRecord(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  inspectionId: string,
  input: { moduleCode?: string; versionId?: string; result: 'pass' | 'na' },
) {
  const i = await openForRecording(trx, actor, inspectionId);
  const now = deps.now();
  const n = await answerPending(trx, i.id, {
    result: input.result,
    recordedBy: actor.userId,
    recordedAt: now,
    moduleCode: input.moduleCode,
    versionId: input.versionId,
  });
  await markStarted(trx, i, now);
  return n;
}
