import { Type } from '@sinclair/typebox';
import { AttendanceInput, AttendanceQuery, AttendanceRecord, IdParams, Page } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { attendanceSite, listAttendance, SHIFT_HOURS } from '../attendance-repo.ts';
import { recordAttendance } from '../record-attendance.ts';
import { attendanceView } from '../presenters.ts';
import { errors } from './errors.ts';

const tags = ['attendance'];

/** Site attendance: who checked in where, and check-ins by hand. */
export const attendanceRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/api/sites/:id/attendance',
    {
      schema: {
        tags,
        summary: 'Check-ins at a site (who is on duty)',
        params: IdParams,
        querystring: AttendanceQuery,
        response: { 200: Page(AttendanceRecord), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'attendance');
      await attendanceSite(db, actor, req.params.id);
      const now = deps.now();
      const since = new Date(now.getTime() - SHIFT_HOURS * 3_600_000);
      const page = await listAttendance(db, req.params.id, req.query, since, now);
      return { ...page, items: page.items.map((r) => attendanceView(r, since)) };
    },
  );

  app.post(
    '/api/sites/:id/attendance',
    {
      schema: {
        tags,
        summary: 'Check a worker in or out at a site by hand',
        params: IdParams,
        body: AttendanceInput,
        response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'attendance');
      const id = await inTransaction(db, (tx) =>
        recordAttendance(tx, actor, req.params.id, req.body, deps.now()),
      );
      reply.status(201);
      return { id };
    },
  );
};
