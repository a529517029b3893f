import { CaseQuery, CaseSummary, CaseView, IdParams, OpenCaseBody, Page } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { openCase } from '../open-case.ts';
import { caseView } from '../cases.ts';
import { caseSummaryOf } from '../presenters.ts';
import { listCases } from '../repo/cases.ts';
import { errors } from './errors.ts';

const tags = ['cases'];

/** Enforcement cases: the list, opening one, reading one. */
export const caseRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/cases',
    {
      schema: {
        tags,
        summary: 'Enforcement cases of your jurisdiction',
        querystring: CaseQuery,
        response: { 200: Page(CaseSummary), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'case');
      const page = await listCases(db, actor, req.query);
      return { ...page, items: page.items.map(caseSummaryOf) };
    },
  );

  app.post(
    '/api/cases',
    {
      schema: {
        tags,
        summary: 'Open a case (numbered per authority and year)',
        body: OpenCaseBody,
        response: { 201: CaseView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const id = await inTransaction(db, (trx) => openCase(trx, deps, actor, req.body));
      reply.status(201);
      return caseView(db, actor, id);
    },
  );

  app.get(
    '/api/cases/:id',
    {
      schema: {
        tags,
        summary: 'One case with its documents and timeline',
        params: IdParams,
        response: { 200: CaseView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'case');
      return caseView(db, actor, req.params.id);
    },
  );
};
