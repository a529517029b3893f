import { Type } from '@sinclair/typebox';
import {
  CreateUserBody,
  IdParams,
  Page,
  PageQuery,
  RoleSchema,
  UpdateUserBody,
  UserView,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { listUsers } from '../repo.ts';
import { userView } from '../presenters.ts';
import { createUser } from '../create-user.ts';
import { changeUser } from '../update-user.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

const tags = ['users'];
const errors = ERROR_RESPONSES;
const UserQuery = Type.Object(
  { ...PageQuery, role: Type.Optional(RoleSchema) },
  { additionalProperties: false },
);

/** Administrators manage the accounts of their jurisdiction. */
export const userRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'List users',
        querystring: UserQuery,
        response: { 200: Page(UserView), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'manage_users', 'user');
      const { cursor, pageSize = 20, q, role } = req.query;
      const page = await listUsers(db, actor, { cursor, pageSize, q, role });
      return { ...page, items: page.items.map(userView) };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Create a user',
        body: CreateUserBody,
        response: { 201: UserView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'manage_users', 'user');
      const created = await createUser(db, actor, req.body);
      reply.status(201);
      return created;
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'manage_users', 'user');
      return changeUser(db, actor, req.params.id, req.body);
    },
  );
};
