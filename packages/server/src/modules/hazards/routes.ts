import { Type } from '@sinclair/typebox';
import {
  ErrorBody,
  EvidenceFileView,
  HazardActionBody,
  HazardDetail,
  HazardStats,
  HazardStatsQuery,
  HazardSummary,
  IdParams,
  Page,
  RectificationQuery,
} from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { AppError } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { fileView, storeFile } from '../../storage/files.ts';
import { appendAudit } from '../../audit/chain.ts';
import './access.ts';
import { hazardDetail, listHazards, loadHazard } from './repo.ts';
import { toDomainAction, transitionHazard } from './apply-action.ts';
import { hazardStats } from './stats.ts';
import { hazardExportRoute } from './export-route.ts';

const tags = ['hazards'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * The rectification side of hazards: the work list, detail with its lifecycle, actions, evidence
 * upload and figures. (The plain hazard list GET /api/hazards belongs to the inspections feature.)
 */
export async function hazardRoutes(app: App, deps: Deps) {
  const { db } = deps.database;
  const tx = <T>(fn: (trx: typeof db) => Promise<T>) => inTransaction(db, fn);

  app.get(
    '/api/hazards/rectification',
    {
      schema: {
        tags,
        summary: 'Rectification work list: hazards with deadlines, overdue and listing filters',
        querystring: RectificationQuery,
        response: { 200: Page(HazardSummary), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'hazard');
      return listHazards(db, actor, req.query, deps.now());
    },
  );
  await hazardExportRoute(app, deps);

  app.get(
    '/api/hazards/stats',
    {
      schema: {
        tags,
        summary:
          'Rectification rate (closed / found, overall and on time), overdue and open major hazards — total and by region, enterprise, project, module or inspector',
        querystring: HazardStatsQuery,
        response: { 200: HazardStats, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'stats', 'hazard');
      return hazardStats(db, actor, req.query, deps.now(), deps.config.TIME_ZONE);
    },
  );

  app.get(
    '/api/hazards/:id',
    {
      schema: {
        tags,
        summary:
          'One hazard with its state, the actions you may take, evidence (with EXIF checks), events and documents',
        params: IdParams,
        response: { 200: HazardDetail, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'hazard');
      return hazardDetail(db, actor, req.params.id, deps.now());
    },
  );

  app.post(
    '/api/hazards/:id/actions',
    {
      schema: {
        tags,
        summary:
          'Take a lifecycle action: confirm, reject, rectify on the spot, order rectification, submit a plan, list for supervision, start, submit evidence, review, close out, request or decide an extension',
        params: IdParams,
        body: HazardActionBody,
        response: { 200: HazardDetail, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'act', 'hazard');
      await tx(async (trx) => {
        const row = await loadHazard(trx, actor, req.params.id, true);
        const action = await toDomainAction(trx, deps, actor, row, req.body);
        await transitionHazard(trx, deps, actor, row.id, action, { row, note: req.body.note });
      });
      return hazardDetail(db, actor, req.params.id, deps.now());
    },
  );

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
      const row = await loadHazard(db, actor, req.params.id);
      if (row.status === 'closed' || row.status === 'rejected')
        throw new AppError('CONFLICT', `The hazard is ${row.status}; evidence can no longer be added`, 409);
      if (!req.isMultipart())
        throw new AppError(
          'BAD_REQUEST',
          'Send the files as multipart/form-data in the field "file"',
          400,
          'file',
        );
      const foundAt = new Date(row.found_at).getTime();
      // Read the parts first, then store them in one short transaction (PGlite has one connection).
      const parts: Array<{ buffer: Buffer; filename: string; mimetype: string }> = [];
      for await (const part of req.files()) {
        if (part.fieldname !== 'file')
          throw new AppError(
            'VALIDATION',
            `Unknown field "${part.fieldname}"; send files in the field "file"`,
            400,
            part.fieldname,
          );
        parts.push({ buffer: await part.toBuffer(), filename: part.filename, mimetype: part.mimetype });
      }
      if (parts.length === 0)
        throw new AppError('VALIDATION', 'No file in the request; send it in the field "file"', 400, 'file');
      const stored = await tx(async (trx) => {
        const out = [];
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
      reply.status(201);
      return {
        files: stored.map((f) => ({
          ...fileView(f),
          takenBeforeFound: f.exif_taken_at ? new Date(f.exif_taken_at).getTime() < foundAt : null,
          metresFromSite: null,
        })),
      };
    },
  );
}
