import { Type } from '@sinclair/typebox';
import {
  IdParams,
  Participation,
  ParticipationQuery,
  ReportListQuery,
  ReportPage,
  ReportReceipt,
  ReporterView,
  ReportVerifyBody,
  ReportView,
  SiteReportLink,
  WorkerReportBody,
  WorkerSite,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { forbidden } from '../../../errors.ts';
import { listReports, namedReport, participationFigures, visibleSite } from '../repo.ts';
import { workerSites } from '../../points/repo.ts';
import { pointsOfSource } from '../../points/repo.ts';
import { submitWorkerReport } from '../submit-report.ts';
import { verifyReport } from '../verify-report.ts';
import { revealReporter } from '../reveal-reporter.ts';
import { siteReportLink } from '../site-link.ts';
import { participationView, reportListItem, reportView } from '../presenters.ts';
import { monthRange } from '../../../month-range.ts';
import { projectInScope } from '../../points/repo.ts';

const tags = ['public-reports'];
const errors = ERROR_RESPONSES;

/** Handling reports (regulators, enterprises), a worker's reports, site posters and participation figures. */
export const reportRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;
  const detail = async (actor: ReturnType<typeof actorOf>, id: string) => {
    const row = await namedReport(db, actor, id);
    return reportView(row, actor, deps.now(), await pointsOfSource(db, 'public_report', id));
  };

  app.get(
    '/api/report-sites',
    {
      schema: {
        tags,
        summary: 'The sites a worker reports from (their employer’s and their project’s)',
        response: { 200: Type.Array(WorkerSite), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'public_report');
      if (!actor.workerId) return [];
      return (await workerSites(db, actor.workerId)).map((s) => ({
        id: s.id,
        name: s.name,
        enterpriseName: s.enterprise_name,
        address: s.address,
      }));
    },
  );

  app.post(
    '/api/public-reports',
    {
      bodyLimit: Math.ceil((3 * deps.config.MAX_UPLOAD_MB * 1024 * 1024 * 4) / 3) + 64 * 1024,
      schema: {
        tags,
        operationId: 'submitWorkerReport',
        summary: 'A worker reports a hazard or sends a suggestion from one of their sites',
        body: WorkerReportBody,
        response: { 201: ReportReceipt, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'public_report');
      const { row, merged } = await submitWorkerReport(deps, actor, req.body, { ip: req.ip, deviceId: null });
      reply.status(201);
      return {
        id: row.id,
        trackingCode: row.tracking_code,
        status: row.status,
        deadline: new Date(row.deadline).toISOString(),
        mergedAsDuplicate: merged,
      };
    },
  );

  app.get(
    '/api/public-reports',
    {
      schema: {
        tags,
        summary:
          'Reports of your jurisdiction (regulators), your sites (enterprise) or your own (worker), newest first',
        querystring: ReportListQuery,
        response: { 200: ReportPage, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'public_report');
      const page = await listReports(db, actor, req.query, deps.now());
      return { ...page, items: page.items.map((r) => reportListItem(r, actor, deps.now())) };
    },
  );

  app.get(
    '/api/public-reports/:id',
    {
      schema: {
        tags,
        operationId: 'getHandledReport',
        summary: 'One report (never its reporter)',
        params: IdParams,
        response: { 200: ReportView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'public_report');
      return detail(actor, req.params.id);
    },
  );

  app.post(
    '/api/public-reports/:id/verify',
    {
      schema: {
        tags,
        summary:
          'Answer a report: a hazard (created), a duplicate (linked), not a hazard (reason); a suggestion adopted or not',
        params: IdParams,
        body: ReportVerifyBody,
        response: { 200: ReportView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'verify', 'public_report');
      await inTransaction(db, (trx) => verifyReport(trx, actor, req.params.id, req.body, deps.now()));
      return detail(actor, req.params.id);
    },
  );

  app.post(
    '/api/public-reports/:id/reporter',
    {
      schema: {
        tags,
        summary: 'Read who reported (leaders and inspectors; every reading is audited with its purpose)',
        params: IdParams,
        body: Type.Object(
          { purpose: Type.String({ minLength: 4, maxLength: 300 }) },
          { additionalProperties: false },
        ),
        response: { 200: ReporterView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reveal_personal_data', 'public_report');
      return inTransaction(db, (trx) =>
        revealReporter(trx, actor, req.params.id, req.body.purpose.trim(), deps.now()),
      );
    },
  );

  for (const rotate of [false, true]) {
    const url = rotate ? '/api/sites/:id/report-link/rotate' : '/api/sites/:id/report-link';
    const opts = {
      schema: {
        tags,
        summary: rotate
          ? 'Replace the site’s poster token (old posters stop working)'
          : 'The site’s public report address and QR code for its poster (made at the first request)',
        params: IdParams,
        response: { 200: SiteReportLink, ...errors },
      },
    };
    const handler = async (req: { params: { id: string } } & Parameters<typeof actorOf>[0]) => {
      const actor = actorOf(req);
      authorize(actor, 'poster', 'public_report');
      return inTransaction(db, (trx) => siteReportLink(trx, deps, actor, req.params.id, rotate));
    };
    if (rotate) app.post(url, opts, handler);
    else app.get(url, opts, handler);
  }

  for (const kind of ['sites', 'projects'] as const) {
    app.get(
      `/api/${kind}/:id/participation`,
      {
        schema: {
          tags,
          summary: `Participation at a ${kind === 'sites' ? 'site' : 'project'} in a month: reports, verified share (rounded down, counts beside), points issued and redeemed`,
          params: IdParams,
          querystring: ParticipationQuery,
          response: { 200: Participation, ...errors },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        authorize(actor, 'stats', 'public_report');
        if (actor.role === 'worker') throw forbidden();
        if (kind === 'sites') await visibleSite(db, actor, req.params.id);
        else await projectInScope(db, actor, req.params.id);
        const m = monthRange(req.query.month, deps.today(), deps.config.TIME_ZONE);
        const f = await participationFigures(
          db,
          kind === 'sites' ? { siteId: req.params.id } : { projectId: req.params.id },
          m.from,
          m.to,
        );
        return participationView(`${m.month}-01`, m.lastDay, f);
      },
    );
  }
};
