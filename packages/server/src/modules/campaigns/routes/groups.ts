import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  CampaignGroupPatch,
  CampaignGroupView,
  CloseInput,
  ErrorBody,
  GroupInspections,
  GroupProblemPage,
  GroupProblemQuery,
  IdParams,
  LinkResult,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { AppError, notFound } from '../../../errors.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { findCampaignGroup, groupInspectionRows } from '../repo.ts';
import { groupProblemRows } from '../progress-repo.ts';
import { problemOf } from '../presenters.ts';
import { getCampaignGroup } from '../views.ts';
import { editCampaignGroup } from '../edit-group.ts';
import { closeCampaignGroup } from '../close-group.ts';
import { relinkGroup } from '../link-inspections.ts';
import { attachTaskBook } from '../attach-task-book.ts';

const tags = ['campaigns'];
const errors = ERROR_RESPONSES;
const INSPECTIONS_SHOWN = 500;

async function onePart(req: FastifyRequest) {
  if (!req.isMultipart())
    throw new AppError(
      'BAD_REQUEST',
      'Send the task book as multipart/form-data in the field "file"',
      'file',
    );
  const part = await req.file();
  if (!part) throw new AppError('VALIDATION', 'No file in the request; send it in the field "file"', 'file');
  if (part.fieldname !== 'file')
    throw new AppError(
      'VALIDATION',
      `Unknown field "${part.fieldname}"; send the file in the field "file"`,
      part.fieldname,
    );
  return { buffer: await part.toBuffer(), filename: part.filename, mimetype: part.mimetype };
}

/** One group of a campaign: its view, edit, close, inspections, problems, task book file. */
export const campaignGroupRoutes: RoutePlugin = async (app, deps) => {
  const db = () => deps.database.db;

  /** The group must be one the caller sees (404 otherwise), before anything else is read. */
  const visible = async (req: FastifyRequest, id: string) => {
    const actor = actorOf(req);
    authorize(actor, 'read', 'campaign');
    const g = await findCampaignGroup(db(), actor, id);
    if (!g) throw notFound('Campaign group');
    return { actor, g };
  };

  app.get(
    '/api/campaign-groups/:id',
    {
      schema: {
        tags,
        summary: 'A group of a campaign: people, assigned jurisdictions, task book, targets and progress',
        params: IdParams,
        response: { 200: CampaignGroupView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'campaign');
      return getCampaignGroup(db(), actor, req.params.id, deps.now());
    },
  );

  app.patch(
    '/api/campaign-groups/:id',
    {
      schema: {
        tags,
        summary: 'Edit an open group (the same checks as a new one); newly matching inspections count for it',
        params: IdParams,
        body: CampaignGroupPatch,
        response: { 200: CampaignGroupView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'campaign');
      await inTransaction(db(), (trx) => editCampaignGroup(trx, deps, actor, req.params.id, req.body));
      return getCampaignGroup(db(), actor, req.params.id, deps.now());
    },
  );

  app.post(
    '/api/campaign-groups/:id/close',
    {
      schema: {
        tags,
        summary: 'Close a group: no more edits or inspections for it; its figures stay',
        params: IdParams,
        body: CloseInput,
        response: { 200: CampaignGroupView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'campaign');
      await inTransaction(db(), (trx) => closeCampaignGroup(trx, deps, actor, req.params.id, req.body.note));
      return getCampaignGroup(db(), actor, req.params.id, deps.now());
    },
  );

  app.post(
    '/api/campaign-groups/:id/link-inspections',
    {
      schema: {
        tags,
        summary:
          "Attach inspections made by the group's people on its targets or in its jurisdictions during its period (not yet in a group)",
        params: IdParams,
        response: { 200: LinkResult, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'campaign');
      return { linked: await inTransaction(db(), (trx) => relinkGroup(trx, deps, actor, req.params.id)) };
    },
  );

  app.post(
    '/api/campaign-groups/:id/task-book',
    {
      schema: {
        tags,
        summary: 'Upload the task book (任务书) of a group as a PDF or image, multipart field "file"',
        params: IdParams,
        response: {
          201: Type.Object({ id: Type.String(), name: Type.String(), mime: Type.String() }),
          413: ErrorBody,
          415: ErrorBody,
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'campaign');
      // The group first (404, 409), then the upload (400): the answer for a foreign group does not depend on the body.
      const g = await findCampaignGroup(db(), actor, req.params.id);
      if (!g) throw notFound('Campaign group');
      const file = await attachTaskBook(deps, actor, req.params.id, await onePart(req));
      reply.status(201);
      return { id: file.id, name: file.original_name, mime: file.mime };
    },
  );

  app.get(
    '/api/campaign-groups/:id/inspections',
    {
      schema: {
        tags,
        summary: "The group's inspections, newest first (at most 500)",
        params: IdParams,
        response: { 200: GroupInspections, ...errors },
      },
    },
    async (req) => {
      const { g } = await visible(req, req.params.id);
      const rows = await groupInspectionRows(db(), g.id, INSPECTIONS_SHOWN);
      return {
        items: rows.slice(0, INSPECTIONS_SHOWN).map((r) => ({
          id: r.id,
          number: r.number,
          kind: r.kind,
          status: r.status,
          targetName: String((r.target as { name?: unknown }).name ?? ''),
          enterpriseId: r.enterprise_id,
          startedAt: r.started_at ? new Date(r.started_at).toISOString() : null,
          hazardCount: r.hazard_count,
        })),
        truncated: rows.length > INSPECTIONS_SHOWN,
      };
    },
  );

  app.get(
    '/api/campaign-groups/:id/problems',
    {
      schema: {
        tags,
        summary: "Problems (hazards) found by the group's inspections, newest first, paged by key",
        params: IdParams,
        querystring: GroupProblemQuery,
        response: { 200: GroupProblemPage, ...errors },
      },
    },
    async (req) => {
      const { g } = await visible(req, req.params.id);
      const now = deps.now();
      const page = await groupProblemRows(db(), g.id, req.query, now);
      return { ...page, items: page.items.map((r) => problemOf(r, now)) };
    },
  );
};
