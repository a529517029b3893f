import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { conflict, notFound } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { storeFile } from '../../storage/files.ts';
import { appendAudit } from '../../audit/chain.ts';
import { findCampaignGroup, updateGroup } from './repo.ts';

/** The task book 任务书 as a file (PDF or a scan), owned by the group; replaces the previous one. */
export async function attachTaskBook(
  deps: Pick<Deps, 'config' | 'database' | 'now'>,
  actor: Actor,
  groupId: string,
  part: { buffer: Buffer; filename: string; mimetype: string },
) {
  return inTransaction(deps.database.db, async (trx) => {
    const g = await findCampaignGroup(trx, actor, groupId, true);
    if (!g) throw notFound('Campaign group');
    if (g.closed_at) throw conflict('The group is closed; its task book is final');
    const file = await storeFile(
      deps,
      {
        buffer: part.buffer,
        filename: part.filename,
        declaredType: part.mimetype,
        kinds: ['pdf', 'image'],
        maxBytes: deps.config.MAX_UPLOAD_MB * 1024 * 1024,
        uploadedBy: actor.userId,
        regionCode: g.region_code,
        owner: { kind: 'inspection_group', id: g.id },
      },
      trx,
    );
    const now = deps.now();
    await updateGroup(trx, g.id, { task_book_file_id: file.id, updated_at: now });
    await appendAudit(trx, {
      actor,
      action: 'campaign_group.task_book_attached',
      subjectType: 'inspection_group',
      subjectId: g.id,
      regionCode: g.region_code,
      before: { fileId: g.task_book_file_id },
      after: { fileId: file.id, sha256: file.sha256 },
      at: now,
    });
    return file;
  });
}
