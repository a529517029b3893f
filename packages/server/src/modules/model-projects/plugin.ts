import type { RoutePlugin } from '../../http/context.ts';
import { modelProjectRoutes } from './routes.ts';

/** Model / award projects (issue 17 part 2): application, evaluation, decision, fee uplift at settlement, public list. */
export const modelProjectsModule: RoutePlugin = async (app, deps) => {
  await modelProjectRoutes(app, deps);
};
