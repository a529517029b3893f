import { ErrorBody, SupervisionFile, SupervisionParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { supervisionFile, supervisionFilePdf } from '../supervision-file.ts';
import { errors } from './errors.ts';

const tags = ['supervision-file'];

/** The supervision file of an enterprise or project: its timeline, and the same as a PDF dossier. */
export const supervisionFileRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/supervision-file/:subject/:id',
    {
      schema: {
        tags,
        summary: 'Everything that happened to an enterprise or project, as one timeline',
        params: SupervisionParams,
        response: { 200: SupervisionFile, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'supervision_file');
      return supervisionFile(db, actor, req.params.subject, req.params.id);
    },
  );

  app.get(
    '/api/supervision-file/:subject/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The supervision file as one PDF dossier',
        params: SupervisionParams,
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'supervision_file');
      const { pdf, filename } = await supervisionFilePdf(db, deps, actor, req.params.subject, req.params.id);
      reply.header('content-type', 'application/pdf').header('cache-control', 'no-store');
      reply.header(
        'content-disposition',
        `attachment; filename="dossier.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      );
      return reply.send(pdf as never);
    },
  );
};
