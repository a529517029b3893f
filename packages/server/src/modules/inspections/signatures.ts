import type { Kysely } from 'kysely';
import type { SignatureInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { storeFile } from '../../storage/files.ts';
import { loadInspection, requireMember } from './repo.ts';
import { scoreInspection } from './scoring.ts';

/**
 * Signing the on-site record: every inspector of the team, and the inspected party's
 * representative — a drawn signature (PNG from the signature pad, stored as a file) or a recorded
 * refusal with the reason and a witness. Signing needs every item answered; once anyone has
 * signed, findings are locked. When all have signed the inspection is 'signed' and can finish.
 */
type Q = Kysely<DB>;
const MAX_SIGNATURE_BYTES = 512 * 1024;

export async function addSignature(
  trx: Q,
  deps: Pick<Deps, 'now' | 'config' | 'database'>,
  actor: Actor,
  inspectionId: string,
  input: SignatureInput,
) {
  const i = await loadInspection(trx, actor, inspectionId, true);
  await requireMember(trx, actor, i);
  if (i.status !== 'in_progress' && i.status !== 'signed') {
    throw new AppError(
      'ILLEGAL_TRANSITION',
      i.status === 'draft'
        ? 'Nothing has been checked yet: record the findings first'
        : `The inspection is ${i.status}: it can no longer be signed`,
      409,
    );
  }
  const pending = await trx
    .selectFrom('inspection_findings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('inspection_id', '=', i.id)
    .where('result', '=', 'pending')
    .executeTakeFirstOrThrow();
  if (Number(pending.n) > 0)
    throw new AppError(
      'ITEMS_PENDING',
      `${pending.n} items are not checked yet: answer every item before signing`,
      409,
    );
  const broken = (await scoreInspection(trx, i.id)).flatMap((s) => s.tables.filter((t) => t.error));
  if (broken.length)
    throw new AppError(
      'TABLE_IN_ERROR',
      `Table ${broken[0].table} cannot be scored: ${broken[0].error!.message}`,
      409,
    );
  const now = deps.now();

  let fileId: string | null = null;
  let userId: string | null = null;
  let signerName = (input as { signerName?: string }).signerName?.trim() ?? '';
  if (input.party === 'inspector') {
    if (!('image' in input)) throw validation('image', 'An inspector signs by drawing the signature');
    if (!input.userId) throw validation('userId', 'Say which inspector of the team signs');
    const m = await trx
      .selectFrom('inspection_members')
      .selectAll()
      .where('inspection_id', '=', i.id)
      .where('user_id', '=', input.userId)
      .executeTakeFirst();
    if (!m) throw validation('userId', 'That person is not on the inspection team');
    userId = m.user_id;
    signerName = m.display_name;
  } else if ('userId' in input && input.userId) {
    throw validation('userId', 'The inspected party signs without a user account');
  }
  if ('image' in input) {
    const buffer = Buffer.from(input.image.replace(/^data:image\/png;base64,/, ''), 'base64');
    const file = await storeFile(
      deps,
      {
        buffer,
        filename: `signature-${input.party}.png`,
        declaredType: 'image/png',
        kinds: ['image'],
        maxBytes: MAX_SIGNATURE_BYTES,
        uploadedBy: actor.userId,
        regionCode: i.region_code,
        enterpriseId: i.enterprise_id,
        owner: { kind: 'inspection', id: i.id },
      },
      trx,
    );
    if (file.mime !== 'image/png')
      throw new AppError(
        'UNSUPPORTED_FILE',
        'A signature is a PNG image from the signature pad',
        415,
        'image',
      );
    fileId = file.id;
  } else if (!signerName) signerName = i.principal_name || '';

  // A new signature of the same person replaces the old one.
  let del = trx
    .deleteFrom('inspection_signatures')
    .where('inspection_id', '=', i.id)
    .where('party', '=', input.party);
  if (userId) del = del.where('user_id', '=', userId);
  await del.execute();
  const refused = 'refused' in input && input.refused === true;
  const sig = await trx
    .insertInto('inspection_signatures')
    .values({
      inspection_id: i.id,
      party: input.party,
      user_id: userId,
      signer_name: signerName || '—',
      file_id: fileId,
      refused,
      refusal_reason: refused ? input.refusalReason.trim() : '',
      witness_name: refused ? input.witnessName.trim() : '',
      signed_at: now,
      recorded_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // All signed? Then the inspection is signed and its end time is now.
  const members = await trx
    .selectFrom('inspection_members')
    .select('user_id')
    .where('inspection_id', '=', i.id)
    .execute();
  const sigs = await trx
    .selectFrom('inspection_signatures')
    .select(['party', 'user_id'])
    .where('inspection_id', '=', i.id)
    .execute();
  const complete =
    members.every((m) => sigs.some((s) => s.party === 'inspector' && s.user_id === m.user_id)) &&
    sigs.some((s) => s.party === 'inspected');
  await trx
    .updateTable('inspections')
    .set({ status: complete ? 'signed' : 'in_progress', ended_at: complete ? now : null, updated_at: now })
    .where('id', '=', i.id)
    .execute();
  await appendAudit(trx, {
    actor,
    action: refused ? 'inspection.signature_refused' : 'inspection.sign',
    subjectType: 'inspection',
    subjectId: i.id,
    regionCode: i.region_code,
    details: {
      party: input.party,
      signer: signerName,
      ...(refused && {
        reason: (input as { refusalReason: string }).refusalReason,
        witness: (input as { witnessName: string }).witnessName,
      }),
    },
    at: now,
  });
  return sig.id;
}

/** Clears all signatures so findings can be corrected; both sides then sign again. */
export async function clearSignatures(trx: Q, deps: Pick<Deps, 'now'>, actor: Actor, inspectionId: string) {
  const i = await loadInspection(trx, actor, inspectionId, true);
  await requireMember(trx, actor, i);
  if (i.status !== 'in_progress' && i.status !== 'signed')
    throw new AppError('ILLEGAL_TRANSITION', `The inspection is ${i.status}: its signatures stay`, 409);
  const now = deps.now();
  const r = await trx
    .deleteFrom('inspection_signatures')
    .where('inspection_id', '=', i.id)
    .executeTakeFirst();
  await trx
    .updateTable('inspections')
    .set({ status: 'in_progress', ended_at: null, updated_at: now })
    .where('id', '=', i.id)
    .execute();
  await appendAudit(trx, {
    actor,
    action: 'inspection.signatures_cleared',
    subjectType: 'inspection',
    subjectId: i.id,
    regionCode: i.region_code,
    details: { cleared: Number(r.numDeletedRows ?? 0) },
    at: now,
  });
}
