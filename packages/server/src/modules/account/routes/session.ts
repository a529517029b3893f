import { ErrorBody, LoginBody, Me, Ok } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { deleteSession, SESSION_COOKIE } from '../../../auth/sessions.ts';
import { addressKey, secondsBlocked } from '../login-throttle.ts';
import { logIn, tooManyFailures } from '../log-in.ts';
import { loadMeRow } from '../repo.ts';
import { meView } from '../presenters.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

const tags = ['auth'];
const { 403: _forbidden, 409: _conflict, ...common } = ERROR_RESPONSES;
const errors = { ...common, 429: ErrorBody }; // login is rate-limited; no role is refused here

/** Logging in and out, and who is logged in. */
export const sessionRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;
  const secure = deps.config.PUBLIC_URL?.startsWith('https://') ?? false;

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in with username and password',
        body: LoginBody,
        response: { 200: Me, ...errors },
      },
      config: {
        rateLimit: {
          max: deps.config.LOGIN_RATE_LIMIT,
          timeWindow: '1 minute',
          // After body parsing, so the username is part of the key (at onRequest the body is not read yet).
          hook: 'preHandler',
          // Per address and account: one attacker can't lock everyone out, nor hammer one account from many tabs.
          keyGenerator: (req: { ip: string; body?: unknown }) =>
            `${req.ip}|${String((req.body as { username?: string } | undefined)?.username ?? '').toLowerCase()}`,
          errorResponseBuilder: () => ({
            statusCode: 429,
            message: 'Too many login attempts; wait a minute and try again',
          }),
        },
      },
    },
    async (req, reply) => {
      // Per address across user names (password spraying), before any password is checked.
      const address = addressKey(req.ip);
      const wait = await secondsBlocked(db, address, deps.now());
      if (wait > 0) throw tooManyFailures(reply, wait);
      const session = await logIn(deps, address, req.body, req.log);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: deps.config.SESSION_TTL_HOURS * 3600,
      });
      req.log.info({ user: session.username }, 'login');
      return meView(await loadMeRow(db, session.userId), deps.config.TIME_ZONE);
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags, summary: 'Log out', response: { 200: Ok } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await deleteSession(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags, summary: 'The logged-in user', response: { 200: Me, ...errors } } },
    async (req) => meView(await loadMeRow(db, actorOf(req).userId), deps.config.TIME_ZONE),
  );
};
