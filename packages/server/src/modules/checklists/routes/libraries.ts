import {
  ChecklistLibraryInput,
  ChecklistLibraryList,
  ChecklistLibraryView,
  ChecklistVersionView,
  IdParams,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { errors, tags } from '../route-schemas.ts';
import { getLibrary, getVersion, listLibraries } from '../views.ts';
import { createLibrary } from '../create-library.ts';
import { createDraft } from '../create-draft.ts';

/** Checklist libraries: the ones you can see, one with its versions, a new library, a new draft. */
export const librariesRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/checklists',
    {
      schema: {
        tags,
        summary: 'Checklist libraries you can see, with their versions',
        response: { 200: ChecklistLibraryList, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      return { items: await listLibraries(db, actor) };
    },
  );

  app.post(
    '/api/checklists',
    {
      schema: {
        tags,
        summary:
          'Create a library (national: system administrators; local, on top of a national one: your jurisdiction) with an empty draft',
        body: ChecklistLibraryInput,
        response: { 201: ChecklistLibraryView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'checklist');
      const { libraryId } = await inTransaction(db, (trx) => createLibrary(trx, actor, req.body));
      reply.status(201);
      return getLibrary(db, actor, libraryId);
    },
  );

  app.get(
    '/api/checklists/:id',
    {
      schema: {
        tags,
        summary: 'One library with its versions',
        params: IdParams,
        response: { 200: ChecklistLibraryView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      return getLibrary(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/checklists/:id/drafts',
    {
      schema: {
        tags,
        summary: 'Start a new draft version, copied from the published one',
        params: IdParams,
        response: { 201: ChecklistVersionView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      const id = await inTransaction(db, (trx) => createDraft(trx, actor, req.params.id));
      reply.status(201);
      return getVersion(db, actor, id);
    },
  );
};
