import { Type } from '@sinclair/typebox';
import { IdParams, InspectionHazard, InspectionRecord, ScoreView } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { hazardsOfInspection, loadInspection } from '../repo/inspections.ts';
import { currentRecord, currentScores } from '../views.ts';
import { hazardView } from '../presenters.ts';
import { errors, tags } from '../schemas.ts';

/** What an inspection found: its JGJ 59 score, its on-site record, its hazards. */
export const resultRoutes: RoutePlugin = async (app, deps) => {
  const db = () => deps.database.db;

  app.get(
    '/api/inspections/:id/score',
    {
      schema: {
        tags,
        summary: 'The JGJ 59 score as it stands, every figure with its explanation',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(ScoreView) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection');
      const i = await loadInspection(db(), actor, req.params.id);
      return { items: await currentScores(db(), i) };
    },
  );

  app.get(
    '/api/inspections/:id/record',
    {
      schema: {
        tags,
        summary: 'The on-site inspection record 现场检查记录 (frozen once finished)',
        params: IdParams,
        response: { 200: InspectionRecord, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection');
      return currentRecord(db(), actor, req.params.id);
    },
  );

  // Hazards found by this inspection (read-only; the hazard lifecycle lives in modules/hazards).
  app.get(
    '/api/inspections/:id/hazards',
    {
      schema: {
        tags,
        summary: 'Hazards created from this inspection',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(InspectionHazard) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection');
      const i = await loadInspection(db(), actor, req.params.id);
      return { items: (await hazardsOfInspection(db(), i.id)).map(hazardView) };
    },
  );
};
