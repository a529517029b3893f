import { Type } from '@sinclair/typebox';
import {
  CaseEvidenceBody,
  CaseQuery,
  CaseSummary,
  CaseView,
  CloseCaseBody,
  CorrectDocumentBody,
  DocumentQuery,
  DocumentSummary,
  DocumentTemplate,
  DocumentView,
  DraftDocumentBody,
  ErrorBody,
  IdParams,
  KindParams,
  OpenCaseBody,
  Page,
  PatchDocumentBody,
  SupervisionFile,
  SupervisionParams,
  TemplateView,
  VerificationView,
  VerifyParams,
} from '@redline/contracts';
import { sql } from 'kysely';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { inScope } from '../../auth/scope.ts';
import { AppError, validation } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { appendAudit } from '../../audit/chain.ts';
import { pageOf, searchAny } from '../../db/paging.ts';
import './access.ts';
import {
  documentPdf,
  documentView,
  draftDocument,
  editDraft,
  issueDocument,
  loadDocument,
  summaryColumns,
  summaryOf,
} from './documents.ts';
import { defaultTemplates, effectiveTemplate, templateProblems } from './templates.ts';
import { verificationPage, verifyDocument } from './verify.ts';
import { addCaseEvidence, caseView, closeCase, listCases, openCase } from './cases.ts';
import { supervisionFile, supervisionFilePdf } from './supervision-file.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * Routes of issue 4: enforcement documents and their templates, public verification, cases, the
 * supervision file.
 */
export async function enforcementRoutes(app: App, deps: Deps) {
  const { db } = deps.database;
  const tx = <T>(fn: (trx: typeof db) => Promise<T>) => inTransaction(db, fn);

  // Shipped templates are checked at start: a broken data file stops the server with its name.
  defaultTemplates();

  // ---- documents
  const tags = ['documents'];
  app.get(
    '/api/documents',
    {
      schema: {
        tags,
        summary: 'Enforcement documents of your jurisdiction (an enterprise: those issued to it)',
        querystring: DocumentQuery,
        response: { 200: Page(DocumentSummary), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'document');
      const q = req.query;
      let base = db.selectFrom('documents as d').where(inScope(actor, 'document', 'd'));
      if (actor.role === 'enterprise_manager') base = base.where('d.status', '=', 'issued');
      if (q.kind) base = base.where('d.kind', '=', q.kind);
      if (q.status) base = base.where('d.status', '=', q.status);
      if (q.enterpriseId) base = base.where('d.enterprise_id', '=', q.enterpriseId);
      if (q.projectId) base = base.where('d.project_id', '=', q.projectId);
      if (q.caseId) base = base.where('d.case_id', '=', q.caseId);
      if (q.inspectionId) base = base.where('d.inspection_id', '=', q.inspectionId);
      if (q.hazardId) base = base.where(sql<boolean>`${q.hazardId}::uuid = ANY(d.hazard_ids)`);
      if (q.year) base = base.where('d.year', '=', q.year);
      if (q.q) base = base.where(searchAny(q.q, ['d.title', 'd.number']));
      const page = await pageOf(base, summaryColumns, {
        ...q,
        sortColumn: 'd.created_at',
        order: q.order ?? 'desc',
        idColumn: 'd.id',
      });
      return { ...page, items: page.items.map(summaryOf) };
    },
  );

  app.post(
    '/api/documents',
    {
      schema: {
        tags,
        summary:
          'Draft a document from the records it concerns (hazards, an inspection, a case, the order a review follows)',
        body: DraftDocumentBody,
        response: { 201: DocumentView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const b = req.body;
      const id = await tx((trx) =>
        draftDocument(trx, deps, actor, {
          kind: b.kind,
          subject: { enterpriseId: b.enterpriseId, projectId: b.projectId, siteId: b.siteId },
          hazardIds: b.hazardIds,
          inspectionId: b.inspectionId,
          alarmId: b.alarmId,
          caseId: b.caseId,
          followsId: b.followsId,
          facts: b.facts,
        }),
      );
      reply.status(201);
      return documentView(db, deps, actor, id);
    },
  );

  app.get(
    '/api/documents/:id',
    {
      schema: {
        tags,
        summary: 'One document with its facts',
        params: IdParams,
        response: { 200: DocumentView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'document');
      return documentView(db, deps, actor, req.params.id);
    },
  );

  app.patch(
    '/api/documents/:id',
    {
      schema: {
        tags,
        summary: "Change a draft's editable facts (deadline, measures, texts); null removes your change",
        params: IdParams,
        body: PatchDocumentBody,
        response: { 200: DocumentView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await tx((trx) => editDraft(trx, deps, actor, req.params.id, req.body.facts));
      return documentView(db, deps, actor, req.params.id);
    },
  );

  app.delete(
    '/api/documents/:id',
    {
      schema: {
        tags,
        summary: 'Discard a draft (issued documents cannot be deleted)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'draft', 'document');
      await tx(async (trx) => {
        const doc = await loadDocument(trx, actor, req.params.id, true);
        if (doc.status !== 'draft')
          throw new AppError(
            'ISSUED_IMMUTABLE',
            `${doc.number} is issued and cannot be deleted; issue a correction instead`,
            409,
          );
        await trx.deleteFrom('documents').where('id', '=', doc.id).execute();
        await appendAudit(trx, {
          actor,
          action: 'document.discard',
          subjectType: 'document',
          subjectId: doc.id,
          regionCode: doc.region_code,
          before: { kind: doc.kind, facts: doc.facts },
          details: { kind: doc.kind },
        });
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/documents/:id/issue',
    {
      schema: {
        tags,
        summary:
          'Issue a draft: number it, render and store the PDF, apply it to its records, audit — all or nothing',
        params: IdParams,
        response: { 200: DocumentView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await tx((trx) => issueDocument(trx, deps, actor, req.params.id));
      return documentView(db, deps, actor, req.params.id);
    },
  );

  app.post(
    '/api/documents/:id/correct',
    {
      schema: {
        tags,
        summary: 'Draft a correction of an issued document: a new document that supersedes it and says so',
        params: IdParams,
        body: CorrectDocumentBody,
        response: { 201: DocumentView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const old = await loadDocument(db, actor, req.params.id);
      const id = await tx((trx) =>
        draftDocument(trx, deps, actor, {
          kind: old.kind as never,
          supersedesId: old.id,
          correctionReason: req.body.reason,
          facts: req.body.facts,
        }),
      );
      reply.status(201);
      return documentView(db, deps, actor, id);
    },
  );

  app.get(
    '/api/documents/:id/pdf',
    {
      schema: {
        tags,
        summary:
          'The PDF: the stored file of an issued document, or a watermarked unnumbered preview of a draft',
        params: IdParams,
        querystring: Type.Object(
          { download: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'document');
      const { pdf, filename, issued } = await documentPdf(db, deps, actor, req.params.id);
      reply.header('content-type', 'application/pdf');
      reply.header('cache-control', issued ? 'private, max-age=3600' : 'no-store');
      reply.header(
        'content-disposition',
        `${req.query.download ? 'attachment' : 'inline'}; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      );
      return reply.send(pdf as never);
    },
  );

  // ---- templates (data, per authority)
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
      authorize(actor, 'manage_templates', 'document');
      if (!actor.authorityId) throw validation('authorityId', 'Your account belongs to no authority');
      if (req.body.kind !== req.params.kind)
        throw validation('kind', `The template is for ${req.body.kind}, not ${req.params.kind}`);
      const problems = templateProblems(req.body);
      if (problems.length) throw validation('blocks', problems.join('; '));
      await tx(async (trx) => {
        const last = await trx
          .selectFrom('document_templates')
          .select(sql<number>`coalesce(max(version), 0)::int`.as('v'))
          .where('authority_id', '=', actor.authorityId!)
          .where('kind', '=', req.params.kind)
          .executeTakeFirstOrThrow();
        const version = Math.max(last.v, 1000) + 1; // authority versions count from 1001, apart from shipped defaults
        await trx
          .insertInto('document_templates')
          .values({
            authority_id: actor.authorityId!,
            kind: req.params.kind,
            version,
            body: JSON.stringify({ ...req.body, version }),
            created_by: actor.userId,
          })
          .execute();
        const a = await trx
          .selectFrom('authorities')
          .select('region_code')
          .where('id', '=', actor.authorityId!)
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          actor,
          action: 'document_template.save',
          subjectType: 'document_template',
          subjectId: `${actor.authorityId}:${req.params.kind}`,
          regionCode: a.region_code,
          after: req.body,
          details: { kind: req.params.kind, version },
        });
      });
      return effectiveTemplate(db, actor.authorityId, req.params.kind);
    },
  );

  // ---- public verification: no login, nothing private
  const verifyLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } };
  app.get(
    '/api/public/verify/:key',
    {
      config: verifyLimit,
      schema: {
        tags: ['public'],
        summary: 'Verify an enforcement document by id or number (public)',
        params: VerifyParams,
        response: { 200: VerificationView, 400: ErrorBody },
      },
    },
    async (req) => verifyDocument(db, req.params.key, deps.config.TIME_ZONE),
  );
  app.get(
    '/verify/:key',
    {
      config: verifyLimit,
      schema: {
        tags: ['public'],
        summary: 'Public verification page of an enforcement document (HTML; the QR code points here)',
        params: VerifyParams,
      },
    },
    async (req, reply) => {
      const v = await verifyDocument(db, req.params.key, deps.config.TIME_ZONE);
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        );
      return reply.status(v.found ? 200 : 404).send(verificationPage(v));
    },
  );
  app.get(
    '/verify',
    {
      config: verifyLimit,
      schema: {
        tags: ['public'],
        summary: 'Public verification form; ?q=<number> verifies',
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 120 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        );
      const q = req.query.q?.trim();
      if (!q) return reply.send(verificationPage(null));
      const v = await verifyDocument(db, q, deps.config.TIME_ZONE);
      return reply.status(v.found ? 200 : 404).send(verificationPage(v));
    },
  );

  // ---- cases
  const caseTags = ['cases'];
  app.get(
    '/api/cases',
    {
      schema: {
        tags: caseTags,
        summary: 'Enforcement cases of your jurisdiction',
        querystring: CaseQuery,
        response: { 200: Page(CaseSummary), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'case');
      return listCases(db, actor, req.query);
    },
  );
  app.post(
    '/api/cases',
    {
      schema: {
        tags: caseTags,
        summary: 'Open a case (numbered per authority and year)',
        body: OpenCaseBody,
        response: { 201: CaseView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((trx) => openCase(trx, deps, actor, req.body));
      reply.status(201);
      return caseView(db, actor, id);
    },
  );
  app.get(
    '/api/cases/:id',
    {
      schema: {
        tags: caseTags,
        summary: 'One case with its documents and timeline',
        params: IdParams,
        response: { 200: CaseView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'case');
      return caseView(db, actor, req.params.id);
    },
  );
  app.post(
    '/api/cases/:id/evidence',
    {
      schema: {
        tags: caseTags,
        summary: 'Attach stored files (photos, records) to a case as evidence',
        params: IdParams,
        body: CaseEvidenceBody,
        response: { 200: CaseView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await tx((trx) => addCaseEvidence(trx, deps, actor, req.params.id, req.body.fileIds));
      return caseView(db, actor, req.params.id);
    },
  );
  app.post(
    '/api/cases/:id/close',
    {
      schema: {
        tags: caseTags,
        summary: 'Close a case with a note',
        params: IdParams,
        body: CloseCaseBody,
        response: { 200: CaseView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await tx((trx) => closeCase(trx, actor, req.params.id, req.body.note));
      return caseView(db, actor, req.params.id);
    },
  );

  // ---- supervision file
  app.get(
    '/api/supervision-file/:subject/:id',
    {
      schema: {
        tags: ['supervision-file'],
        summary: 'Everything that happened to an enterprise or project, as one timeline',
        params: SupervisionParams,
        response: { 200: SupervisionFile, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'supervision_file');
      return supervisionFile(db, actor, req.params.subject, req.params.id);
    },
  );
  app.get(
    '/api/supervision-file/:subject/:id/pdf',
    {
      schema: {
        tags: ['supervision-file'],
        summary: 'The supervision file as one PDF dossier',
        params: SupervisionParams,
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'supervision_file');
      const { pdf, filename } = await supervisionFilePdf(db, deps, actor, req.params.subject, req.params.id);
      reply.header('content-type', 'application/pdf').header('cache-control', 'no-store');
      reply.header(
        'content-disposition',
        `attachment; filename="dossier.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      );
      return reply.send(pdf as never);
    },
  );
}
