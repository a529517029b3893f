import type { Kysely } from 'kysely';
import type { SignatureInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { storeFile } from '../../storage/files.ts';
import { loadInspection, updateInspection } from './repo/inspections.ts';
import { countPending } from './repo/findings.ts';
import { deleteSignatures, insertSignature, teamAndSignatures, teamMember } from './repo/signatures.ts';
import { requireMember } from './recording.ts';
import { scoreInspection } from './scoring.ts';

/**
 * Signing the on-site record: every inspector of the team, and the inspected party's
 * representative — a drawn signature (PNG from the signature pad, stored as a file) or a recorded
 * refusal with the reason and a witness. Signing needs every item answered; once anyone has
 * signed, findings are locked. When all have signed the inspection is 'signed' and can finish.
 */
const MAX_SIGNATURE_BYTES = 512 * 1024;

export async function addSignature(
  trx: Kysely<DB>,
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
    );
  }
  const pending = await countPending(trx, i.id);
  if (pending > 0)
    throw new AppError(
      'ITEMS_PENDING',
      `${pending} items are not checked yet: answer every item before signing`,
    );
  const broken = (await scoreInspection(trx, i.id)).flatMap((s) => s.tables.filter((t) => t.error));
  if (broken.length)
    throw new AppError(
      'TABLE_IN_ERROR',
      `Table ${broken[0].table} cannot be scored: ${broken[0].error!.message}`,
    );
  const now = deps.now();

  let fileId: string | null = null;
  let userId: string | null = null;
  let signerName = (input as { signerName?: string }).signerName?.trim() ?? '';
  if (input.party === 'inspector') {
    if (!('image' in input)) throw validation('image', 'An inspector signs by drawing the signature');
    if (!input.userId) throw validation('userId', 'Say which inspector of the team signs');
    const m = await teamMember(trx, i.id, input.userId);
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
      throw new AppError('UNSUPPORTED_FILE', 'A signature is a PNG image from the signature pad', 'image');
    fileId = file.id;
  } else if (!signerName) signerName = i.principal_name || '';

  // A new signature of the same person replaces the old one.
  await deleteSignatures(trx, i.id, { party: input.party, userId });
  const refused = 'refused' in input && input.refused === true;
  const sigId = await insertSignature(trx, {
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
  });

  // All signed? Then the inspection is signed and its end time is now.
  const { members, signatures: sigs } = await teamAndSignatures(trx, i.id);
  const complete =
    members.every((m) => sigs.some((s) => s.party === 'inspector' && s.user_id === m.user_id)) &&
    sigs.some((s) => s.party === 'inspected');
  await updateInspection(trx, i.id, {
    status: complete ? 'signed' : 'in_progress',
    ended_at: complete ? now : null,
    updated_at: now,
  });
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
  return sigId;
}
