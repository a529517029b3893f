import { EnforcementBody, EnforcementPreview, EnforcementResult, IdParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { alarmActionRefusal } from '@redline/domain';
import { authorize, can } from '../../../auth/policy.ts';
import { AppError } from '../../../errors.ts';
import { getAlarm } from '../alarms-repo.ts';
import { enforcementPreview } from '../enforcement-drafts.ts';
import { enforceAlarm } from '../enforce-alarm.ts';
import { alarmView } from '../presenters.ts';
import { alarmErrors as errors, asAppError } from './errors.ts';

const tags = ['alarms'];

/** Off-site enforcement of a verified alarm: the pre-filled documents, and issuing them. */
export const alarmEnforcementRoutes: RoutePlugin = async (app, deps) => {
  app.get(
    '/api/alarms/:id/enforcement',
    {
      schema: {
        tags,
        summary: 'The rectification order and on-site treatment decision, pre-filled from the alarm',
        params: IdParams,
        response: { 200: EnforcementPreview, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'alarm');
      return enforcementPreview(deps, actor, req.params.id);
    },
  );

  app.post(
    '/api/alarms/:id/enforcement',
    {
      schema: {
        tags,
        summary: 'Off-site enforcement: issue the pre-filled documents through the enforcement flow',
        description:
          'The alarm must be verified real. Issues each requested document (numbered, PDF) and marks the alarm dispatched to enforcement.',
        params: IdParams,
        body: EnforcementBody,
        response: { 200: EnforcementResult, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      if (!can(actor, 'enforce', 'alarm'))
        throw new AppError('FORBIDDEN', alarmActionRefusal('verified', actor.role, 'enforce')!.message);
      const documents = await asAppError(enforceAlarm(deps, actor, req.params.id, req.body));
      return { alarm: alarmView(await getAlarm(deps.database.db, actor, req.params.id), actor), documents };
    },
  );
};
