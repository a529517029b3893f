import {
  IdParams,
  InspectionInput,
  InspectionListItem,
  InspectionPatch,
  InspectionQuery,
  InspectionView,
  Page,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { AppError } from '../../../errors.ts';
import { createInspection } from '../create.ts';
import { editInspection } from '../edit.ts';
import { inspectionView, listInspections } from '../views.ts';
import { errors, tags } from '../schemas.ts';

/** Inspections: the list, creating one (kind, target, team, items), one with everything found, editing. */
export const inspectionRoutes: RoutePlugin = async (app, deps) => {
  const db = () => deps.database.db;

  app.get(
    '/api/inspections',
    {
      schema: {
        tags,
        summary: 'Inspections by jurisdiction, kind, status, inspector, target, date',
        querystring: InspectionQuery,
        response: { 200: Page(InspectionListItem), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection');
      return listInspections(db(), actor, req.query);
    },
  );

  app.post(
    '/api/inspections',
    {
      schema: {
        tags,
        summary: 'Create an inspection: kind, target, team, checklist items',
        body: InspectionInput,
        response: { 201: InspectionView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'inspection');
      const id = await inTransaction(db(), (trx) => createInspection(trx, deps, actor, req.body));
      reply.status(201);
      return inspectionView(db(), actor, id);
    },
  );

  app.get(
    '/api/inspections/:id',
    {
      schema: {
        tags,
        summary: 'An inspection with everything found: findings, photos, score, signatures, hazards',
        params: IdParams,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'inspection');
      return inspectionView(db(), actor, req.params.id);
    },
  );

  app.patch(
    '/api/inspections/:id',
    {
      schema: {
        tags,
        summary:
          'Edit the title, topic, place, principal of an open inspection (If-Match: the version seen, else 409 INSPECTION_CHANGED)',
        params: IdParams,
        body: InspectionPatch,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      const ifMatch = versionOf(req.headers['if-match']);
      await inTransaction(db(), (trx) => editInspection(trx, deps, actor, req.params.id, req.body, ifMatch));
      return inspectionView(db(), actor, req.params.id);
    },
  );
};

/** `If-Match: 3` or `If-Match: "3"` (an ETag-like version); absent: no check. */
function versionOf(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const v = (Array.isArray(header) ? header[0] : header).trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  if (!/^\d{1,9}$/.test(v))
    throw new AppError('BAD_REQUEST', 'If-Match must be the inspection version (an integer)', 'If-Match');
  return Number(v);
}
