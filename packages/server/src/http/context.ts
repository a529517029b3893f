import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Secrets } from '../crypto.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../errors.ts';

/** What every feature module receives: configuration and the shared plumbing. */
export interface Deps {
  config: Config;
  database: Database;
  secrets: Secrets;
  /** Today's date (YYYY-MM-DD) in the service's time zone; injectable so tests can fix it. */
  today: () => string;
  now: () => Date;
}

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A feature module's routes (and hooks), registered on the app by the entry point. */
export type RoutePlugin = (app: App, deps: Deps) => Promise<void>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The authenticated caller, or 401. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Log in first (session cookie or Bearer API token)');
  return req.actor;
}
