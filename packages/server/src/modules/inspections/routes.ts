import { Type } from '@sinclair/typebox';
import {
  BulkFindingInput,
  ErrorBody,
  FileView,
  IdParams,
  InspectionGroupInput,
  InspectionGroupView,
  InspectionHazard,
  InspectionInput,
  InspectionListItem,
  InspectionPatch,
  InspectionQuery,
  InspectionRecord,
  InspectionView,
  FindingInput,
  GroupCandidate,
  GroupCandidateQuery,
  Page,
  Proposal,
  ProposalQuery,
  ScoreView,
  SignatureInput,
  Uuid,
} from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { AppError } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Db } from '../../db/database.ts';
import { fileView } from '../../storage/files.ts';
import { installCrossGrants } from './scope.ts';
import { createInspection } from './create.ts';
import { proposeItems } from './proposal.ts';
import { hazardView, inspectionView, listInspections, loadInspection, requireMember } from './repo.ts';
import { addPhoto, bulkRecord, recordFinding, removePhoto } from './findings.ts';
import { addSignature, clearSignatures } from './signatures.ts';
import { buildRecord, cancelInspection, finishInspection } from './finish.ts';
import { scoreInspection } from './scoring.ts';
import { createGroup, getGroup, groupCandidates, listGroups } from './groups.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
};
const FindingParams = Type.Object({ id: Uuid, findingId: Uuid });
const PhotoParams = Type.Object({ id: Uuid, findingId: Uuid, fileId: Uuid });

/**
 * Routes of the inspections feature: create (with proposed items), field capture item by item
 * with photos, live JGJ 59 score, signatures, finish (hazards), the on-site record, lists, groups.
 */
export async function inspectionsRoutes(app: App, deps: Deps) {
  installCrossGrants(app, deps);

  const tags = ['inspections'];
  const db = () => deps.database.db;
  const tx = <T>(fn: (trx: Db) => Promise<T>) => inTransaction(deps.database.db, fn);

  app.get(
    '/api/inspections',
    {
      schema: {
        tags,
        summary: 'Inspections by jurisdiction, kind, status, inspector, target, date',
        querystring: InspectionQuery,
        response: { 200: Page(InspectionListItem), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection');
      return listInspections(db(), actor, req.query);
    },
  );

  app.get(
    '/api/inspections/proposal',
    {
      schema: {
        tags,
        summary:
          'Checklist items proposed for a target from its profile (industry, project type, equipment, risk sources), and who can be on the team',
        querystring: ProposalQuery,
        response: { 200: Proposal, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'inspection');
      return proposeItems(db(), actor, req.query.targetKind, req.query.targetId);
    },
  );

  app.post(
    '/api/inspections',
    {
      schema: {
        tags,
        summary: 'Create an inspection: kind, target, team, checklist items',
        body: InspectionInput,
        response: { 201: InspectionView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'inspection');
      const id = await tx((trx) => createInspection(trx, deps, actor, req.body));
      reply.status(201);
      return inspectionView(db(), actor, id);
    },
  );

  // ---- groups (before /:id routes of the same prefix are irrelevant: distinct path)
  app.get(
    '/api/inspection-groups',
    {
      schema: {
        tags,
        summary: 'Supervision and inspection groups',
        response: { 200: Type.Object({ items: Type.Array(InspectionGroupView) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection_group');
      return { items: await listGroups(db(), actor) };
    },
  );
  app.post(
    '/api/inspection-groups',
    {
      schema: {
        tags,
        summary: 'Create a supervision or inspection group with its task book',
        body: InspectionGroupInput,
        response: { 201: InspectionGroupView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'inspection_group');
      const id = await tx((trx) => createGroup(trx, actor, req.body));
      reply.status(201);
      return getGroup(db(), actor, id);
    },
  );
  app.get(
    '/api/inspection-groups/candidates',
    {
      schema: {
        tags,
        summary: 'Who may lead or join a group working in a region',
        querystring: GroupCandidateQuery,
        response: { 200: Type.Object({ items: Type.Array(GroupCandidate) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'inspection_group');
      return { items: await groupCandidates(db(), actor, req.query.regionCode) };
    },
  );
  app.get(
    '/api/inspection-groups/:id',
    {
      schema: {
        tags,
        summary: 'A group, its task book and how far it got',
        params: IdParams,
        response: { 200: InspectionGroupView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection_group');
      return getGroup(db(), actor, req.params.id);
    },
  );

  // ---- one inspection
  app.get(
    '/api/inspections/:id',
    {
      schema: {
        tags,
        summary: 'An inspection with everything found: findings, photos, score, signatures, hazards',
        params: IdParams,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection');
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.patch(
    '/api/inspections/:id',
    {
      schema: {
        tags,
        summary: 'Edit the title, topic, place, principal of an open inspection',
        params: IdParams,
        body: InspectionPatch,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await tx(async (trx) => {
        const i = await loadInspection(trx, actor, req.params.id, true);
        if (i.created_by !== actor.userId) await requireMember(trx, actor, i);
        if (i.status !== 'draft' && i.status !== 'in_progress')
          throw new AppError(
            'ILLEGAL_TRANSITION',
            `The inspection is ${i.status}: it can no longer be edited`,
            409,
          );
        const b = req.body;
        await trx
          .updateTable('inspections')
          .set({
            ...(b.title !== undefined && { title: b.title.trim() }),
            ...(b.topic !== undefined && { topic: b.topic.trim() }),
            ...(b.place !== undefined && { place: b.place.trim() }),
            ...(b.principalName !== undefined && { principal_name: b.principalName.trim() }),
            ...(b.plannedOn !== undefined && { planned_on: b.plannedOn }),
            updated_at: deps.now(),
          })
          .where('id', '=', i.id)
          .execute();
      });
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.get(
    '/api/inspections/:id/score',
    {
      schema: {
        tags,
        summary: 'The JGJ 59 score as it stands, every figure with its explanation',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(ScoreView) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection');
      const i = await loadInspection(db(), actor, req.params.id);
      return {
        items:
          i.status === 'finished' && i.score ? (i.score as ScoreView[]) : await scoreInspection(db(), i.id),
      };
    },
  );

  app.put(
    '/api/inspections/:id/findings/:findingId',
    {
      schema: {
        tags,
        summary: 'Record one item: pass / fail (with the hazard and deductions) / not applicable',
        params: FindingParams,
        body: FindingInput,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await tx((trx) => recordFinding(trx, deps, actor, req.params.id, req.params.findingId, req.body));
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.post(
    '/api/inspections/:id/findings/bulk',
    {
      schema: {
        tags,
        summary: 'Mark the items still unchecked (of one module, or all) as passed or not applicable',
        params: IdParams,
        body: BulkFindingInput,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await tx((trx) => bulkRecord(trx, deps, actor, req.params.id, req.body));
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.post(
    '/api/inspections/:id/findings/:findingId/photos',
    {
      schema: {
        tags,
        summary:
          'Attach a photo to an item (multipart field "file"): JPEG, PNG, WebP or HEIC, checked by content; EXIF capture time and GPS are read',
        params: FindingParams,
        response: { 201: FileView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      if (!req.isMultipart())
        throw new AppError(
          'BAD_REQUEST',
          'Send the photo as multipart/form-data in the field "file"',
          400,
          'file',
        );
      const part = await req.file();
      if (!part)
        throw new AppError('BAD_REQUEST', 'No file in the request; send it in the field "file"', 400, 'file');
      const buffer = await part.toBuffer();
      const file = await tx((trx) =>
        addPhoto(trx, deps, actor, req.params.id, req.params.findingId, {
          buffer,
          filename: part.filename,
          mimetype: part.mimetype,
        }),
      );
      reply.status(201);
      return fileView(file);
    },
  );

  app.delete(
    '/api/inspections/:id/findings/:findingId/photos/:fileId',
    {
      schema: {
        tags,
        summary: 'Take a photo off an item',
        params: PhotoParams,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await tx((trx) => removePhoto(trx, actor, req.params.id, req.params.findingId, req.params.fileId));
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.post(
    '/api/inspections/:id/signatures',
    {
      schema: {
        tags,
        summary:
          "Sign the on-site record: an inspector of the team, or the inspected party's representative (drawn signature as a PNG data URL, or a refusal with reason and witness)",
        params: IdParams,
        body: SignatureInput,
        response: { 201: InspectionView, ...errors },
      },
      bodyLimit: 1_500_000,
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await tx((trx) => addSignature(trx, deps, actor, req.params.id, req.body));
      reply.status(201);
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.delete(
    '/api/inspections/:id/signatures',
    {
      schema: {
        tags,
        summary: 'Clear the signatures (to correct a finding; both sides sign again)',
        params: IdParams,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await tx((trx) => clearSignatures(trx, deps, actor, req.params.id));
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.post(
    '/api/inspections/:id/finish',
    {
      schema: {
        tags,
        summary:
          'Finish a signed inspection: failed items become hazards; score and on-site record are frozen',
        params: IdParams,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await tx((trx) => finishInspection(trx, deps, actor, req.params.id));
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.post(
    '/api/inspections/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an inspection not yet signed',
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 2, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      await tx((trx) => cancelInspection(trx, deps, actor, req.params.id, req.body.reason));
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.get(
    '/api/inspections/:id/record',
    {
      schema: {
        tags,
        summary: 'The on-site inspection record 现场检查记录 (frozen once finished)',
        params: IdParams,
        response: { 200: InspectionRecord, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection');
      const i = await loadInspection(db(), actor, req.params.id);
      if (i.status === 'finished' && i.record) return i.record as InspectionRecord;
      return buildRecord(await inspectionView(db(), actor, i.id), false);
    },
  );

  // Hazards found by this inspection (read-only; the hazard lifecycle lives in modules/hazards).
  app.get(
    '/api/inspections/:id/hazards',
    {
      schema: {
        tags,
        summary: 'Hazards created from this inspection',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(InspectionHazard) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection');
      const i = await loadInspection(db(), actor, req.params.id);
      const rows = await db()
        .selectFrom('hazards')
        .selectAll()
        .where('inspection_id', '=', i.id)
        .orderBy('created_at')
        .execute();
      return { items: rows.map(hazardView) };
    },
  );
}
