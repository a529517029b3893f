import type { RoutePlugin } from '../../http/context.ts';
import { pointsRoutes } from './routes/points.ts';

/**
 * The points exchange (issue 18): rules as data per enterprise or project, an append-only ledger with
 * balances kept under a row lock (never negative), a catalogue per site, redemptions handed over by the
 * keeper, leaderboards per site and month. Reports earn points through `award.ts`.
 */
export const pointsModule: RoutePlugin = async (app, deps) => {
  await pointsRoutes(app, deps);
};
