import type { RoutePlugin } from '../../http/context.ts';
import { accountabilityRoutes } from './routes/actions.ts';

/**
 * Accountability actions (问责, issue 14): notification, warning, interview, proposal for
 * accountability on an authority, an enterprise or a responsible person, linked to the hazards that
 * caused them (and the campaign group that found them), with a deadline and follow-ups; shown on
 * the enterprise's supervision file (web) through the list's enterpriseId filter.
 */
export const accountabilityModule: RoutePlugin = async (app, deps) => {
  await accountabilityRoutes(app, deps);
};
