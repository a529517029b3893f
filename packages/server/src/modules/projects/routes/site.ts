import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  ErrorBody,
  IdParams,
  MemberAccounts,
  MemberAccountsQuery,
  PortalProjectsPage,
  PortalProjectsQuery,
  ProjectMemberBody,
  ProjectRequestAnswerBody,
  ProjectRequestBody,
  ProjectSiteView,
  ProjectStageBody,
  StageMaterialsUploaded,
  Uuid,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { AppError } from '../../../errors.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { fileView } from '../../../storage/files.ts';
import { projectSite } from '../site-view.ts';
import { moveProjectStage } from '../move-stage.ts';
import { addProjectMember } from '../add-member.ts';
import { removeProjectMember } from '../remove-member.ts';
import { memberAccounts } from '../member-accounts.ts';
import { answerRequest, closeRequest, sendRequest } from '../requests.ts';
import { materialsTarget, uploadMaterials, type UploadedPart } from '../upload-materials.ts';
import { portalProjects } from '../repo.ts';

const tags = ['projects'];
const errors = ERROR_RESPONSES;

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

/** The project page, its stage steps, its people, and the parties' portal (issue 17 part 1). */
export const projectSiteRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;
  const clock = () => ({ now: deps.now(), today: deps.today() });

  app.get(
    '/api/projects/:id/site',
    {
      schema: {
        tags,
        summary:
          'The project page: stage, timeline and the steps you may take, parties and key personnel, devices with live readings, alarms, inspections, hazards, documents, grade',
        params: IdParams,
        response: { 200: ProjectSiteView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'project_site');
      return projectSite(db, actor, req.params.id, clock());
    },
  );

  app.post(
    '/api/projects/:id/stage',
    {
      schema: {
        tags,
        summary:
          'Move the project to its next stage (supervision filed, permitted, under construction, suspended, resumed, completion accepted, archived)',
        description:
          'The domain stage machine decides (packages/domain/src/project-stages.ts): regulators take every step; the owner may report the start of construction and the completion acceptance. Materials are files uploaded with POST /api/projects/:id/materials; each is recorded with its SHA-256.',
        params: IdParams,
        body: ProjectStageBody,
        response: { 200: ProjectSiteView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'move_stage', 'project_site');
      await moveProjectStage(db, actor, req.params.id, req.body, deps.now());
      return projectSite(db, actor, req.params.id, clock());
    },
  );

  app.post(
    '/api/projects/:id/materials',
    {
      schema: {
        tags,
        summary: 'Upload materials for a stage step (PDF or photo) as multipart field "file" (up to 10)',
        params: IdParams,
        response: { 201: StageMaterialsUploaded, 413: ErrorBody, 415: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'upload_materials', 'project_site');
      const project = await materialsTarget(db, actor, req.params.id);
      const files = await uploadMaterials(deps, actor, project, await fileParts(req));
      reply.status(201);
      return { files: files.map(fileView) };
    },
  );

  app.post(
    '/api/projects/:id/members',
    {
      schema: {
        tags,
        summary:
          "Name a person of one of the project's parties with their position; key certificates are checked against the registry",
        params: IdParams,
        body: ProjectMemberBody,
        response: { 201: Type.Object({ id: Uuid, site: ProjectSiteView }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'add_member', 'project_site');
      const id = await addProjectMember(db, actor, req.params.id, req.body, clock());
      reply.status(201);
      return { id, site: await projectSite(db, actor, req.params.id, clock()) };
    },
  );

  app.get(
    '/api/projects/:id/member-accounts',
    {
      schema: {
        tags,
        summary:
          "The accounts of a party's enterprise a new member may be linked to (project accounts first)",
        description:
          'For the member dialog: whoever may name people of that party (an officer, or the party’s own manager) lists its enterprise’s active accounts; a member linked to a project account lets that account see the project.',
        params: IdParams,
        querystring: MemberAccountsQuery,
        response: { 200: MemberAccounts, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'add_member', 'project_site');
      return memberAccounts(db, actor, req.params.id, req.query.partyRole);
    },
  );

  app.delete(
    '/api/projects/:id/members/:memberId',
    {
      schema: {
        tags,
        summary:
          "End a person's membership of the project (audited); a project account of theirs no longer sees the project",
        params: Type.Object({ id: Uuid, memberId: Uuid }),
        response: { 200: Type.Object({ site: ProjectSiteView }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'add_member', 'project_site');
      await removeProjectMember(db, actor, req.params.id, req.params.memberId, deps.now());
      return { site: await projectSite(db, actor, req.params.id, clock()) };
    },
  );

  const RequestParams = Type.Object({ id: Uuid, requestId: Uuid });
  app.post(
    '/api/projects/:id/requests',
    {
      schema: {
        tags,
        summary: "Ask the project's survey or design party (a regulator or the constructor); audited",
        params: IdParams,
        body: ProjectRequestBody,
        response: { 201: Type.Object({ id: Uuid, site: ProjectSiteView }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'ask_party', 'project_site');
      const id = await sendRequest(db, actor, req.params.id, req.body, deps.now());
      reply.status(201);
      return { id, site: await projectSite(db, actor, req.params.id, clock()) };
    },
  );
  app.post(
    '/api/projects/:id/requests/:requestId/answer',
    {
      schema: {
        tags,
        summary: 'The survey or design party answers a request addressed to it; audited',
        params: RequestParams,
        body: ProjectRequestAnswerBody,
        response: { 200: Type.Object({ site: ProjectSiteView }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'answer_request', 'project_site');
      await answerRequest(db, actor, req.params.id, req.params.requestId, req.body, deps.now());
      return { site: await projectSite(db, actor, req.params.id, clock()) };
    },
  );
  app.post(
    '/api/projects/:id/requests/:requestId/close',
    {
      schema: {
        tags,
        summary: 'The asking side closes a request; audited',
        params: RequestParams,
        response: { 200: Type.Object({ site: ProjectSiteView }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'close_request', 'project_site');
      await closeRequest(db, actor, req.params.id, req.params.requestId, deps.now());
      return { site: await projectSite(db, actor, req.params.id, clock()) };
    },
  );

  app.get(
    '/api/portal/projects',
    {
      schema: {
        tags,
        summary:
          "A party's portal: the projects your enterprise is party to or you are named on, with what waits for you (keyset pages)",
        querystring: PortalProjectsQuery,
        response: { 200: PortalProjectsPage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'portal', 'project_site');
      const page = await portalProjects(db, actor, req.query);
      return {
        ...page,
        items: page.items.map((r) => {
          const party = (r.member_party ?? r.party) as
            'owner' | 'general_contractor' | 'supervision' | 'survey' | 'design' | null;
          return {
            id: r.id,
            name: r.name,
            regionName: r.region_name ?? '',
            stage: r.stage,
            myParty: party,
            myPositions: (r.positions ?? []) as never,
            openHazards: Number(r.open_hazards),
            awaitingMe:
              party === 'supervision'
                ? Number(r.to_confirm)
                : party === 'general_contractor'
                  ? Number(r.to_rectify)
                  : 0,
          };
        }),
      };
    },
  );
};
