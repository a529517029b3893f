import { CorrectDocumentBody, DocumentView, IdParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { correctDocument } from '../correct-document.ts';
import { documentView } from '../documents.ts';
import { errors } from './errors.ts';

/** Correcting an issued document: a new draft that supersedes it. */
export const documentCorrectionRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.post(
    '/api/documents/:id/correct',
    {
      schema: {
        tags: ['documents'],
        summary: 'Draft a correction of an issued document: a new document that supersedes it and says so',
        params: IdParams,
        body: CorrectDocumentBody,
        response: { 201: DocumentView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const id = await correctDocument(db, deps, actor, req.params.id, req.body);
      reply.status(201);
      return documentView(db, deps, actor, id);
    },
  );
};
