import { LRUCache } from 'lru-cache';
import type { Dashboard, DashboardQuery } from '@redline/contracts';
import { isRegulator, type Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { buildDashboard, dashboardScope } from './build-dashboard.ts';

/**
 * The dashboard as the screens ask for it: computed at most once per DASHBOARD_CACHE_SECONDS for
 * everyone who sees the same figures (identical requests in flight share one computation); 0 shares
 * nothing, every request is computed. A command-centre wall, the leaders of one city and their workbenches refresh
 * the same region and period; each computation is about a dozen rollup reads, and at 10 screens
 * at once two cores are busy with nothing else (bench/RESULTS.md, issue 15). The answer's asOf says
 * when its figures were read.
 *
 * Who shares: the figures depend on the caller only through their scope (auth/scope.ts): regulators
 * see their region subtree, plus what a cross-inspection grants them. So the key is the role, the
 * jurisdiction, and the user alone when a grant makes their figures their own (or for anyone else).
 * Reports (modules/reports) call buildDashboard directly: a report's figures are read when it is made.
 */
interface Shared {
  done: LRUCache<string, Dashboard>;
  inFlight: Map<string, Promise<Dashboard>>;
}
const byApp = new WeakMap<Deps['database'], Shared>();

function sharedOf(deps: Deps): Shared {
  let s = byApp.get(deps.database);
  if (!s) {
    s = {
      done: new LRUCache<string, Dashboard>({
        max: 1000,
        ttl: deps.config.DASHBOARD_CACHE_SECONDS * 1000,
        // the app's clock, so asOf and the expiry agree (and tests can move time)
        perf: { now: () => deps.now().getTime() },
        ttlResolution: 0,
      }),
      inFlight: new Map(),
    };
    byApp.set(deps.database, s);
  }
  return s;
}

/** Whose figures these are: every regulator of the same role and jurisdiction, else the user alone. */
export function audienceOf(actor: Actor): string {
  const granted = actor.crossGrants && Object.values(actor.crossGrants).some((ids) => ids?.length);
  return granted || !isRegulator(actor)
    ? `${actor.role}|${actor.regionCode}|user:${actor.userId}`
    : `${actor.role}|${actor.regionCode}`;
}

export async function sharedDashboard(deps: Deps, actor: Actor, q: DashboardQuery): Promise<Dashboard> {
  const today = deps.today();
  // Checked (404 outside the jurisdiction, 400 for a bad period) before anything is shared.
  const { prefix, from, to } = dashboardScope(actor, q, today);
  if (deps.config.DASHBOARD_CACHE_SECONDS === 0) return buildDashboard(deps, actor, q);
  const key = `${audienceOf(actor)}|${prefix}|${from}|${to}|${today}`;
  const shared = sharedOf(deps);
  const done = shared.done.get(key);
  if (done) return done;
  let running = shared.inFlight.get(key);
  if (!running) {
    running = buildDashboard(deps, actor, q).finally(() => shared.inFlight.delete(key));
    shared.inFlight.set(key, running);
    running.then(
      (d) => shared.done.set(key, d),
      () => undefined, // a failed computation is not kept; each waiting request gets its error
    );
  }
  return running;
}
