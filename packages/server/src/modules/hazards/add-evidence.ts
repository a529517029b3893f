import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { storeFile, type FileRow } from '../../storage/files.ts';
import { appendAudit } from '../../audit/chain.ts';
import { loadHazard, type HazardRow } from './repo.ts';

/**
 * Rectification evidence uploaded to a hazard: photos (checked by content, EXIF kept) or PDFs,
 * owned by the hazard, stored with one audit entry. Checked in two steps so the caller can read
 * the upload in between: first the hazard (seen, still open), then the files.
 */
export async function evidenceTarget(db: Kysely<DB>, actor: Actor, hazardId: string): Promise<HazardRow> {
  const row = await loadHazard(db, actor, hazardId);
  if (row.status === 'closed' || row.status === 'rejected')
    throw new AppError('CONFLICT', `The hazard is ${row.status}; evidence can no longer be added`);
  return row;
}

export interface UploadedPart {
  buffer: Buffer;
  filename: string;
  mimetype: string;
}

/** Stores the parts in one short transaction (PGlite has one connection) and audits them together. */
export async function addEvidence(
  deps: Pick<Deps, 'config' | 'database'>,
  actor: Actor,
  row: HazardRow,
  parts: UploadedPart[],
): Promise<FileRow[]> {
  return inTransaction(deps.database.db, async (trx) => {
    const out: FileRow[] = [];
    for (const p of parts) {
      out.push(
        await storeFile(
          deps,
          {
            buffer: p.buffer,
            filename: p.filename,
            declaredType: p.mimetype,
            kinds: ['image', 'pdf'],
            maxBytes: deps.config.MAX_UPLOAD_MB * 1024 * 1024,
            uploadedBy: actor.userId,
            regionCode: row.region_code,
            enterpriseId: row.enterprise_id,
            owner: { kind: 'hazard', id: row.id },
          },
          trx,
        ),
      );
    }
    await appendAudit(trx, {
      actor,
      action: 'hazard.evidence_uploaded',
      subjectType: 'hazard',
      subjectId: row.id,
      regionCode: row.region_code,
      after: out.map((f) => ({ id: f.id, sha256: f.sha256 })),
      details: { files: out.map((f) => f.sha256) },
    });
    return out;
  });
}
