import type { RoutePlugin } from '../../http/context.ts';
import { gradeRoutes } from './routes/grades.ts';

/** A/B/C grading of enterprises and projects (issue 14). */
export const gradingModule: RoutePlugin = async (app, deps) => {
  await gradeRoutes(app, deps);
};
