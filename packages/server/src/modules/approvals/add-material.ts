import type { Kysely } from 'kysely';
import { APPROVAL_WORKFLOWS, type PartyRole } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError, notFound } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { storeFile } from '../../storage/files.ts';
import { appendAudit } from '../../audit/chain.ts';
import { isSubmitter } from './acting.ts';
import {
  insertMaterial,
  loadApproval,
  materialsOf,
  partyRolesOf,
  withdrawMaterial,
  type NamedApprovalRow,
} from './repo.ts';

export interface UploadedPart {
  buffer: Buffer;
  filename: string;
  mimetype: string;
}

/** The approval a material goes to: open, and the caller its submitting party (checked before the upload is read). */
export async function materialTarget(db: Kysely<DB>, actor: Actor, id: string): Promise<NamedApprovalRow> {
  const row = await loadApproval(db, actor, id);
  if (row.status !== 'open')
    throw AppError.refusal('APPROVAL_CLOSED', `This approval is ${row.status}; its materials are final`, 409);
  const roles = (await partyRolesOf(db, row.project_id, actor.enterpriseId)) as PartyRole[];
  if (!isSubmitter(actor, APPROVAL_WORKFLOWS[row.kind].steps[0], roles))
    throw new AppError('FORBIDDEN', 'Only the submitting party adds or replaces materials');
  return row;
}

/**
 * Adds a material (PDF or photo, checked by content, stored under its SHA-256) to an open approval,
 * or replaces a current one (the replaced one stays, withdrawn, so earlier opinions still name what
 * they judged). Opinions are never re-bound: after this, those signed before show that they judged an
 * earlier set (their materials hash differs from the current one). Audited.
 */
export async function addMaterial(
  deps: Pick<Deps, 'config' | 'database' | 'now'>,
  actor: Actor,
  row: NamedApprovalRow,
  part: UploadedPart,
  opts: { public?: boolean; replaces?: string },
) {
  const db = deps.database.db;
  const now = deps.now();
  return inTransaction(db, async (trx) => {
    const locked = await loadApproval(trx, actor, row.id, true);
    if (locked.status !== 'open')
      throw AppError.refusal(
        'APPROVAL_CLOSED',
        `This approval is ${locked.status}; its materials are final`,
        409,
      );
    const current = (await materialsOf(trx, row.id)).filter((m) => !m.withdrawn_at);
    if (opts.replaces && !current.some((m) => m.id === opts.replaces)) throw notFound('Material');
    const file = await storeFile(
      deps,
      {
        buffer: part.buffer,
        filename: part.filename,
        declaredType: part.mimetype,
        kinds: ['pdf', 'image'],
        maxBytes: deps.config.MAX_UPLOAD_MB * 1024 * 1024,
        uploadedBy: actor.userId,
        regionCode: row.region_code,
        enterpriseId: actor.enterpriseId,
        owner: { kind: 'approval_material', id: row.id },
      },
      trx,
    );
    if (current.some((m) => m.sha256 === file.sha256))
      throw new AppError('CONFLICT', 'This exact file is already among the current materials', 'file');
    const name = (part.filename || file.original_name || 'material').split(/[\\/]/).pop()!.slice(0, 200);
    const m = await insertMaterial(trx, {
      approval_id: row.id,
      file_id: file.id,
      sha256: file.sha256,
      name,
      public: opts.public ?? false,
      added_by: actor.userId,
      added_at: now,
    });
    if (opts.replaces) await withdrawMaterial(trx, opts.replaces, m.id, now);
    await appendAudit(trx, {
      actor,
      action: opts.replaces ? 'approval.material_replace' : 'approval.material_add',
      subjectType: 'approval_material',
      subjectId: m.id,
      regionCode: row.region_code,
      after: { approvalId: row.id, sha256: file.sha256, name, public: opts.public ?? false },
      details: opts.replaces ? { replaces: opts.replaces } : {},
      at: now,
    });
    return m.id;
  });
}
