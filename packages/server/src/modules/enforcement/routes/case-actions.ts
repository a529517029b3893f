import { CaseEvidenceBody, CaseView, CloseCaseBody, IdParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { addCaseEvidence } from '../add-case-evidence.ts';
import { closeCase } from '../close-case.ts';
import { caseView } from '../cases.ts';
import { errors } from './errors.ts';

const tags = ['cases'];

/** What is done to an open case: evidence attached, closing it. */
export const caseActionRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.post(
    '/api/cases/:id/evidence',
    {
      schema: {
        tags,
        summary: 'Attach stored files (photos, records) to a case as evidence',
        params: IdParams,
        body: CaseEvidenceBody,
        response: { 200: CaseView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await inTransaction(db, (trx) => addCaseEvidence(trx, deps, actor, req.params.id, req.body.fileIds));
      return caseView(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/cases/:id/close',
    {
      schema: {
        tags,
        summary: 'Close a case with a note',
        params: IdParams,
        body: CloseCaseBody,
        response: { 200: CaseView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await inTransaction(db, (trx) => closeCase(trx, actor, req.params.id, req.body.note));
      return caseView(db, actor, req.params.id);
    },
  );
};
