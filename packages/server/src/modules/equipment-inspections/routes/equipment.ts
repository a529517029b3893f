import { Type } from '@sinclair/typebox';
import {
  EquipmentDuePage,
  EquipmentDueQuery,
  EquipmentInspectionBody,
  EquipmentInspectionView,
  EquipmentOverdueCounts,
  IdParams,
  DivisionCode,
  Uuid,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { notFound } from '../../../errors.ts';
import { dueList, equipmentFlags, inspectionsOf, loadEquipment } from '../repo.ts';
import { dueItem, inspectionView } from '../presenters.ts';
import { recordInspection } from '../record-inspection.ts';

const tags = ['equipment'];
const errors = ERROR_RESPONSES;

/** Due / overdue / unregistered lists, overdue flags, inspection history and recording a result. */
export const equipmentInspectionRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/api/equipment-inspections/due',
    {
      schema: {
        tags,
        summary:
          'Special equipment due for periodic inspection within the warning window, overdue or failed (must not be used), or without use registration',
        description:
          'list=due: today ≥ next date − warn_days (30, reference data) and today ≤ next date; list=overdue: today > next date with no newer pass, or the last result a fail; list=unregistered: no use registration date.',
        querystring: EquipmentDueQuery,
        response: { 200: EquipmentDuePage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'equipment_inspection');
      const today = deps.today();
      const page = await dueList(db, actor, req.query, today);
      return { ...page, items: page.items.map((r) => dueItem(r, today)) };
    },
  );

  app.get(
    '/api/equipment-inspections/flags',
    {
      schema: {
        tags,
        summary:
          'How much of an enterprise’s, a site’s or a region’s equipment is overdue, failed, due soon or unregistered',
        querystring: Type.Object(
          {
            enterpriseId: Type.Optional(Uuid),
            siteId: Type.Optional(Uuid),
            regionCode: Type.Optional(DivisionCode),
          },
          { additionalProperties: false },
        ),
        response: { 200: EquipmentOverdueCounts, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'equipment_inspection');
      return equipmentFlags(db, actor, req.query, deps.today());
    },
  );

  app.get(
    '/api/equipment/:id/inspections',
    {
      schema: {
        tags,
        summary: 'The periodic inspection results recorded for a piece of equipment, newest first',
        params: IdParams,
        response: { 200: Type.Array(EquipmentInspectionView), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'equipment_inspection');
      if (!(await loadEquipment(db, actor, req.params.id))) throw notFound('Equipment');
      return (await inspectionsOf(db, req.params.id)).map(inspectionView);
    },
  );

  app.post(
    '/api/equipment/:id/inspections',
    {
      schema: {
        tags,
        summary: 'Record a periodic inspection result (a fail turns each defect into a hazard)',
        description:
          'pass / pass_with_remarks: the next date is computed from the category interval (reference data); fail: defects required, each becomes a hazard; the equipment must not be used until a re-inspection passes.',
        params: IdParams,
        body: EquipmentInspectionBody,
        response: { 201: EquipmentInspectionView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'equipment_inspection');
      const id = await recordInspection(db, actor, req.params.id, req.body, {
        now: deps.now,
        today: deps.today,
      });
      const row = (await inspectionsOf(db, req.params.id)).find((r) => r.id === id)!;
      reply.status(201);
      return inspectionView(row);
    },
  );
};
