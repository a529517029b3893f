import { isRegulator } from '../../auth/actor.ts';
import type { App, Deps, RoutePlugin } from '../../http/context.ts';
import { loadCrossGrants } from './repo/access.ts';
import { inspectionRoutes } from './routes/inspections.ts';
import { proposalRoutes } from './routes/proposal.ts';
import { groupRoutes } from './routes/groups.ts';
import { resultRoutes } from './routes/results.ts';
import { findingRoutes } from './routes/findings.ts';
import { photoRoutes } from './routes/photos.ts';
import { signatureRoutes } from './routes/signatures.ts';
import { lifecycleRoutes } from './routes/lifecycle.ts';
import { participantRoutes } from './routes/participants.ts';

/**
 * The inspections module: inspections of six kinds, proposal of items, field capture with photos,
 * JGJ 59 scoring, signatures, finish → hazards, groups with task books, cross-inspection grants.
 */
export const inspectionsModule: RoutePlugin = async (app, deps) => {
  installCrossGrants(app, deps);
  await inspectionRoutes(app, deps);
  await proposalRoutes(app, deps);
  await groupRoutes(app, deps);
  await resultRoutes(app, deps);
  await findingRoutes(app, deps);
  await photoRoutes(app, deps);
  await signatureRoutes(app, deps);
  await participantRoutes(app, deps);
  await lifecycleRoutes(app, deps);
};

/**
 * Loads the cross-inspection grants of the caller (access.ts), once per API request. On the root
 * instance, not in an encapsulated plugin: every module's queries (registry, hazards…) read them.
 */
function installCrossGrants(app: App, deps: Deps) {
  app.addHook('onRequest', async (req) => {
    const actor = req.actor;
    if (!actor || !isRegulator(actor) || actor.regionCode === '' || !req.url.startsWith('/api/')) return;
    actor.crossGrants = await loadCrossGrants(deps.database.db, actor);
  });
}
