import {
  ExpertAccountBody,
  ExpertBody,
  ExpertListQuery,
  ExpertPage,
  ExpertView,
  IdParams,
} from '@redline/contracts';
import { createExpertAccount } from '../expert-account.ts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { regionWithin } from '../../../auth/scope.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { validation } from '../../../errors.ts';
import { appendAudit } from '../../../audit/chain.ts';
import { insertExpert, listExperts } from '../repo.ts';
import { expertView } from '../presenters.ts';

const tags = ['approvals'];
const errors = ERROR_RESPONSES;

/** The expert register (专家库) whose members sit on argumentation panels. */
export const expertRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;
  app.get(
    '/api/experts',
    {
      schema: {
        tags,
        summary: 'Experts of the registers of your jurisdiction and above it, by name (keyset pages)',
        querystring: ExpertListQuery,
        response: { 200: ExpertPage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'expert');
      const page = await listExperts(db, actor, req.query);
      return { ...page, items: page.items.map(expertView) };
    },
  );
  app.post(
    '/api/experts',
    {
      schema: {
        tags,
        summary: 'Add an expert to a register of your jurisdiction',
        body: ExpertBody,
        response: { 201: ExpertView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'expert');
      if (!regionWithin(actor, req.body.regionCode))
        throw validation('regionCode', 'The register must lie in your jurisdiction');
      const now = deps.now();
      const x = await inTransaction(db, async (trx) => {
        const row = await insertExpert(trx, {
          name: req.body.name.trim(),
          specialty: req.body.specialty ?? '',
          title: req.body.title ?? '',
          employer: req.body.employer ?? '',
          region_code: req.body.regionCode,
          register_no: req.body.registerNo.trim(),
          created_at: now,
        });
        await appendAudit(trx, {
          actor,
          action: 'expert.register',
          subjectType: 'expert',
          subjectId: row.id,
          regionCode: row.region_code,
          after: req.body,
          at: now,
        });
        return row;
      });
      reply.status(201);
      return expertView(x);
    },
  );
  app.post(
    '/api/experts/:id/account',
    {
      schema: {
        tags,
        summary: 'Give an expert of the register their own login (sees only the approvals of their panels)',
        description:
          'A narrow account linked to the expert: it reads the approvals whose expert panel it sits on and signs its own opinion there, nothing else. The password must be changed at first login. 409 CONFLICT when the expert already has an account or the user name is taken.',
        params: IdParams,
        body: ExpertAccountBody,
        response: { 201: ExpertView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'expert');
      const x = await createExpertAccount(db, actor, req.params.id, req.body, deps.now());
      reply.status(201);
      return expertView(x);
    },
  );
};
