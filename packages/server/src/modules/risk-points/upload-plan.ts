import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError, notFound } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { storeFile, type FileRow } from '../../storage/files.ts';
import { detectFile } from '../../storage/detect.ts';
import { appendAudit } from '../../audit/chain.ts';
import { findSite } from './repo.ts';
import { upsertPlan } from './map-repo.ts';

/** Plans are PNG or JPEG: the poster embeds them as they are (pdfkit reads those two). */
const PLAN_TYPES = new Set(['image/png', 'image/jpeg']);

/** Uploads (or replaces) a site's plan for its four-colour risk map; the zones stay as drawn. */
export async function uploadSitePlan(
  deps: Pick<Deps, 'config' | 'database'>,
  db: Kysely<DB>,
  actor: Actor,
  siteId: string,
  file: { buffer: Buffer; filename: string; mimetype: string },
  now: Date,
): Promise<FileRow> {
  const site = await findSite(db, actor, siteId);
  if (!site) throw notFound('Site');
  const detected = detectFile(file.buffer);
  if (detected.ok && !PLAN_TYPES.has(detected.mime))
    throw new AppError(
      'UNSUPPORTED_FILE',
      `This is a ${detected.mime} file; upload the site plan as PNG or JPEG`,
      'file',
    );
  return inTransaction(db, async (trx) => {
    const stored = await storeFile(
      deps,
      {
        buffer: file.buffer,
        filename: file.filename,
        declaredType: file.mimetype,
        kinds: ['image'],
        maxBytes: deps.config.MAX_UPLOAD_MB * 1024 * 1024,
        uploadedBy: actor.userId,
        regionCode: site.region_code,
        enterpriseId: site.enterprise_id,
        owner: { kind: 'site_plan', id: site.id },
      },
      trx,
    );
    await upsertPlan(trx, { siteId: site.id, fileId: stored.id, userId: actor.userId, at: now });
    await appendAudit(trx, {
      actor,
      action: 'site.plan_uploaded',
      subjectType: 'site',
      subjectId: site.id,
      regionCode: site.region_code,
      after: { file: stored.id, sha256: stored.sha256 },
    });
    return stored;
  });
}
