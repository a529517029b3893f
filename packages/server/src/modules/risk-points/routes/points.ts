import {
  IdParams,
  Page,
  RiskAssessmentInput,
  RiskPoint,
  RiskPointDetail,
  RiskPointInput,
  RiskPointPatch,
  RiskPointQuery,
  RiskPointRetireBody,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { listPoints } from '../repo.ts';
import { pointDetail, pointsPage } from '../views.ts';
import { createRiskPoint } from '../create-point.ts';
import { updateRiskPoint } from '../update-point.ts';
import { retireRiskPoint } from '../retire-point.ts';
import { assessRiskPoint } from '../assess-point.ts';

const tags = ['risk-points'];
const errors = ERROR_RESPONSES;

/** Risk points (风险点): list, register, edit, retire, and assess by LEC or LS. */
export const riskPointRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/risk-points',
    {
      schema: {
        tags,
        summary:
          'Risk points you may see (by site, colour, text), each with its latest assessment and attention',
        querystring: RiskPointQuery,
        response: { 200: Page(RiskPoint), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'risk_point');
      return pointsPage(db, await listPoints(db, actor, req.query));
    },
  );

  app.post(
    '/api/risk-points',
    {
      schema: {
        tags,
        summary:
          'Register a risk point on a site: kind, location, hazard factors, control measures, checklist items',
        body: RiskPointInput,
        response: { 201: RiskPointDetail, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'manage', 'risk_point');
      const id = await createRiskPoint(db, actor, req.body);
      reply.status(201);
      return pointDetail(db, actor, id);
    },
  );

  app.get(
    '/api/risk-points/:id',
    {
      schema: {
        tags,
        summary: 'One risk point with its checklist items, every assessment (newest first) and attention',
        params: IdParams,
        response: { 200: RiskPointDetail, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'risk_point');
      return pointDetail(db, actor, req.params.id);
    },
  );

  app.patch(
    '/api/risk-points/:id',
    {
      schema: {
        tags,
        summary: 'Edit a current risk point',
        params: IdParams,
        body: RiskPointPatch,
        response: { 200: RiskPointDetail, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'manage', 'risk_point');
      await updateRiskPoint(db, actor, req.params.id, req.body);
      return pointDetail(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/risk-points/:id/retire',
    {
      schema: {
        tags,
        summary: "Retire a risk point (kept with its history); the site's colour is recomputed without it",
        params: IdParams,
        body: RiskPointRetireBody,
        response: { 200: RiskPointDetail, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'manage', 'risk_point');
      await retireRiskPoint(db, actor, req.params.id, req.body.reason, deps.now());
      return pointDetail(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/risk-points/:id/assessments',
    {
      schema: {
        tags,
        summary:
          "Assess a risk point by LEC (D = L × E × C) or LS (R = L × S) with the band set in force for its site; the site's colour follows",
        params: IdParams,
        body: RiskAssessmentInput,
        response: { 201: RiskPointDetail, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'assess', 'risk_point');
      await assessRiskPoint(db, actor, req.params.id, req.body, { now: deps.now(), today: deps.today() });
      reply.status(201);
      return pointDetail(db, actor, req.params.id);
    },
  );
};
