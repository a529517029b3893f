import {
  AwardApplyBody,
  AwardDecisionBody,
  AwardEvaluationBody,
  AwardListQuery,
  AwardPage,
  AwardSettlementBody,
  AwardView,
  IdParams,
  PublicAwardList,
  PublicAwardQuery,
} from '@redline/contracts';
import type { FastifyRequest } from 'fastify';
import { actorOf, type RoutePlugin } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../http/error-responses.ts';
import { iso } from '../../db/paging.ts';
import { listAwards, loadAward, publicAwards } from './repo.ts';
import { awardView } from './presenters.ts';
import { applyForAward, decideAward, evaluateAward, settleAward } from './awards.ts';

const tags = ['model-projects'];
const errors = ERROR_RESPONSES;

/** Model / award projects: applications, evaluation, decision, settlement uplift, the public list. */
export const modelProjectRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;
  const clock = { now: deps.now, today: deps.today };
  const detail = async (req: FastifyRequest, id: string) => awardView(await loadAward(db, actorOf(req), id));

  app.get(
    '/api/model-projects',
    {
      schema: {
        tags,
        summary: 'Model-project applications and awards of your jurisdiction or your projects (keyset pages)',
        querystring: AwardListQuery,
        response: { 200: AwardPage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'model_project_award');
      const page = await listAwards(db, actor, req.query);
      return { ...page, items: page.items.map(awardView) };
    },
  );
  app.post(
    '/api/model-projects',
    {
      schema: {
        tags,
        summary: 'Apply for a model-project award (草原杯, safety-standardisation demonstration)',
        body: AwardApplyBody,
        response: { 201: AwardView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'model_project_award');
      const id = await applyForAward(db, actor, req.body, clock);
      reply.status(201);
      return detail(req, id);
    },
  );
  app.get(
    '/api/model-projects/:id',
    {
      schema: {
        tags,
        summary: 'One application: scores, decision, settlement',
        params: IdParams,
        response: { 200: AwardView, ...errors },
      },
    },
    async (req) => {
      authorize(actorOf(req), 'read', 'model_project_award');
      return detail(req, req.params.id);
    },
  );
  app.post(
    '/api/model-projects/:id/evaluation',
    {
      schema: {
        tags,
        summary: 'Record the evaluation: a score per criterion (not above its maximum)',
        params: IdParams,
        body: AwardEvaluationBody,
        response: { 200: AwardView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'evaluate', 'model_project_award');
      await evaluateAward(db, actor, req.params.id, req.body, clock);
      return detail(req, req.params.id);
    },
  );
  app.post(
    '/api/model-projects/:id/decision',
    {
      schema: {
        tags,
        summary:
          'Decide: award (fee uplift, default 20 % of the original rate; counts in grading) or decline',
        params: IdParams,
        body: AwardDecisionBody,
        response: { 200: AwardView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'decide', 'model_project_award');
      await decideAward(db, actor, req.params.id, req.body, clock);
      return detail(req, req.params.id);
    },
  );
  app.post(
    '/api/model-projects/:id/settlement',
    {
      schema: {
        tags,
        summary:
          'Record the settlement: the original safety and civilised construction fee; the uplift is computed (rounded down to the fen)',
        params: IdParams,
        body: AwardSettlementBody,
        response: { 200: AwardView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'settle', 'model_project_award');
      await settleAward(db, actor, req.params.id, req.body, clock);
      return detail(req, req.params.id);
    },
  );
  app.get(
    '/api/public/model-projects',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'The public list of awarded model projects (no login): project, place, scheme, year, score',
        querystring: PublicAwardQuery,
        response: { 200: PublicAwardList },
      },
    },
    async (req) => ({
      items: (await publicAwards(db, req.query.year)).map((r) => ({
        projectName: r.project_name,
        regionName: r.region_name ?? null,
        scheme: r.scheme,
        year: r.year,
        totalScore: r.total_score === null ? null : Number(r.total_score).toFixed(2),
        decidedAt: r.decided_at ? iso(r.decided_at) : null,
      })),
    }),
  );
};
