import { Type } from '@sinclair/typebox';
import { DocumentView, IdParams, PatchDocumentBody } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { editDraft } from '../edit-draft.ts';
import { discardDraft } from '../discard-draft.ts';
import { issueDocument } from '../issue-document.ts';
import { documentView } from '../documents.ts';
import { errors } from './errors.ts';

const tags = ['documents'];

/** A draft: changing its editable facts, discarding it, issuing it. */
export const documentDraftRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.patch(
    '/api/documents/:id',
    {
      schema: {
        tags,
        summary: "Change a draft's editable facts (deadline, measures, texts); null removes your change",
        params: IdParams,
        body: PatchDocumentBody,
        response: { 200: DocumentView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await inTransaction(db, (trx) => editDraft(trx, deps, actor, req.params.id, req.body.facts));
      return documentView(db, deps, actor, req.params.id);
    },
  );

  app.delete(
    '/api/documents/:id',
    {
      schema: {
        tags,
        summary: 'Discard a draft (issued documents cannot be deleted)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      await inTransaction(db, (trx) => discardDraft(trx, actor, req.params.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/documents/:id/issue',
    {
      schema: {
        tags,
        summary:
          'Issue a draft: number it, render and store the PDF, apply it to its records, audit — all or nothing',
        params: IdParams,
        response: { 200: DocumentView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await inTransaction(db, (trx) => issueDocument(trx, deps, actor, req.params.id));
      return documentView(db, deps, actor, req.params.id);
    },
  );
};
