import type { FastifyRequest } from 'fastify';
import { ErrorBody, IdParams, RiskMap, RiskZonesBody } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { AppError } from '../../../errors.ts';
import { riskMap } from '../views.ts';
import { uploadSitePlan } from '../upload-plan.ts';
import { saveZones } from '../save-zones.ts';
import { planOfSite } from '../map-repo.ts';
import { renderPoster } from '../poster.ts';

const tags = ['risk-points'];
const errors = ERROR_RESPONSES;

async function onePart(req: FastifyRequest) {
  if (!req.isMultipart())
    throw new AppError('BAD_REQUEST', 'Send the plan as multipart/form-data in the field "file"', 'file');
  let found: { buffer: Buffer; filename: string; mimetype: string } | null = null;
  for await (const part of req.files()) {
    if (part.fieldname !== 'file')
      throw new AppError(
        'VALIDATION',
        `Unknown field "${part.fieldname}"; send the plan in the field "file"`,
        part.fieldname,
      );
    if (found) throw new AppError('VALIDATION', 'Send one plan image only', 'file');
    found = { buffer: await part.toBuffer(), filename: part.filename, mimetype: part.mimetype };
  }
  if (!found) throw new AppError('VALIDATION', 'No file in the request; send it in the field "file"', 'file');
  return found;
}

/** A site's four-colour risk map: the plan, zones coloured from their risk points, and the poster. */
export const riskMapRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/sites/:id/risk-map',
    {
      schema: {
        tags,
        summary:
          "A site's four-colour risk map: its computed colour, plan, zones (coloured by their points) and risk points",
        params: IdParams,
        response: { 200: RiskMap, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'risk_point');
      return riskMap(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/sites/:id/risk-map/plan',
    {
      schema: {
        tags,
        summary: 'Upload (or replace) the site plan, PNG or JPEG, as multipart field "file"',
        params: IdParams,
        response: { 201: RiskMap, 413: ErrorBody, 415: ErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'manage', 'risk_point');
      // The site first (404), then the upload (400/415).
      await riskMap(db, actor, req.params.id);
      await uploadSitePlan(deps, db, actor, req.params.id, await onePart(req), deps.now());
      reply.status(201);
      return riskMap(db, actor, req.params.id);
    },
  );

  app.put(
    '/api/sites/:id/risk-map/zones',
    {
      schema: {
        tags,
        summary:
          'Save the zones drawn on the plan (replaces them): polygons in 0..1 image coordinates, each tied to risk points',
        params: IdParams,
        body: RiskZonesBody,
        response: { 200: RiskMap, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'manage', 'risk_point');
      await saveZones(db, actor, req.params.id, req.body);
      return riskMap(db, actor, req.params.id);
    },
  );

  app.get(
    '/api/sites/:id/risk-map/pdf',
    {
      schema: {
        tags,
        summary:
          'The four-colour risk map as a poster (A3 landscape PDF): plan, coloured zones, legend, risk points and measures',
        params: IdParams,
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'risk_point');
      const map = await riskMap(db, actor, req.params.id);
      const plan = map.plan ? await planOfSite(db, map.site.id) : undefined;
      const pdf = await renderPoster(deps, map, plan ?? null, deps.now().toISOString());
      reply.header('content-type', 'application/pdf').header('cache-control', 'no-store');
      reply.header(
        'content-disposition',
        `inline; filename="risk-map.pdf"; filename*=UTF-8''${encodeURIComponent(`${map.site.name}-四色风险分布图.pdf`)}`,
      );
      return reply.send(pdf as never);
    },
  );
};
