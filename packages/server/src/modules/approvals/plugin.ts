import type { RoutePlugin } from '../../http/context.ts';
import { approvalRoutes } from './routes/approvals.ts';
import { expertRoutes } from './routes/experts.ts';
import { publicMaterialRoutes } from './routes/public.ts';
import { projectFileRoutes } from './routes/project-file.ts';

/**
 * Approvals with bound opinions (issue 17 part 2): workflows as data (the domain's
 * approval-workflows.ts), materials stored under their SHA-256, opinions bound to the hash of the set
 * they judged and immutable once signed (a trigger), the expert register, the project's public
 * materials page, and the project's supervision file (PDF and Excel) with audit references.
 */
export const approvalsModule: RoutePlugin = async (app, deps) => {
  await approvalRoutes(app, deps);
  await expertRoutes(app, deps);
  await publicMaterialRoutes(app, deps);
  await projectFileRoutes(app, deps);
};
