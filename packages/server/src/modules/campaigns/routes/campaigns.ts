import {
  CampaignGroupInput,
  CampaignGroupView,
  CampaignInput,
  CampaignListQuery,
  CampaignPage,
  CampaignView,
  CloseInput,
  IdParams,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { listCampaignRows } from '../repo.ts';
import { campaignSummaryOf } from '../presenters.ts';
import { createCampaign } from '../create-campaign.ts';
import { closeCampaign } from '../close-campaign.ts';
import { addCampaignGroup } from '../add-group.ts';
import { getCampaign, getCampaignGroup } from '../views.ts';

const tags = ['campaigns'];
const errors = ERROR_RESPONSES;

/** Campaigns: the list, setting one up, one campaign with its groups and progress, closing, adding a group. */
export const campaignRoutes: RoutePlugin = async (app, deps) => {
  const db = () => deps.database.db;

  app.get(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary: 'Campaigns of supervision and inspection groups in your jurisdiction (newest period first)',
        querystring: CampaignListQuery,
        response: { 200: CampaignPage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'campaign');
      const page = await listCampaignRows(db(), actor, req.query);
      return { ...page, items: page.items.map(campaignSummaryOf) };
    },
  );

  app.post(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary: "Set up a campaign (e.g. a city's spring inspection, a cross-inspection)",
        body: CampaignInput,
        response: { 201: CampaignView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'campaign');
      const id = await inTransaction(db(), (trx) => createCampaign(trx, actor, req.body));
      reply.status(201);
      return getCampaign(db(), actor, id, deps.now());
    },
  );

  app.get(
    '/api/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'A campaign with its groups and the progress of each and of the whole',
        params: IdParams,
        response: { 200: CampaignView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'campaign');
      return getCampaign(db(), actor, req.params.id, deps.now());
    },
  );

  app.post(
    '/api/campaigns/:id/close',
    {
      schema: {
        tags,
        summary: 'Close a campaign (and its groups still open)',
        params: IdParams,
        body: CloseInput,
        response: { 200: CampaignView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'campaign');
      await inTransaction(db(), (trx) => closeCampaign(trx, deps, actor, req.params.id, req.body.note));
      return getCampaign(db(), actor, req.params.id, deps.now());
    },
  );

  app.post(
    '/api/campaigns/:id/groups',
    {
      schema: {
        tags,
        summary:
          'Add a supervision group (督导组) or inspection group (检查组) with leader, members, assigned jurisdictions or targets and a task book',
        params: IdParams,
        body: CampaignGroupInput,
        response: { 201: CampaignGroupView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'campaign');
      const id = await inTransaction(db(), (trx) =>
        addCampaignGroup(trx, deps, actor, req.params.id, req.body),
      );
      reply.status(201);
      return getCampaignGroup(db(), actor, id, deps.now());
    },
  );
};
