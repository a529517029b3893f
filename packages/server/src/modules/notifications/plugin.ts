import type { RoutePlugin } from '../../http/context.ts';
import { notificationsRoutes } from './routes/notifications.ts';

/** People's notices: read by the web header; written by other modules through notify.ts. */
export const notificationsModule: RoutePlugin = async (app, deps) => {
  await notificationsRoutes(app, deps);
};
