import { pickBandSet } from '@redline/domain';
import { RiskBandSet, RiskBandSetInput, RiskBandSetList, RiskBandSetQuery } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { notFound } from '../../../errors.ts';
import { bandSetsVisible } from '../band-repo.ts';
import { findSite } from '../repo.ts';
import { saveBandSet } from '../save-band-set.ts';
import { bandSetView } from '../presenters.ts';

const tags = ['risk-points'];
const errors = ERROR_RESPONSES;

/** The versioned bands that map an LEC / LS score to a colour, per region and industry. */
export const riskBandRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/risk-band-sets',
    {
      schema: {
        tags,
        summary:
          'Band sets that may apply in your jurisdiction (national, your ancestors, yours and below), every version; with siteId, the ones in force for that site',
        querystring: RiskBandSetQuery,
        response: { 200: RiskBandSetList, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'risk_band_set');
      const rows = await bandSetsVisible(db, actor, req.query.method);
      const items = rows.map(bandSetView);
      if (!req.query.siteId) return { items };
      const site = await findSite(db, actor, req.query.siteId);
      if (!site) throw notFound('Site');
      const inForce = (method: 'LEC' | 'LS') =>
        pickBandSet(
          items.filter((b) => site.region_code.startsWith(b.regionPrefix)),
          { method, regionCode: site.region_code, industryCode: site.industry_code, today: deps.today() },
        )?.id ?? null;
      return { items, inForce: { LEC: inForce('LEC'), LS: inForce('LS') } };
    },
  );

  app.post(
    '/api/risk-band-sets',
    {
      schema: {
        tags,
        summary:
          'A new version of the bands of a method for a region within your jurisdiction (optionally one industry), with its source and how it was confirmed',
        body: RiskBandSetInput,
        response: { 201: RiskBandSet, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'risk_band_set');
      const id = await saveBandSet(db, actor, req.body);
      const row = (await bandSetsVisible(db, actor)).find((b) => b.id === id)!;
      reply.status(201);
      return bandSetView(row);
    },
  );
};
