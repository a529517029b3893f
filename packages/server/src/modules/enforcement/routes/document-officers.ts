import { Type } from '@sinclair/typebox';
import { DocumentView, IdParams, Uuid } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { confirmOfficer, nameOfficer, removeOfficer } from '../document-officers.ts';
import { documentView } from '../documents.ts';
import { errors } from './errors.ts';

const tags = ['documents'];
const OfficerBody = Type.Object({ userId: Uuid }, { additionalProperties: false });
const OfficerParams = Type.Object({ id: Uuid, userId: Uuid });

/**
 * The officers of a draft (Administrative Penalty Law 2021 art. 42: at least two with
 * law-enforcement certificates): name a colleague, take one off, confirm your own part.
 */
export const documentOfficerRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.post(
    '/api/documents/:id/officers',
    {
      schema: {
        tags,
        summary: 'Name a law-enforcement officer of the issuing authority on a draft (they then confirm)',
        params: IdParams,
        body: OfficerBody,
        response: { 200: DocumentView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await inTransaction(db, (trx) => nameOfficer(trx, deps, actor, req.params.id, req.body.userId));
      return documentView(db, deps, actor, req.params.id);
    },
  );

  app.delete(
    '/api/documents/:id/officers/:userId',
    {
      schema: {
        tags,
        summary: 'Take an officer named on a draft off it (the drafter, or the officer themself)',
        params: OfficerParams,
        response: { 200: DocumentView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { id, userId } = req.params;
      await inTransaction(db, (trx) => removeOfficer(trx, deps, actor, id, userId));
      return documentView(db, deps, actor, id);
    },
  );

  app.post(
    '/api/documents/:id/officers/confirm',
    {
      schema: {
        tags,
        summary:
          'The logged-in officer named on a draft confirms taking part, with the law-enforcement certificate number of their account',
        params: IdParams,
        response: { 200: DocumentView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await inTransaction(db, (trx) => confirmOfficer(trx, deps, actor, req.params.id));
      return documentView(db, deps, actor, req.params.id);
    },
  );
};
