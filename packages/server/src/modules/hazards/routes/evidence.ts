import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ErrorBody, EvidenceFileView, IdParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { AppError } from '../../../errors.ts';
import { addEvidence, evidenceTarget, type UploadedPart } from '../add-evidence.ts';
import { evidenceFileView } from '../presenters.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

const tags = ['hazards'];
const errors = ERROR_RESPONSES;

/** The files of a multipart upload's "file" field (up to the multipart plugin's limit), read into memory. */
async function fileParts(req: FastifyRequest): Promise<UploadedPart[]> {
  if (!req.isMultipart())
    throw new AppError('BAD_REQUEST', 'Send the files as multipart/form-data in the field "file"', 'file');
  const parts: UploadedPart[] = [];
  for await (const part of req.files()) {
    if (part.fieldname !== 'file')
      throw new AppError(
        'VALIDATION',
        `Unknown field "${part.fieldname}"; send files in the field "file"`,
        part.fieldname,
      );
    parts.push({ buffer: await part.toBuffer(), filename: part.filename, mimetype: part.mimetype });
  }
  if (parts.length === 0)
    throw new AppError('VALIDATION', 'No file in the request; send it in the field "file"', 'file');
  return parts;
}

/** Rectification evidence of one hazard. */
export const hazardEvidenceRoutes: RoutePlugin = async (app, deps) => {
  app.post(
    '/api/hazards/:id/evidence',
    {
      schema: {
        tags,
        summary:
          'Upload rectification evidence (photos checked by content, EXIF capture time and position kept; or PDF) as multipart field "file" (up to 10)',
        params: IdParams,
        response: {
          201: Type.Object({ files: Type.Array(EvidenceFileView) }),
          413: ErrorBody,
          415: ErrorBody,
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'upload_evidence', 'hazard');
      // The hazard first (404, 409), then the upload (400): a closed hazard's answer does not depend on the body.
      const row = await evidenceTarget(deps.database.db, actor, req.params.id);
      const stored = await addEvidence(deps, actor, row, await fileParts(req));
      reply.status(201);
      return { files: stored.map((f) => evidenceFileView(f, row.found_at, null)) };
    },
  );
};
