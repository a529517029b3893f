import type { RoutePlugin } from '../../http/context.ts';
import { sessionRoutes } from './routes/session.ts';
import { passwordRoutes } from './routes/password.ts';
import { tokenRoutes } from './routes/tokens.ts';

/** The caller's own account: log in and out, who am I, my password, my API tokens. */
export const accountModule: RoutePlugin = async (app, deps) => {
  await sessionRoutes(app, deps);
  await passwordRoutes(app, deps);
  await tokenRoutes(app, deps);
};
