import type { App, Deps } from './http/context.ts';
import { buildHttpApp, type HttpAppOptions } from './http/app.ts';
import { registerJob } from './jobs/scheduler.ts';
import { MODULE_JOBS, MODULE_ROUTES } from './modules/index.ts';

/**
 * The composition root: core plumbing (http/, jobs/) with every feature module (modules/index.ts).
 * Core never imports a module; this file and the entry points (main, cli) put them together.
 */
export function buildApp(deps: Deps, opts: HttpAppOptions = {}): Promise<App> {
  for (const job of MODULE_JOBS) registerJob(job);
  return buildHttpApp(deps, MODULE_ROUTES, opts);
}
