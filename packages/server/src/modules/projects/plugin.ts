import type { RoutePlugin } from '../../http/context.ts';
import { projectSiteRoutes } from './routes/site.ts';

/**
 * Projects (issue 17 part 1): the life cycle (stage steps with their materials, audited), the
 * parties' people with certificate checks, the project page with its devices and records, and the
 * parties' portal. `projectMembership` (membership.ts) is what other modules may import.
 */
export const projectsModule: RoutePlugin = async (app, deps) => {
  await projectSiteRoutes(app, deps);
};
