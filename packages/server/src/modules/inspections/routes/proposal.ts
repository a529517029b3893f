import { Proposal, ProposalQuery } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { proposeItems } from '../proposal.ts';
import { errors, tags } from '../schemas.ts';

/** The checklist items and team proposed for a target, before an inspection is created. */
export const proposalRoutes: RoutePlugin = async (app, deps) => {
  app.get(
    '/api/inspections/proposal',
    {
      schema: {
        tags,
        summary:
          'Checklist items proposed for a target from its profile (industry, project type, equipment, risk sources), and who can be on the team',
        querystring: ProposalQuery,
        response: { 200: Proposal, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'inspection');
      return proposeItems(deps.database.db, actor, req.query.targetKind, req.query.targetId);
    },
  );
};
