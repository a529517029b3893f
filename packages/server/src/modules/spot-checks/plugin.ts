import type { RoutePlugin } from '../../http/context.ts';
import { planRoutes } from './routes/plans.ts';
import { taskRoutes } from './routes/tasks.ts';
import { conflictRoutes } from './routes/conflicts.ts';
import { publicRoutes } from './routes/public.ts';

/** Spot-check plans and verifiable double-random draws, their tasks, declared conflicts, public notices (issue 14). */
export const spotChecksModule: RoutePlugin = async (app, deps) => {
  await planRoutes(app, deps);
  await taskRoutes(app, deps);
  await conflictRoutes(app, deps);
  await publicRoutes(app, deps);
};
