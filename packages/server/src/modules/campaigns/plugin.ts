import type { RoutePlugin } from '../../http/context.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { campaignGroupRoutes } from './routes/groups.ts';

/**
 * Campaigns (issue 14): a campaign holds supervision and inspection groups at once (the groups are
 * the inspections module's, with a campaign); progress per group and per campaign from the groups'
 * inspections and hazards. Accountability actions are the accountability module.
 */
export const campaignsModule: RoutePlugin = async (app, deps) => {
  await campaignRoutes(app, deps);
  await campaignGroupRoutes(app, deps);
};
