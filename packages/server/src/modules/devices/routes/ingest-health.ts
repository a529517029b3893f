import { IngestStats, Page, Rejection, RejectionQuery } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { AppError } from '../../../errors.ts';
import { deviceServices, eventLoopDelay } from '../ingest/index.ts';
import { listRejections } from '../rejections-repo.ts';
import { ingestStatsView, rejectionView } from '../presenters.ts';
import { ingestErrors as errors } from './errors.ts';

const tags = ['ingest'];

/** The ingest health views for administrators: this instance's counters and the refused events. */
export const ingestHealthRoutes: RoutePlugin = async (app, deps) => {
  const services = deviceServices(deps);

  app.get(
    '/api/ingest/stats',
    {
      schema: {
        tags,
        summary: 'Ingest counters of this server instance',
        response: { 200: IngestStats, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'ingest');
      // Counters cover every jurisdiction's devices: for the national administrator only.
      if (actor.regionCode !== '')
        throw new AppError(
          'FORBIDDEN',
          'Ingest counters cover every jurisdiction; only the national administrator sees them',
        );
      const p = services.pipeline;
      return ingestStatsView({
        stats: p.stats,
        transports: services.transports,
        depth: p.depth,
        capacity: p.capacity,
        loop: eventLoopDelay(),
      });
    },
  );

  app.get(
    '/api/ingest/rejections',
    {
      schema: {
        tags,
        summary: 'Refused events (a sample) with their reasons, newest first',
        querystring: RejectionQuery,
        response: { 200: Page(Rejection), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'ingest');
      // Refusals of unknown devices carry no region: only the national administrator sees those.
      const p = await listRejections(deps.database.db, actor, req.query);
      return { ...p, items: p.items.map(rejectionView) };
    },
  );
};
