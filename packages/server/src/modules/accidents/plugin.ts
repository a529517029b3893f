import type { RoutePlugin } from '../../http/context.ts';
import { accidentRoutes } from './routes/accidents.ts';
import { accidentStatsRoutes } from './routes/stats.ts';

/**
 * Accident reports (issue 15): report with the grade computed by the domain (Order No. 493),
 * reporting deadlines per level, casualty updates as versions, statistics with year-on-year change
 * and their Excel export. `accidentFigures` (repo.ts) is the figure other modules may read.
 */
export const accidentsModule: RoutePlugin = async (app, deps) => {
  await accidentStatsRoutes(app, deps);
  await accidentRoutes(app, deps);
};
