import { Type } from '@sinclair/typebox';
import { ErrorBody, IdParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { notFound } from '../../../errors.ts';
import { findWorkerIdCipher } from '../repo/workers.ts';

/** Reading a worker's full resident ID number: allowed roles only, in scope, and logged. */
export const workerIdNumberRoutes: RoutePlugin = async (app, deps) => {
  app.get(
    '/api/workers/:id/id-number',
    {
      schema: {
        tags: ['workers'],
        summary: "A worker's full resident ID number (regulators only; logged)",
        params: IdParams,
        response: {
          200: Type.Object({ idNumber: Type.String() }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'reveal_personal_data', 'worker');
      const row = await findWorkerIdCipher(deps.database.db, actor, req.params.id);
      if (!row) throw notFound('Worker');
      req.log.info({ user: actor.username, worker: row.id }, 'personal data revealed');
      reply.header('cache-control', 'no-store');
      return { idNumber: deps.secrets.decrypt(row.id_number_cipher) };
    },
  );
};
