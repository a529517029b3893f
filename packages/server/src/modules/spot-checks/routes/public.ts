import { Type } from '@sinclair/typebox';
import { ErrorBody, IdParams, PublicAuthority, PublicNotices, PublishedDrawSchema } from '@redline/contracts';
import type { RoutePlugin } from '../../../http/context.ts';
import { notFound } from '../../../errors.ts';
import { publicNotices } from '../public-notices.ts';
import { publicAuthorities, publishedPlanRow } from '../public-repo.ts';
import { publishedDraw } from '../published.ts';

const tags = ['public'];
const limit = { rateLimit: { max: 120, timeWindow: '1 minute' } };

/**
 * One public (一公开): no login. Per authority the four notices the national portals publish —
 * spot-check item list, plan, task (who inspected, once the inspection is finished), result — and
 * each committed plan's published file for recomputing its draw. Nothing private: names of
 * authorities, enterprises, projects, regions and officers; no phones, addresses, identity or
 * certificate numbers (test/spot-checks-public.test.ts holds the answers to that).
 */
export const publicRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/api/public/spot-checks',
    {
      config: limit,
      schema: {
        tags,
        summary: 'Authorities publishing spot-check plans (public)',
        response: { 200: Type.Array(PublicAuthority), 400: ErrorBody },
      },
    },
    async () =>
      (await publicAuthorities(db)).map((a) => ({
        id: a.id,
        name: a.name,
        regionCode: a.region_code,
        regionName: a.region_name,
        plans: a.plans,
      })),
  );

  app.get(
    '/api/public/spot-checks/authorities/:id',
    {
      config: limit,
      schema: {
        tags,
        summary: "An authority's spot-check notices: item list, plans, tasks and results (public)",
        params: IdParams,
        response: { 200: PublicNotices, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => publicNotices(db, req.params.id, deps.config.TIME_ZONE),
  );

  app.get(
    '/api/public/spot-checks/plans/:id/draw',
    {
      config: limit,
      schema: {
        tags,
        summary:
          'The published draw file of a plan (redline.draw/1): recompute it with `redline draw-verify` (public)',
        params: IdParams,
        response: { 200: PublishedDrawSchema, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const row = await publishedPlanRow(db, req.params.id);
      if (!row) throw notFound('Published spot-check plan');
      return publishedDraw(row);
    },
  );
};
