import type { RoutePlugin } from '../../http/context.ts';
import { riskPointRoutes } from './routes/points.ts';
import { riskBandRoutes } from './routes/bands.ts';
import { riskMapRoutes } from './routes/map.ts';

/**
 * Risk points and colours (double prevention, issue 14): risk points of a site with their LEC / LS
 * assessments, the versioned band sets, the site's computed colour (site-colour.ts, in the
 * transaction of every assessment and retirement) and the four-colour risk map with its poster.
 */
export const riskPointsModule: RoutePlugin = async (app, deps) => {
  await riskPointRoutes(app, deps);
  await riskBandRoutes(app, deps);
  await riskMapRoutes(app, deps);
};
