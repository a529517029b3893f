import {
  DocumentQuery,
  DocumentSummary,
  DocumentView,
  DraftDocumentBody,
  IdParams,
  Page,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { draftDocument } from '../draft-document.ts';
import { documentView } from '../documents.ts';
import { documentSummaryOf } from '../presenters.ts';
import { listDocuments } from '../repo/documents.ts';
import { errors } from './errors.ts';

const tags = ['documents'];

/** Enforcement documents: the list, drafting one, reading one. */
export const documentRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/documents',
    {
      schema: {
        tags,
        summary: 'Enforcement documents of your jurisdiction (an enterprise: those issued to it)',
        querystring: DocumentQuery,
        response: { 200: Page(DocumentSummary), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'document');
      const page = await listDocuments(db, actor, req.query);
      return { ...page, items: page.items.map(documentSummaryOf) };
    },
  );

  app.post(
    '/api/documents',
    {
      schema: {
        tags,
        summary:
          'Draft a document from the records it concerns (hazards, an inspection, a case, the order a review follows)',
        body: DraftDocumentBody,
        response: { 201: DocumentView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const b = req.body;
      const id = await inTransaction(db, (trx) =>
        draftDocument(trx, deps, actor, {
          kind: b.kind,
          subject: { enterpriseId: b.enterpriseId, projectId: b.projectId, siteId: b.siteId },
          hazardIds: b.hazardIds,
          inspectionId: b.inspectionId,
          alarmId: b.alarmId,
          caseId: b.caseId,
          followsId: b.followsId,
          facts: b.facts,
          officerIds: b.officerIds,
        }),
      );
      reply.status(201);
      return documentView(db, deps, actor, id);
    },
  );

  app.get(
    '/api/documents/:id',
    {
      schema: {
        tags,
        summary: 'One document with its facts',
        params: IdParams,
        response: { 200: DocumentView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'document');
      return documentView(db, deps, actor, req.params.id);
    },
  );
};
