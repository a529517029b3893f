import { Type } from '@sinclair/typebox';
import {
  ErrorBody,
  IdParams,
  InspectorCandidate,
  Page,
  PageQuery,
  SPOT_CHECK_KINDS,
  SpotCheckCommitBody,
  SpotCheckDrawBody,
  SpotCheckPlanInput,
  SpotCheckPlanSummary,
  SpotCheckPlanView,
  literals,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { createPlan } from '../create-plan.ts';
import { commitPlan } from '../commit-plan.ts';
import { drawPlan } from '../draw-plan.ts';
import { revealPlan } from '../reveal-plan.ts';
import { planDetail, planList } from '../plan-detail.ts';
import { inspectorCandidates } from '../repo.ts';

const tags = ['spot-checks'];
const errors = ERROR_RESPONSES;

/**
 * Spot-check plans (双随机、一公开): a draft with its item list, pool filters, inspector pool and
 * rules; commit (the pool frozen, the commitment published); draw (with the seed, checked against
 * the commitment); reveal (the seed published, so anyone can recompute the draw).
 */
export const planRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/api/spot-check-plans',
    {
      schema: {
        tags,
        summary: 'The spot-check plans of your jurisdiction, newest first, with done / due / overdue tasks',
        querystring: Type.Object(
          { cursor: PageQuery.cursor, pageSize: PageQuery.pageSize },
          { additionalProperties: false },
        ),
        response: { 200: Page(SpotCheckPlanSummary), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'spot_check_plan');
      return planList(db, actor, req.query, deps.today());
    },
  );

  app.get(
    '/api/spot-check-plans/inspector-candidates',
    {
      schema: {
        tags,
        summary: 'Certified officers a plan of yours may draw (cross-inspection: also of your province)',
        querystring: Type.Object({ kind: literals(SPOT_CHECK_KINDS) }, { additionalProperties: false }),
        response: { 200: Type.Array(InspectorCandidate), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'spot_check_plan');
      const rows = await inspectorCandidates(db, actor, req.query.kind);
      return rows.map((u) => ({
        id: u.id,
        name: u.display_name,
        role: u.role,
        regionCode: u.region_code,
        regionName: u.region_name,
        authorityName: u.authority_name,
        licenceNo: u.licence_no ?? '',
      }));
    },
  );

  app.post(
    '/api/spot-check-plans',
    {
      schema: {
        tags,
        summary: 'Make a spot-check plan (a draft) for your authority',
        body: SpotCheckPlanInput,
        response: { 201: SpotCheckPlanView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'spot_check_plan');
      const id = await createPlan(db, deps, actor, req.body);
      reply.status(201);
      return planDetail(db, actor, id, deps.today());
    },
  );

  app.get(
    '/api/spot-check-plans/:id',
    {
      schema: {
        tags,
        summary: 'A spot-check plan with its pool, rules, draw and tasks',
        params: IdParams,
        response: { 200: SpotCheckPlanView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'spot_check_plan');
      return planDetail(db, actor, req.params.id, deps.today());
    },
  );

  app.post(
    '/api/spot-check-plans/:id/commit',
    {
      schema: {
        tags,
        summary:
          'Commit: freeze the pool from the registry and publish it with the rules and the seed commitment',
        description: 'commitment = SHA-256 (hex) of the UTF-8 seed, which you keep secret until the draw.',
        params: IdParams,
        body: SpotCheckCommitBody,
        response: { 200: SpotCheckPlanView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'draw', 'spot_check_plan');
      await commitPlan(db, deps, actor, req.params.id, req.body.commitment);
      return planDetail(db, actor, req.params.id, deps.today());
    },
  );

  app.post(
    '/api/spot-check-plans/:id/draw',
    {
      schema: {
        tags,
        summary:
          'Run the draw with the committed seed (422 COMMITMENT_MISMATCH when it is not the one committed to)',
        params: IdParams,
        body: SpotCheckDrawBody,
        response: { 200: SpotCheckPlanView, ...errors, 422: ErrorBody },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'draw', 'spot_check_plan');
      await drawPlan(db, deps, actor, req.params.id, req.body.seed);
      return planDetail(db, actor, req.params.id, deps.today());
    },
  );

  app.post(
    '/api/spot-check-plans/:id/reveal',
    {
      schema: {
        tags,
        summary: 'Reveal the seed: the draw becomes recomputable by anyone from the published file',
        params: IdParams,
        response: { 200: SpotCheckPlanView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'draw', 'spot_check_plan');
      await revealPlan(db, deps, actor, req.params.id);
      return planDetail(db, actor, req.params.id, deps.today());
    },
  );
};
