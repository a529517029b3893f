import { Type } from '@sinclair/typebox';
import { ApiTokenView, CreatedToken, CreateTokenBody, ErrorBody, IdParams, Ok } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { notFound } from '../../../errors.ts';
import { listApiTokens, revokeApiToken } from '../repo.ts';
import { createApiToken } from '../create-api-token.ts';
import { tokenView } from '../presenters.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

const tags = ['auth'];
const { 403: _forbidden, 409: _conflict, ...common } = ERROR_RESPONSES;
const errors = { ...common, 429: ErrorBody };

/** A user's API tokens for integrations: list, create, revoke. */
export const tokenRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/auth/tokens',
    { schema: { tags, summary: 'My API tokens', response: { 200: Type.Array(ApiTokenView), ...errors } } },
    async (req) => (await listApiTokens(db, actorOf(req).userId)).map(tokenView),
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
      const { token, info } = await createApiToken(db, actorOf(req), req.body.name);
      reply.status(201);
      return { token, info: tokenView(info) };
    },
  );

  app.delete(
    '/api/auth/tokens/:id',
    { schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 200: Ok, ...errors } } },
    async (req) => {
      if (!(await revokeApiToken(db, actorOf(req).userId, req.params.id))) throw notFound('API token');
      return { ok: true as const };
    },
  );
};
