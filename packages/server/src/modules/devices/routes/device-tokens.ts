import { DeviceWithToken, IdParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { getDevice } from '../repo.ts';
import { rotateDeviceToken } from '../rotate-device-token.ts';
import { deviceView } from '../presenters.ts';
import { errors } from './errors.ts';

/** A device's token: a new one replaces the old at once. */
export const deviceTokensRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;
  app.post(
    '/api/devices/:id/token',
    {
      schema: {
        tags: ['devices'],
        summary: 'Issue a new token (the old one stops working at once)',
        params: IdParams,
        response: { 200: DeviceWithToken, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'rotate_token', 'device');
      const token = await inTransaction(db, (tx) => rotateDeviceToken(tx, actor, req.params.id));
      return { ...deviceView(await getDevice(db, actor, req.params.id)), token };
    },
  );
};
