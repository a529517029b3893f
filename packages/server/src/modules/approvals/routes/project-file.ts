import { ErrorBody, IdParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { projectFilePdf, projectFileXlsx } from '../project-file.ts';

const tags = ['supervision-file'];
const disposition = (ext: string, filename: string) =>
  `attachment; filename="project-file.${ext}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/** The project's supervision file from approval to completion: a PDF, and its records as Excel. */
export const projectFileRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;
  app.get(
    '/api/projects/:id/file.pdf',
    {
      schema: {
        tags,
        operationId: 'getProjectFilePdf',
        summary:
          'The project’s supervision file as one PDF: approvals with bound opinions, inspections with scores, hazards and rectification, documents, alarms, accidents, accountability, awards — each entry with its audit record',
        params: IdParams,
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'project_file');
      const { pdf, filename } = await projectFilePdf(db, deps, actor, req.params.id);
      reply.header('content-type', 'application/pdf').header('cache-control', 'no-store');
      reply.header('content-disposition', disposition('pdf', filename));
      return reply.send(pdf as never);
    },
  );
  app.get(
    '/api/projects/:id/file.xlsx',
    {
      schema: {
        tags,
        operationId: 'getProjectFileXlsx',
        summary:
          'The records of the project’s supervision file as Excel, each with its audit chain, sequence and hash',
        params: IdParams,
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'export', 'project_file');
      const { xlsx, filename } = await projectFileXlsx(db, deps, actor, req.params.id);
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('cache-control', 'no-store');
      reply.header('content-disposition', disposition('xlsx', filename));
      return reply.send(xlsx as never);
    },
  );
};
