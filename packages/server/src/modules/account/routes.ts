import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import {
  ApiTokenView,
  ChangePasswordBody,
  CreatedToken,
  CreateTokenBody,
  ErrorBody,
  IdParams,
  LoginBody,
  Me,
  Ok,
} from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { AppError, notFound } from '../../errors.ts';
import { dummyHash, hashPassword, verifyPassword } from '../../auth/passwords.ts';
import { assertNewPassword } from '../../auth/password-policy.ts';
import { createApiToken, createSession, deleteSession, SESSION_COOKIE } from '../../auth/sessions.ts';
import type { Actor } from '../../auth/actor.ts';
import { sha256Hex } from '../../crypto.ts';
import { addressKey, addressLimits, recordFailure, secondsBlocked } from '../../auth/login-throttle.ts';

const tags = ['auth'];
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 429: ErrorBody };

export async function authRoutes(app: App, deps: Deps) {
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
      const username = req.body.username.trim().toLowerCase();
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      const valid = user
        ? await verifyPassword(user.password_hash, req.body.password)
        : (await verifyPassword(await dummyHash(), req.body.password), false);
      if (!user || !valid || !user.active) {
        const blocked = await recordFailure(db, address, deps.now(), addressLimits(deps.config));
        if (blocked > 0)
          req.log.warn({ address, blockedSeconds: blocked }, 'login failures: address blocked');
        throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
      }
      const token = await createSession(db, user.id, deps.config.SESSION_TTL_HOURS);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: deps.config.SESSION_TTL_HOURS * 3600,
      });
      req.log.info({ user: user.username }, 'login');
      return loadMe(deps, user.id);
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
    async (req) => loadMe(deps, actorOf(req).userId),
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags,
        summary: 'Change my password',
        body: ChangePasswordBody,
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const user = await db
        .selectFrom('users')
        .select(['password_hash', 'username', 'display_name'])
        .where('id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(user.password_hash, req.body.currentPassword))) {
        throw new AppError('VALIDATION', 'The current password is wrong', 400, 'currentPassword');
      }
      if (req.body.newPassword === req.body.currentPassword) {
        throw new AppError(
          'VALIDATION',
          'Choose a new password different from the current one',
          400,
          'newPassword',
        );
      }
      assertNewPassword(
        req.body.newPassword,
        { username: user.username, displayName: user.display_name },
        'newPassword',
      );
      await db
        .updateTable('users')
        .set({
          password_hash: await hashPassword(req.body.newPassword),
          must_change_password: false,
          updated_at: sql`now()`,
        })
        .where('id', '=', actor.userId)
        .execute();
      // Other sessions of this user end: a changed password should lock out whoever had the old one.
      const current = req.cookies[SESSION_COOKIE];
      await db
        .deleteFrom('sessions')
        .where('user_id', '=', actor.userId)
        .$if(!!current, (q) => q.where('token_hash', '!=', sqlHash(current!)))
        .execute();
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/tokens',
    { schema: { tags, summary: 'My API tokens', response: { 200: Type.Array(ApiTokenView), ...errors } } },
    async (req) => {
      const rows = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('user_id', '=', actorOf(req).userId)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(tokenView);
    },
  );

  app.post(
    '/api/auth/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token for an integration',
        body: CreateTokenBody,
        response: { 201: CreatedToken, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (actor.via === 'token')
        throw new AppError('FORBIDDEN', 'An API token cannot create further tokens', 403);
      const { token, info } = await createApiToken(db, actor.userId, req.body.name);
      reply.status(201);
      return { token, info: tokenView(info) };
    },
  );

  app.delete(
    '/api/auth/tokens/:id',
    { schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 200: Ok, ...errors } } },
    async (req) => {
      const res = await db
        .updateTable('api_tokens')
        .set({ revoked_at: sql`now()` })
        .where('id', '=', req.params.id)
        .where('user_id', '=', actorOf(req).userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw notFound('API token');
      return { ok: true as const };
    },
  );
}

const sqlHash = sha256Hex;

/** 429 with Retry-After: the address failed too often; the wait grows with further failures. */
function tooManyFailures(reply: { header(name: string, value: string): unknown }, seconds: number) {
  reply.header('retry-after', String(seconds));
  const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
  return new AppError(
    'RATE_LIMITED',
    `Too many failed logins from your network address; try again in ${wait}`,
    429,
    undefined,
    { retryAfterSeconds: seconds },
  );
}

const tokenView = (t: {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.created_at.toISOString(),
  lastUsedAt: t.last_used_at?.toISOString() ?? null,
  revokedAt: t.revoked_at?.toISOString() ?? null,
});

export async function loadMe(deps: Deps, userId: string) {
  const u = await deps.database.db
    .selectFrom('users as u')
    .leftJoin('authorities as a', 'a.id', 'u.authority_id')
    .leftJoin('enterprises as e', 'e.id', 'u.enterprise_id')
    .leftJoin('regions as r', 'r.code', 'u.region_code')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.region_code',
      'u.enterprise_id',
      'u.worker_id',
      'u.must_change_password',
      'a.id as authority_id',
      'a.name as authority_name',
      'a.short_name as authority_short',
      'e.name as enterprise_name',
      'r.name_zh as region_name',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Actor['role'],
    regionCode: u.region_code,
    regionName: u.region_name,
    authority: u.authority_id
      ? { id: u.authority_id, name: u.authority_name!, shortName: u.authority_short! }
      : null,
    enterpriseId: u.enterprise_id,
    enterpriseName: u.enterprise_name,
    workerId: u.worker_id,
    mustChangePassword: u.must_change_password,
  };
}
