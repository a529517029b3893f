import { ChangePasswordBody, ErrorBody, Ok } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { SESSION_COOKIE } from '../../../auth/sessions.ts';
import { changeOwnPassword } from '../change-password.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

const tags = ['auth'];
const { 403: _forbidden, 409: _conflict, ...common } = ERROR_RESPONSES;
const errors = { ...common, 429: ErrorBody };

/** Changing one's own password. */
export const passwordRoutes: RoutePlugin = async (app, deps) => {
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
      await changeOwnPassword(deps.database.db, actor.userId, req.body, req.cookies[SESSION_COOKIE]);
      return { ok: true as const };
    },
  );
};
