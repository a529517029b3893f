import { Type } from '@sinclair/typebox';
import {
  AttendanceInput,
  AttendanceQuery,
  AttendanceRecord,
  Device,
  DeviceInput,
  DevicePatch,
  DeviceQuery,
  DeviceWithToken,
  ErrorBody,
  EventQuery,
  IdParams,
  Page,
  StoredEvent,
} from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Db } from '../../db/database.ts';
import {
  createDevice,
  deviceEvents,
  getDevice,
  listDevices,
  rotateDeviceToken,
  updateDevice,
} from './devices-repo.ts';
import { storedEventView } from './alarms-repo.ts';
import { listAttendance, recordAttendance } from './attendance.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Device registry and site attendance. */
export async function deviceRoutes(app: App, deps: Deps) {
  const tags = ['devices'];
  const tx = <T>(fn: (trx: Db) => Promise<T>) => inTransaction(deps.database.db, fn);

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
      return listDevices(deps.database.db, actor, req.query);
    },
  );

  app.get(
    '/api/devices/:id',
    { schema: { tags, summary: 'One device', params: IdParams, response: { 200: Device, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'device');
      return getDevice(deps.database.db, actor, req.params.id);
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
      const { id, token } = await tx((tx) => createDevice(tx, actor, req.body));
      reply.status(201);
      return { ...(await getDevice(deps.database.db, actor, id)), token };
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
      await tx((tx) => updateDevice(tx, actor, req.params.id, req.body));
      return getDevice(deps.database.db, actor, req.params.id);
    },
  );

  app.post(
    '/api/devices/:id/token',
    {
      schema: {
        tags,
        summary: 'Issue a new token (the old one stops working at once)',
        params: IdParams,
        response: { 200: DeviceWithToken, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'rotate_token', 'device');
      const token = await tx((tx) => rotateDeviceToken(tx, actor, req.params.id));
      return { ...(await getDevice(deps.database.db, actor, req.params.id)), token };
    },
  );

  app.get(
    '/api/devices/:id/events',
    {
      schema: {
        tags,
        summary: 'Recent events of a device, newest first',
        params: IdParams,
        querystring: EventQuery,
        response: { 200: Page(StoredEvent), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'device');
      const p = await deviceEvents(
        deps.database.db,
        actor,
        req.params.id,
        req.query.page ?? 1,
        req.query.pageSize ?? 50,
        req.query.type,
      );
      return { ...p, items: p.items.map(storedEventView) };
    },
  );

  const attTags = ['attendance'];
  app.get(
    '/api/sites/:id/attendance',
    {
      schema: {
        tags: attTags,
        summary: 'Check-ins at a site (who is on duty)',
        params: IdParams,
        querystring: AttendanceQuery,
        response: { 200: Page(AttendanceRecord), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'attendance');
      return listAttendance(deps.database.db, actor, req.params.id, req.query, deps.now());
    },
  );

  app.post(
    '/api/sites/:id/attendance',
    {
      schema: {
        tags: attTags,
        summary: 'Check a worker in or out at a site by hand',
        params: IdParams,
        body: AttendanceInput,
        response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'attendance');
      const id = await tx((tx) => recordAttendance(tx, actor, req.params.id, req.body, deps.now()));
      reply.status(201);
      return { id };
    },
  );
}
