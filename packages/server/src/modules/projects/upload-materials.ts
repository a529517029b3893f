import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { storeFile, type FileRow } from '../../storage/files.ts';
import { appendAudit } from '../../audit/chain.ts';
import { loadProject } from './repo.ts';

export interface UploadedPart {
  buffer: Buffer;
  filename: string;
  mimetype: string;
}

/** The project, seen by the caller (404 otherwise), before its upload is read. */
export const materialsTarget = (db: Kysely<DB>, actor: Actor, id: string) => loadProject(db, actor, id);

/** Materials a stage step rests on (permit, filing receipt, acceptance report): PDFs or photos, owned by the project. */
export async function uploadMaterials(
  deps: Pick<Deps, 'config' | 'database'>,
  actor: Actor,
  project: { id: string; region_code: string },
  parts: UploadedPart[],
): Promise<FileRow[]> {
  return inTransaction(deps.database.db, async (trx) => {
    const out: FileRow[] = [];
    for (const p of parts)
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
            regionCode: project.region_code,
            enterpriseId: actor.enterpriseId,
            owner: { kind: 'project', id: project.id },
          },
          trx,
        ),
      );
    await appendAudit(trx, {
      actor,
      action: 'project.materials_uploaded',
      subjectType: 'project',
      subjectId: project.id,
      regionCode: project.region_code,
      after: out.map((f) => ({ id: f.id, sha256: f.sha256 })),
      details: { files: out.map((f) => f.sha256) },
    });
    return out;
  });
}
