import {
  Device,
  DeviceInput,
  DevicePatch,
  DeviceQuery,
  DeviceWithToken,
  IdParams,
  Page,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { getDevice, listDevices } from '../repo.ts';
import { createDevice } from '../create-device.ts';
import { updateDevice } from '../update-device.ts';
import { deviceView } from '../presenters.ts';
import { errors } from './errors.ts';

const tags = ['devices'];

/** The device registry: list, one device, register, edit. */
export const devicesRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/api/devices',
    {
      schema: {
        tags,
        summary: 'List devices (cameras, sensors, monitors, gates)',
        querystring: DeviceQuery,
        response: { 200: Page(Device), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'device');
      const page = await listDevices(db, actor, req.query);
      return { ...page, items: page.items.map(deviceView) };
    },
  );

  app.get(
    '/api/devices/:id',
    { schema: { tags, summary: 'One device', params: IdParams, response: { 200: Device, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'device');
      return deviceView(await getDevice(db, actor, req.params.id));
    },
  );

  app.post(
    '/api/devices',
    {
      schema: {
        tags,
        summary: 'Register a device; the answer carries its token once',
        description:
          'The device authenticates with the token: HTTP `Authorization: Bearer <token>`, MQTT username = device code, password = token.',
        body: DeviceInput,
        response: { 201: DeviceWithToken, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'device');
      const { id, token } = await inTransaction(db, (tx) => createDevice(tx, actor, req.body));
      reply.status(201);
      return { ...deviceView(await getDevice(db, actor, id)), token };
    },
  );

  app.patch(
    '/api/devices/:id',
    {
      schema: {
        tags,
        summary: 'Edit a device (binding, heartbeat, enable / disable)',
        params: IdParams,
        body: DevicePatch,
        response: { 200: Device, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'device');
      await inTransaction(db, (tx) => updateDevice(tx, actor, req.params.id, req.body));
      return deviceView(await getDevice(db, actor, req.params.id));
    },
  );
};
