import type { RoutePlugin } from '../../http/context.ts';
import { webhooksRoutes } from './routes/webhooks.ts';

/** Outbound webhooks of jurisdictions: configured here, fed by other modules through queue.ts. */
export const webhooksModule: RoutePlugin = async (app, deps) => {
  await webhooksRoutes(app, deps);
};
