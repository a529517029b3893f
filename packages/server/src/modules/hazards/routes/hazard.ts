import { HazardActionBody, HazardDetail, IdParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { hazardDetail } from '../hazard-detail.ts';
import { applyHazardAction } from '../apply-action.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

const tags = ['hazards'];
const errors = ERROR_RESPONSES;

/** One hazard: its detail with its lifecycle, and the actions of the domain state machine. */
export const hazardRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/hazards/:id',
    {
      schema: {
        tags,
        summary:
          'One hazard with its state, the actions you may take, evidence (with EXIF checks), events and documents',
        params: IdParams,
        response: { 200: HazardDetail, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'hazard');
      return hazardDetail(db, actor, req.params.id, deps.now());
    },
  );

  app.post(
    '/api/hazards/:id/actions',
    {
      schema: {
        tags,
        summary:
          'Take a lifecycle action: confirm, reject, rectify on the spot, order rectification, submit a plan, list for supervision, start, submit evidence, review, close out, request or decide an extension',
        params: IdParams,
        body: HazardActionBody,
        response: { 200: HazardDetail, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'act', 'hazard');
      await applyHazardAction(db, deps, actor, req.params.id, req.body);
      return hazardDetail(db, actor, req.params.id, deps.now());
    },
  );
};
