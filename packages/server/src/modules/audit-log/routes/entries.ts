import { AuditEntry, AuditEntryQuery, Page } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { auditEntryPage } from '../repo.ts';
import { auditEntryView } from '../presenters.ts';
import { subjectNames } from '../subject-names-repo.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

const tags = ['audit'];
const { 409: _conflict, ...errors } = ERROR_RESPONSES; // nothing here conflicts

/** The audit entries of an administrator's jurisdiction. */
export const auditEntriesRoutes: RoutePlugin = async (app, deps) => {
  app.get(
    '/api/audit/entries',
    {
      schema: {
        tags,
        summary: 'Audit entries of your jurisdiction, newest first',
        querystring: AuditEntryQuery,
        response: { 200: Page(AuditEntry), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'audit');
      const page = await auditEntryPage(deps.database.db, actor.regionCode, req.query);
      const names = await subjectNames(deps.database.db, page.items);
      return {
        ...page,
        items: page.items.map((r) => auditEntryView(r, names.get(r.subject_type)?.get(r.subject_id) ?? null)),
      };
    },
  );
};
