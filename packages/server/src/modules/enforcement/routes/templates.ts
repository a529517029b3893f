import { DocumentTemplate, KindParams, TemplateView } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { validation } from '../../../errors.ts';
import { effectiveTemplate } from '../templates.ts';
import { saveTemplate } from '../save-template.ts';
import { errors } from './errors.ts';

const tags = ['documents'];

/** Document templates are data, per authority: the one in force, and saving a new version. */
export const templateRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/document-templates/:kind',
    {
      schema: {
        tags,
        summary: 'The template in force for your authority (its own version, else the shipped default)',
        params: KindParams,
        response: { 200: TemplateView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'draft', 'document');
      if (!actor.authorityId) throw validation('authorityId', 'Your account belongs to no authority');
      return effectiveTemplate(db, actor.authorityId, req.params.kind);
    },
  );

  app.put(
    '/api/document-templates/:kind',
    {
      schema: {
        tags,
        summary: "Save a new version of your authority's template for this kind",
        params: KindParams,
        body: DocumentTemplate,
        response: { 200: TemplateView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { authorityId } = await saveTemplate(db, actor, req.params.kind, req.body);
      return effectiveTemplate(db, authorityId, req.params.kind);
    },
  );
};
