import { Alarm, AlarmActionBody, DispatchBody, HandOverBody, IdParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { getAlarm } from '../alarms-repo.ts';
import { actOnAlarm } from '../act-on-alarm.ts';
import { dispatchAlarm } from '../dispatch-alarm.ts';
import { handOverAlarm } from '../hand-over-alarm.ts';
import { alarmView } from '../presenters.ts';
import { alarmErrors as errors, asAppError } from './errors.ts';

const tags = ['alarms'];

/** An alarm's lifecycle: acknowledge, verify, escalate, close; dispatch a verified one, or hand it over to officers. */
export const alarmActionsRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  app.post(
    '/api/alarms/:id/actions',
    {
      schema: {
        tags,
        summary: 'Acknowledge, verify (real / false positive), escalate or close an alarm',
        description:
          'verify_real and mark_false_positive also acknowledge a new alarm (one click). 409 ILLEGAL_TRANSITION names the statuses the action is allowed from.',
        params: IdParams,
        body: AlarmActionBody,
        response: { 200: Alarm, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await asAppError(actOnAlarm(deps, actor, req.params.id, req.body.action, req.body.note ?? ''));
      return alarmView(await getAlarm(db, actor, req.params.id), actor);
    },
  );

  app.post(
    '/api/alarms/:id/dispatch',
    {
      schema: {
        tags,
        summary: 'Turn a verified alarm into a hazard or an inspection',
        params: IdParams,
        body: DispatchBody,
        response: { 200: Alarm, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'dispatch', 'alarm');
      await asAppError(dispatchAlarm(deps, actor, req.params.id, req.body.kind, req.body.note ?? ''));
      return alarmView(await getAlarm(db, actor, req.params.id), actor);
    },
  );

  app.post(
    '/api/alarms/:id/hand-over',
    {
      schema: {
        tags,
        summary:
          'Hand a verified alarm over to law-enforcement officers (the duty officer’s path to documents)',
        description:
          'A duty officer issues no enforcement documents: they hand the verified alarm to an officer of their authority (or to its leaders and inspectors), who is notified and issues them. The alarm stays verified.',
        params: IdParams,
        body: HandOverBody,
        response: { 200: Alarm, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await asAppError(handOverAlarm(deps, actor, req.params.id, req.body));
      return alarmView(await getAlarm(db, actor, req.params.id), actor);
    },
  );
};
