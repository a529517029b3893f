import { Type } from '@sinclair/typebox';
import { IdParams, SpotCheckTaskView, Uuid } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { tasksOf, userNames } from '../repo.ts';
import { taskView } from '../presenters.ts';
import { startTask } from '../start-task.ts';

const tags = ['spot-checks'];
const errors = ERROR_RESPONSES;

/** The drawn inspectors' tasks: "my spot-check tasks", and starting the inspection of one. */
export const taskRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/api/spot-check-tasks/mine',
    {
      schema: {
        tags,
        summary: 'The spot-check tasks drawn for you (open first, by due date)',
        response: { 200: Type.Object({ items: Type.Array(SpotCheckTaskView) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'spot_check_task');
      const rows = await tasksOf(db, actor.userId);
      const names = await userNames(db, [...new Set(rows.flatMap((t) => t.inspector_ids))]);
      return { items: rows.map((t) => taskView(t, names, deps.today())) };
    },
  );

  app.post(
    '/api/spot-check-tasks/:id/start',
    {
      schema: {
        tags,
        summary:
          'Start the inspection of a drawn task (the drawn officers as its team); again: the one already started',
        params: IdParams,
        response: {
          200: Type.Object({ inspectionId: Uuid, created: Type.Boolean() }),
          201: Type.Object({ inspectionId: Uuid, created: Type.Boolean() }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'start', 'spot_check_task');
      const r = await startTask(db, deps, actor, req.params.id);
      reply.status(r.created ? 201 : 200);
      return r;
    },
  );
};
