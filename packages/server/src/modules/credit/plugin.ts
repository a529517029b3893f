import type { RoutePlugin } from '../../http/context.ts';
import { creditRoutes } from './routes/credit.ts';

/** Credit supervision: the serious untrustworthy list per enterprise (issue 14, DOMAIN §10). */
export const creditModule: RoutePlugin = async (app, deps) => {
  await creditRoutes(app, deps);
};
