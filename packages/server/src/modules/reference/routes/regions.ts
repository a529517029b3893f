import {
  CreateRegionUnitBody,
  RegionChildrenQuery,
  RegionCodeParams,
  RegionDetail,
  RegionList,
  RegionSearchQuery,
  RegionSearchResult,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { notFound } from '../../../errors.ts';
import { findRegion, regionChildren, regionsByCode, searchRegions } from '../repo.ts';
import { regionNodeOf, regionPathCodes } from '../presenters.ts';
import { addRegionUnit } from '../add-region-unit.ts';

const tags = ['reference'];
const SEARCH_LIMIT = 50;

/**
 * The division list (~45,000 regions), browsed by parent or searched — never shipped whole — and the
 * units administrators add below a county. Names are public reference data: every logged-in user reads them.
 */
export const regionRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/regions',
    {
      schema: {
        tags,
        summary: 'The regions directly below a parent (none = the provinces), in code order',
        querystring: RegionChildrenQuery,
        response: { 200: RegionList, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      actorOf(req);
      const parent = req.query.parent ?? '';
      if (parent !== '' && !(await findRegion(db, parent))) throw notFound(`Region ${parent}`);
      return { items: (await regionChildren(db, parent)).map(regionNodeOf) };
    },
  );

  app.get(
    '/api/regions/search',
    {
      schema: {
        tags,
        summary: `Regions whose name contains the text or whose code starts with it (at most ${SEARCH_LIMIT}), each with its chain of parents`,
        querystring: RegionSearchQuery,
        response: { 200: RegionSearchResult, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      actorOf(req);
      const found = await searchRegions(db, req.query.q.trim(), req.query.within ?? '', SEARCH_LIMIT);
      const page = found.slice(0, SEARCH_LIMIT);
      const parents = new Map(
        (await regionsByCode(db, [...new Set(page.flatMap((r) => regionPathCodes(r.code)))])).map((r) => [
          r.code,
          r,
        ]),
      );
      return {
        items: page.map((r) => ({
          region: regionNodeOf(r),
          path: regionPathCodes(r.code)
            .map((c) => parents.get(c))
            .filter((p) => p !== undefined)
            .map(regionNodeOf),
        })),
        truncated: found.length > SEARCH_LIMIT,
      };
    },
  );

  app.get(
    '/api/regions/:code',
    {
      schema: {
        tags,
        summary: 'One region with its chain of parents (province first)',
        params: RegionCodeParams,
        response: { 200: RegionDetail, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      actorOf(req);
      const row = await findRegion(db, req.params.code);
      if (!row) throw notFound(`Region ${req.params.code}`);
      const chain = await regionsByCode(db, [...regionPathCodes(row.code), row.code]);
      const self = chain.find((r) => r.code === row.code)!;
      return {
        region: regionNodeOf(self),
        path: chain.map(regionNodeOf),
        addedBy: row.added_by,
        addedAt: row.added_at ? new Date(row.added_at).toISOString() : null,
        note: row.note,
      };
    },
  );

  app.post(
    '/api/regions',
    {
      schema: {
        tags,
        summary:
          "Add a unit below a county (an industrial park, a new street): code = the county's 6 digits + 3 digits; audited",
        body: CreateRegionUnitBody,
        response: { 201: RegionDetail, ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'region');
      const code = await addRegionUnit(db, actor, req.body, deps.now());
      const row = (await findRegion(db, code))!;
      const chain = await regionsByCode(db, [...regionPathCodes(code), code]);
      reply.code(201);
      return {
        region: regionNodeOf(chain.find((r) => r.code === code)!),
        path: chain.map(regionNodeOf),
        addedBy: row.added_by,
        addedAt: row.added_at ? new Date(row.added_at).toISOString() : null,
        note: row.note,
      };
    },
  );
};
