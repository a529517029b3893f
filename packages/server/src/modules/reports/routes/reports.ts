import { readFileSync } from 'node:fs';
import {
  IdParams,
  PeriodicReportBody,
  PeriodicReportListQuery,
  PeriodicReportPage,
  PeriodicReportView,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { notFound } from '../../../errors.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { appendAudit } from '../../../audit/chain.ts';
import { blobPath } from '../../../storage/files.ts';
import { findReport, listReports } from '../repo.ts';
import { reportListItem, reportView } from '../presenters.ts';
import { generateReport } from '../generate-report.ts';

const tags = ['reports'];
const errors = ERROR_RESPONSES;
const WHO =
  "Leaders and administrators only (others 403), for regions inside their jurisdiction (another jurisdiction's report answers 404 like a missing one).";
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Periodic reports: generate, list (keyset pages), one with its figures, and its PDF and workbook. */
export const reportRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.post(
    '/api/reports',
    {
      schema: {
        tags,
        summary: 'Generate a monthly, quarterly or yearly report of a region now (numbered and kept)',
        description: `${WHO} The period must have begun; one still running is reported up to today. Figures come from the dashboard's rollups; the number is RPT-<region>-<year>-<serial>, counted per jurisdiction and year.`,
        body: PeriodicReportBody,
        response: { 201: PeriodicReportView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const made = await generateReport(deps, { actor }, req.body);
      const row = await findReport(db, actor, made.id);
      if (!row) throw notFound('Report');
      reply.status(201);
      return reportView(row);
    },
  );

  app.get(
    '/api/reports',
    {
      schema: {
        tags,
        summary: 'Reports of your jurisdiction, newest first (keyset pages)',
        description: WHO,
        querystring: PeriodicReportListQuery,
        response: { 200: PeriodicReportPage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'report');
      const page = await listReports(db, actor, req.query);
      return { ...page, items: page.items.map(reportListItem) };
    },
  );

  app.get(
    '/api/reports/:id',
    {
      schema: {
        tags,
        summary: 'One report with the figures it was generated with',
        description: WHO,
        params: IdParams,
        response: { 200: PeriodicReportView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'report');
      const row = await findReport(db, actor, req.params.id);
      if (!row) throw notFound('Report');
      return reportView(row);
    },
  );

  for (const format of ['pdf', 'xlsx'] as const)
    app.get(
      `/api/reports/:id/${format}`,
      {
        schema: {
          tags,
          summary:
            format === 'pdf'
              ? 'The report as generated: PDF (Chinese, with charts)'
              : 'The report as generated: Excel workbook',
          description: `${WHO} The stored file, byte for byte as generated (its SHA-256 is in the report). Every download is audited.`,
          params: IdParams,
          response: { ...errors },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        authorize(actor, 'export', 'report');
        const row = await findReport(db, actor, req.params.id);
        if (!row) throw notFound('Report');
        const sha = format === 'pdf' ? row.pdf_sha256 : row.xlsx_sha256;
        const body = readFileSync(blobPath(deps, sha));
        await inTransaction(db, (trx) =>
          appendAudit(trx, {
            actor,
            action: 'report.download',
            subjectType: 'periodic_report',
            subjectId: row.id,
            regionCode: row.region_code,
            details: { number: row.number, format, sha256: sha },
            at: deps.now(),
          }),
        );
        const name = `${row.number}-${row.region_name}.${format}`;
        reply.header('content-type', format === 'pdf' ? 'application/pdf' : XLSX);
        reply.header('cache-control', 'no-store');
        reply.header(
          'content-disposition',
          `attachment; filename="${row.number}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        );
        return reply.send(body as never);
      },
    );
};
