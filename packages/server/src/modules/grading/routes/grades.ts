import { Type } from '@sinclair/typebox';
import {
  GradeBadge,
  GradeBadgesQuery,
  GradeListItem,
  GradeListQuery,
  GradeOverrideBody,
  GradeTargetParams,
  GradeView,
  GradingModelView,
  ModelAwardBody,
  Page,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { activeModel, gradeBadges, listGrades } from '../repo.ts';
import { gradeView } from '../grade-view.ts';
import { listItemView, modelView } from '../presenters.ts';
import { overrideGrade, revokeGradeOverride } from '../override-grade.ts';
import { recomputeGrade } from '../recompute-grade.ts';
import { addModelAward } from '../add-award.ts';

const tags = ['grading'];
const errors = ERROR_RESPONSES;

/**
 * A/B/C grades of enterprises and projects (issue 14): the page that says why, the jurisdiction's
 * list, badges for the registry lists, a regulator's override, model awards.
 */
export const gradeRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/grades',
    {
      schema: {
        tags,
        summary:
          'Graded enterprises and projects of your jurisdiction (filter by kind and grade; keyset paged)',
        querystring: GradeListQuery,
        response: { 200: Page(GradeListItem), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'grade');
      const page = await listGrades(db, actor, req.query);
      return { ...page, items: page.items.map(listItemView) };
    },
  );

  app.get(
    '/api/grades/badges',
    {
      schema: {
        tags,
        summary:
          'Grade and joint-punishment flag of up to 200 enterprises or projects (a registry list page)',
        querystring: GradeBadgesQuery,
        response: { 200: Type.Array(GradeBadge), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'grade');
      const ids = [...new Set(req.query.ids.split(',').map((s) => s.toLowerCase()))];
      const rows = await gradeBadges(db, actor, req.query.kind, ids);
      return rows.map((r) => ({
        targetId: r.id,
        grade: r.grade ?? null,
        overridden: r.overridden,
        jointPunishment: r.joint,
      }));
    },
  );

  app.get(
    '/api/grading/model',
    {
      schema: {
        tags,
        summary:
          'The grading model in force: facts, weights, caps, thresholds, window, frequencies by grade, notes',
        response: { 200: GradingModelView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'grade');
      const { model, rationale } = await activeModel(db);
      return modelView(model, rationale);
    },
  );

  app.get(
    '/api/grades/:kind/:id',
    {
      schema: {
        tags,
        summary:
          'The grade of an enterprise or project and why: facts with their records, weights, total, thresholds, model version, history, overrides',
        params: GradeTargetParams,
        response: { 200: GradeView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'grade');
      return gradeView(db, deps, actor, req.params.kind, req.params.id);
    },
  );

  app.post(
    '/api/grades/:kind/:id/recompute',
    {
      schema: {
        tags,
        summary: 'Compute the grade now from the current facts (a new computation in the history)',
        params: GradeTargetParams,
        response: { 200: GradeView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'recompute', 'grade');
      await recomputeGrade(db, deps, actor, req.params.kind, req.params.id);
      return gradeView(db, deps, actor, req.params.kind, req.params.id);
    },
  );

  app.post(
    '/api/grades/:kind/:id/override',
    {
      schema: {
        tags,
        summary:
          'Override the grade (leaders): a grade, a reason and an expiry date; audited, shown on the grade page, ends by itself',
        params: GradeTargetParams,
        body: GradeOverrideBody,
        response: { 201: GradeView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'override', 'grade');
      await overrideGrade(db, deps, actor, req.params.kind, req.params.id, req.body);
      reply.status(201);
      return gradeView(db, deps, actor, req.params.kind, req.params.id);
    },
  );

  app.delete(
    '/api/grades/:kind/:id/override',
    {
      schema: {
        tags,
        summary: 'End the override in force (the computed grade applies again); audited',
        params: GradeTargetParams,
        response: { 200: GradeView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'override', 'grade');
      await revokeGradeOverride(db, deps, actor, req.params.kind, req.params.id);
      return gradeView(db, deps, actor, req.params.kind, req.params.id);
    },
  );

  app.post(
    '/api/grades/:kind/:id/awards',
    {
      schema: {
        tags,
        summary: 'Record a model-project award (regrades at once; for a project the fee uplift is recorded)',
        params: GradeTargetParams,
        body: ModelAwardBody,
        response: { 201: GradeView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'award', 'grade');
      await addModelAward(db, deps, actor, req.params.kind, req.params.id, req.body);
      reply.status(201);
      return gradeView(db, deps, actor, req.params.kind, req.params.id);
    },
  );
};
