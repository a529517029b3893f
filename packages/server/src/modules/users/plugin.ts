import type { RoutePlugin } from '../../http/context.ts';
import { userRoutes } from './routes/users.ts';

/** User administration: the accounts of an administrator's jurisdiction. */
export const usersModule: RoutePlugin = async (app, deps) => {
  await userRoutes(app, deps);
};
