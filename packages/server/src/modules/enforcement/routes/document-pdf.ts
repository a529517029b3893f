import { Type } from '@sinclair/typebox';
import { ErrorBody, IdParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { documentPdf } from '../documents.ts';

/** A document's PDF: the stored file once issued, a watermarked preview while a draft. */
export const documentPdfRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/documents/:id/pdf',
    {
      schema: {
        tags: ['documents'],
        summary:
          'The PDF: the stored file of an issued document, or a watermarked unnumbered preview of a draft',
        params: IdParams,
        querystring: Type.Object(
          { download: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'document');
      const { pdf, filename, issued } = await documentPdf(db, deps, actor, req.params.id);
      reply.header('content-type', 'application/pdf');
      reply.header('cache-control', issued ? 'private, max-age=3600' : 'no-store');
      reply.header(
        'content-disposition',
        `${req.query.download ? 'attachment' : 'inline'}; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      );
      return reply.send(pdf as never);
    },
  );
};
