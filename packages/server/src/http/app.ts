import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App, Deps, RoutePlugin } from './context.ts';
import { installErrorHandler } from './error-handler.ts';
import { checkInput } from './input-check.ts';
import { installIdempotency } from './idempotency.ts';
import { lazyCompilers } from './lazy-schemas.ts';
import { swaggerOptions } from './openapi.ts';
import { bodyStrictValidator } from './validators.ts';
import { actorFromApiToken, actorFromSession, SESSION_COOKIE } from '../auth/sessions.ts';
import { fileRoutes } from '../storage/routes.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface HttpAppOptions {
  logger?: boolean | object;
}

/** Builds the Fastify app: plumbing, authentication, the shared file route, then the given modules' routes. */
export async function buildHttpApp(
  deps: Deps,
  modules: readonly RoutePlugin[],
  opts: HttpAppOptions = {},
): Promise<App> {
  const app = Fastify({
    logger: withRedaction(opts.logger ?? false),
    bodyLimit: 1024 * 1024,
    // Trusting X-Forwarded-For from anyone would let a client pick its own address (and dodge the
    // login rate limit); it is trusted only when TRUST_PROXY says a proxy sets it.
    trustProxy: trustProxy(deps.config.TRUST_PROXY),
    frameworkErrors,
    // Unknown fields are rejected (additionalProperties: false), not silently dropped.
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
    schemaController: { compilersFactory: lazyCompilers(bodyStrictValidator() as never) as never },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  installErrorHandler(app);
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: deps.config.MAX_UPLOAD_MB * 1024 * 1024, files: 10, fields: 20 },
    throwFileSizeLimit: true,
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, swaggerOptions(deps.config));
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) req.actor = await actorFromApiToken(deps.database.db, bearer);
    else {
      const token = req.cookies[SESSION_COOKIE];
      if (token) req.actor = await actorFromSession(deps.database.db, token);
    }
  });
  // Before ajv: NUL characters and impossible dates, which ajv's patterns let through.
  app.addHook('preValidation', async (req) => {
    const schema = req.routeOptions.schema;
    if (!schema) return;
    checkInput(schema.params, req.params, 'params');
    checkInput(schema.querystring, req.query, 'querystring');
    checkInput(schema.body, req.body, 'body');
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
  });

  installIdempotency(app, deps);

  app.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true, db: deps.database.kind }));
  await fileRoutes(app, deps);
  for (const routes of modules) await routes(app, deps);

  await serveWebApp(app);
  return app;
}

/** A URL the router cannot decode answers in the same error shape as everything else. */
function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply.status(tooLong ? 414 : 400).send({
    error: tooLong
      ? { code: 'URL_TOO_LONG', message: 'A segment of the URL is too long' }
      : { code: 'BAD_URL', message: 'The URL is not valid: check its percent-encoding (%XX)' },
  });
}

/** Credentials never reach the log, whatever the level (@fastify/multipart logs all request headers at trace). */
const SECRET_LOG_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'busboyOptions.headers.cookie',
  'busboyOptions.headers.authorization',
];
function withRedaction(logger: boolean | object): boolean | object {
  if (typeof logger !== 'object') return logger;
  const given = (logger as { redact?: string[] | { paths: string[]; censor?: unknown } }).redact;
  const paths = [...new Set([...(Array.isArray(given) ? given : (given?.paths ?? [])), ...SECRET_LOG_PATHS])];
  return { ...logger, redact: Array.isArray(given) || !given ? paths : { ...given, paths } };
}

function trustProxy(value: string): boolean | string | ((address: string, hop: number) => boolean) {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return (_address, hop) => hop < Number(value); // trust that many hops
  return value;
}

/** The built single-page app, with client-side routes falling back to index.html. */
async function serveWebApp(app: App) {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) return;
  await app.register(fastifyStatic, {
    root: WEB_DIST,
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
  });
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    if (req.url.startsWith('/api/'))
      return reply
        .status(404)
        .send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
    return reply.sendFile('index.html');
  });
}
