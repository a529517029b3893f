import {
  CreditRecordBody,
  CreditRecordView,
  CreditRemovalBody,
  EnterpriseCredit,
  IdParams,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize, can } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { notFound } from '../../../errors.ts';
import { creditRecordsOf, eventsOf, loadCreditRecord, visibleEnterprise } from '../repo.ts';
import { creditRecordView } from '../presenters.ts';
import { listEnterprise } from '../list-enterprise.ts';
import { removeListing } from '../remove-listing.ts';

const tags = ['credit'];
const errors = ERROR_RESPONSES;

/** Credit records of enterprises (serious untrustworthy list, MEM Order 11) and the joint-punishment flag. */
export const creditRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/enterprises/:id/credit',
    {
      schema: {
        tags,
        summary:
          'Credit records of an enterprise with their history, and whether joint punishment applies now',
        params: IdParams,
        response: { 200: EnterpriseCredit, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'credit_record');
      const e = await visibleEnterprise(db, actor, req.params.id);
      if (!e) throw notFound('Enterprise');
      const rows = await creditRecordsOf(db, e.id);
      const events = await eventsOf(
        db,
        rows.map((r) => r.id),
      );
      const today = deps.today();
      const records = rows.map((r) => creditRecordView(r, events, today));
      return {
        enterpriseId: e.id,
        jointPunishment: records.some((r) => r.inForce),
        records,
        canList: can(actor, 'create', 'credit_record'),
      };
    },
  );

  app.post(
    '/api/credit-records',
    {
      schema: {
        tags,
        summary:
          'List an enterprise as seriously untrustworthy (3 years; credit repair from 12 months); audited',
        body: CreditRecordBody,
        response: { 201: CreditRecordView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'credit_record');
      const id = await listEnterprise(db, deps, actor, req.body);
      const row = (await loadCreditRecord(db, actor, id))!;
      reply.status(201);
      return creditRecordView(row, await eventsOf(db, [id]), deps.today());
    },
  );

  app.post(
    '/api/credit-records/:id/removal',
    {
      schema: {
        tags,
        summary:
          'Remove a listing early after credit repair (from 12 months after its start; earlier answers 409 naming the date)',
        params: IdParams,
        body: CreditRemovalBody,
        response: { 200: CreditRecordView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'credit_record');
      await removeListing(db, deps, actor, req.params.id, req.body);
      const row = (await loadCreditRecord(db, actor, req.params.id))!;
      return creditRecordView(row, await eventsOf(db, [row.id]), deps.today());
    },
  );
};
