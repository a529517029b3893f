import { Workbench } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { buildWorkbench } from '../build-workbench.ts';

const tags = ['workbench'];

/** GET /api/workbench: the caller's home page in one request. */
export const workbenchRoutes: RoutePlugin = async (app, deps) => {
  app.get(
    '/api/workbench',
    {
      schema: {
        tags,
        summary:
          "The caller's workbench: what waits for them, by role, each with the list where it is handled",
        description:
          'Sections by role — inspector: tasks_today (open spot-check tasks drawn for you), group_tasks, drafts (your unfinished inspections), reviews_due (hazards submitted for review), overdue_to_check; duty_officer: open_alarms (with counts by severity), devices_offline, handoffs_waiting (verified alarms not yet dispatched or closed); enterprise_manager: my_hazards (open, by deadline; overdue count), site_alarms, unread_notifications, certificates_due, equipment_due; worker: my_certificates, my_site; leader and admin: `dashboard` (this month, the figures of GET /api/dashboard). Every count is the total of the list its link opens (scoped the same way, from the same indexed queries or rollups), capped at 1,000 ("capped").',
        response: { 200: Workbench, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'workbench');
      return buildWorkbench(deps, actor);
    },
  );
};
