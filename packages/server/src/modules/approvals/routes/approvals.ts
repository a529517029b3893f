import type { FastifyRequest } from 'fastify';
import {
  ApprovalActionBody,
  ApprovalCreateBody,
  ApprovalListQuery,
  ApprovalMaterialQuery,
  ApprovalPanelBody,
  ApprovalPage,
  ApprovalView,
  ErrorBody,
  IdParams,
  Uuid,
} from '@redline/contracts';
import { Type } from '@sinclair/typebox';
import type { PartyRole } from '@redline/domain';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorizeApproval } from '../expert.ts';
import { assignExpert, unassignExpert } from '../assign-expert.ts';
import { AppError } from '../../../errors.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { listApprovals, loadApproval, materialsOf, opinionsOf, panelOf, partyRolesOf } from '../repo.ts';
import { approvalListItem, approvalView } from '../presenters.ts';
import { createApproval } from '../create-approval.ts';
import { actOnApproval } from '../act.ts';
import { addMaterial, materialTarget, type UploadedPart } from '../add-material.ts';

const tags = ['approvals'];
const errors = ERROR_RESPONSES;

/** The one file of a multipart upload's "file" field. */
async function onePart(req: FastifyRequest): Promise<UploadedPart> {
  if (!req.isMultipart())
    throw new AppError('BAD_REQUEST', 'Send the file as multipart/form-data in the field "file"', 'file');
  const parts: UploadedPart[] = [];
  for await (const part of req.files()) {
    if (part.fieldname !== 'file')
      throw new AppError(
        'VALIDATION',
        `Unknown field "${part.fieldname}"; send the file in the field "file"`,
        part.fieldname,
      );
    parts.push({ buffer: await part.toBuffer(), filename: part.filename, mimetype: part.mimetype });
  }
  if (parts.length !== 1)
    throw new AppError('VALIDATION', 'Send exactly one file in the field "file"', 'file');
  return parts[0];
}

/** Approvals: list, open, detail (steps, materials with hashes, bound opinions), sign a move, add materials. */
export const approvalRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;
  const clock = { now: deps.now, today: deps.today };
  const detail = async (req: FastifyRequest, id: string) => {
    const actor = actorOf(req);
    const row = await loadApproval(db, actor, id);
    const roles = (await partyRolesOf(db, row.project_id, actor.enterpriseId)) as PartyRole[];
    return approvalView(
      row,
      await materialsOf(db, id),
      await opinionsOf(db, id),
      actor,
      roles,
      deps.today(),
      await panelOf(db, id),
    );
  };

  app.get(
    '/api/approvals',
    {
      schema: {
        tags,
        summary:
          'Approvals of your jurisdiction or of your enterprise’s projects, newest first (keyset pages)',
        querystring: ApprovalListQuery,
        response: { 200: ApprovalPage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeApproval(actor, 'read');
      const page = await listApprovals(db, actor, req.query);
      const today = deps.today();
      return { ...page, items: page.items.map((r) => approvalListItem(r, today)) };
    },
  );

  app.post(
    '/api/approvals',
    {
      schema: {
        tags,
        summary: 'Open an approval of a project (special plan, suspension, resumption, …) at its first step',
        body: ApprovalCreateBody,
        response: { 201: ApprovalView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorizeApproval(actor, 'create');
      const id = await createApproval(db, actor, req.body, clock);
      reply.status(201);
      return detail(req, id);
    },
  );

  app.get(
    '/api/approvals/:id',
    {
      schema: {
        tags,
        summary:
          'One approval: its steps, materials with SHA-256, and every signed opinion with the materials hash it judged',
        params: IdParams,
        response: { 200: ApprovalView, ...errors },
      },
    },
    async (req) => {
      authorizeApproval(actorOf(req), 'read');
      return detail(req, req.params.id);
    },
  );

  app.post(
    '/api/approvals/:id/actions',
    {
      schema: {
        tags,
        summary: 'Sign a move at the current step (submit, review, expert opinion, panel conclusion, record)',
        description:
          'The opinion is bound to the SHA-256 of the sorted hashes of the current materials and cannot be changed afterwards. A panel concludes only with at least 5 experts’ opinions on the current set (建办质〔2018〕31号); otherwise 409 EXPERTS_TOO_FEW. 409 APPROVAL_WRONG_STEP / APPROVAL_CLOSED / MATERIALS_CHANGED / MATERIALS_REQUIRED.',
        params: IdParams,
        body: ApprovalActionBody,
        response: { 200: ApprovalView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeApproval(actor, 'act');
      await actOnApproval(db, actor, req.params.id, req.body, clock);
      return detail(req, req.params.id);
    },
  );

  app.post(
    '/api/approvals/:id/materials',
    {
      schema: {
        tags,
        summary:
          'Add a material (PDF or photo) in the multipart field "file", or replace a current one (?replaces=)',
        description:
          'Opinions signed before stay bound to the set they judged and show that it was an earlier set. ?public=true shows the material on the project’s public page.',
        params: IdParams,
        querystring: ApprovalMaterialQuery,
        response: { 201: ApprovalView, 413: ErrorBody, 415: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorizeApproval(actor, 'upload');
      const row = await materialTarget(db, actor, req.params.id);
      await addMaterial(deps, actor, row, await onePart(req), req.query);
      reply.status(201);
      return detail(req, req.params.id);
    },
  );

  app.post(
    '/api/approvals/:id/experts',
    {
      schema: {
        tags,
        summary:
          'Put an expert of the register on the approval’s expert panel (the regulator organising the review)',
        description:
          'An expert with their own login then sees this approval (and only the approvals of their panels) and signs their own opinion. 409 CONFLICT when already on the panel; 409 APPROVAL_CLOSED; 400 when the approval has no expert review.',
        params: IdParams,
        body: ApprovalPanelBody,
        response: { 201: ApprovalView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorizeApproval(actor, 'assign_experts');
      await assignExpert(db, actor, req.params.id, req.body.expertId, deps.now());
      reply.status(201);
      return detail(req, req.params.id);
    },
  );

  app.delete(
    '/api/approvals/:id/experts/:expertId',
    {
      schema: {
        tags,
        summary:
          'Take an expert off the approval’s expert panel before they signed (the organising regulator)',
        description:
          'Their login stops seeing the approval. 409 CONFLICT when the expert has signed an opinion on it (it stays on the file with its signer); 409 APPROVAL_CLOSED; 404 when they do not sit on the panel.',
        params: Type.Object({ id: Uuid, expertId: Uuid }),
        response: { 200: ApprovalView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeApproval(actor, 'assign_experts');
      await unassignExpert(db, actor, req.params.id, req.params.expertId, deps.now());
      return detail(req, req.params.id);
    },
  );
};
