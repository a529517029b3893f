import type { App, Deps } from './http/context.ts';
import { buildHttpApp, type HttpAppOptions } from './http/app.ts';
import { registerJob } from './jobs/scheduler.ts';
import { installAccess } from './auth/access.ts';
import { MODULE_ACCESS, MODULE_JOBS, MODULE_ROUTES } from './modules/index.ts';

/**
 * The composition root: core plumbing (http/, jobs/, auth/) with every feature module
 * (modules/index.ts). Core never imports a module; this file and the entry points put them together.
 */

/** The modules' access rules and jobs, installed before anything reads through them (idempotent). */
export function installModules(): void {
  installAccess(MODULE_ACCESS);
  for (const job of MODULE_JOBS) registerJob(job);
}

export function buildApp(deps: Deps, opts: HttpAppOptions = {}): Promise<App> {
  installModules();
  return buildHttpApp(deps, MODULE_ROUTES, opts);
}
