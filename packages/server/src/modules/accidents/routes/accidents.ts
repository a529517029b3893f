import {
  AccidentBody,
  AccidentPage,
  AccidentReportedBody,
  AccidentUpdateBody,
  AccidentView,
  IdParams,
  AccidentListQuery,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { accidentWithNames, listAccidents, versionsOf } from '../repo.ts';
import { accidentListItem, accidentView } from '../presenters.ts';
import { reportAccident } from '../report-accident.ts';
import { updateCasualties } from '../update-casualties.ts';
import { recordReported } from '../record-reported.ts';
import { checkDates } from '../statistics.ts';

const tags = ['accidents'];
const errors = ERROR_RESPONSES;

/** Accident reports: the list, a report, its detail, casualty updates (versions) and reporting times. */
export const accidentRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;
  const clock = { now: deps.now, today: deps.today, timeZone: deps.config.TIME_ZONE };
  const detail = async (req: Parameters<typeof actorOf>[0], id: string) => {
    const actor = actorOf(req);
    const row = await accidentWithNames(db, actor, id);
    return accidentView(row, await versionsOf(db, id), deps.now(), deps.today());
  };

  app.get(
    '/api/accidents',
    {
      schema: {
        tags,
        summary: 'Accident reports of your jurisdiction, newest first (keyset pages)',
        querystring: AccidentListQuery,
        response: { 200: AccidentPage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'accident');
      checkDates(req.query);
      const page = await listAccidents(db, actor, req.query);
      return { ...page, items: page.items.map(accidentListItem) };
    },
  );

  app.post(
    '/api/accidents',
    {
      schema: {
        tags,
        summary: 'Report an accident; its grade is computed from deaths, serious injuries and direct loss',
        description:
          'The grade follows State Council Order No. 493 art. 3 (the highest grade any measure reaches; lower bounds inclusive). The place must lie in your jurisdiction; an enterprise manager reports for their own enterprise.',
        body: AccidentBody,
        response: { 201: AccidentView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'accident');
      const id = await reportAccident(db, actor, req.body, clock);
      reply.status(201);
      return detail(req, id);
    },
  );

  app.get(
    '/api/accidents/:id',
    {
      schema: {
        tags,
        summary: 'One accident: grade and its reason, reporting deadlines met or missed, every version',
        params: IdParams,
        response: { 200: AccidentView, ...errors },
      },
    },
    async (req) => {
      authorize(actorOf(req), 'read', 'accident');
      return detail(req, req.params.id);
    },
  );

  app.post(
    '/api/accidents/:id/versions',
    {
      schema: {
        tags,
        summary: 'Update the casualties and loss (a new version; the grade is computed again)',
        description:
          'Accepted within 30 days of the day of the accident, 7 for road traffic and fire (Order No. 493 art. 13); afterwards 409 ACCIDENT_UPDATE_WINDOW_CLOSED.',
        params: IdParams,
        body: AccidentUpdateBody,
        response: { 200: AccidentView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'accident');
      await updateCasualties(db, actor, req.params.id, req.body, clock);
      return detail(req, req.params.id);
    },
  );

  app.post(
    '/api/accidents/:id/reported',
    {
      schema: {
        tags,
        summary: 'Record when a level (county, city, province, national) was reported to',
        params: IdParams,
        body: AccidentReportedBody,
        response: { 200: AccidentView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'accident');
      await recordReported(db, actor, req.params.id, req.body.level, req.body.at, clock);
      return detail(req, req.params.id);
    },
  );
};
