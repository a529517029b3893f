import type { RoutePlugin } from '../../http/context.ts';
import { workbenchRoutes } from './routes/workbench.ts';

/**
 * The home page's workbench (issue 16): one request answering what waits for the caller, by role —
 * an inspector's tasks, drafts, reviews and overdue rectifications; a duty officer's open alarms,
 * offline devices and verified alarms to hand over; an enterprise manager's hazards, alarms,
 * notices, certificates and equipment coming due; a worker's certificates and site; a leader's
 * jurisdiction figures.
 */
export const workbenchModule: RoutePlugin = async (app, deps) => {
  await workbenchRoutes(app, deps);
};
