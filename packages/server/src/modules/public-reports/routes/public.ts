import { Type } from '@sinclair/typebox';
import { normaliseCode } from '@redline/domain';
import {
  ErrorBody,
  PublicReportBody,
  ReportReceipt,
  ReportSite,
  ReportTracking,
  SiteToken,
  TrackingCode,
} from '@redline/contracts';
import type { RoutePlugin } from '../../../http/context.ts';
import { notFound } from '../../../errors.ts';
import { searchPlaces, siteByToken, trackingByCode } from '../repo.ts';
import { submitPublicReport } from '../submit-report.ts';
import { trackingView } from '../presenters.ts';

const tags = ['public'];
const DEVICE_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Reporting without an account: the site behind a poster's QR code, the report itself (rate-limited
 * per address in memory here and per address and device in the database), and the tracking page by
 * code — which shows the handling and never anything of the reporter.
 */
export const publicReportRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;
  const photoBytes = deps.config.MAX_UPLOAD_MB * 1024 * 1024;

  app.get(
    '/api/public/report-sites/:token',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'The site of a report poster (public)',
        params: Type.Object({ token: SiteToken }),
        response: { 200: ReportSite, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const s = await siteByToken(db, req.params.token);
      if (!s) throw notFound('Site of this poster (it may have been replaced)');
      return {
        siteName: s.name,
        regionCode: s.region_code,
        regionName: s.region_name ?? '',
        address: s.address,
      };
    },
  );

  app.get(
    '/api/public/regions',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Counties and towns by name, for the place of a report (public)',
        querystring: Type.Object(
          { q: Type.String({ minLength: 1, maxLength: 30 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
          400: ErrorBody,
        },
      },
    },
    async (req) =>
      (await searchPlaces(db, req.query.q)).map((r) => ({
        code: r.code,
        name: r.parent_name ? `${r.parent_name} ${r.name_zh}` : r.name_zh,
      })),
  );

  app.post(
    '/api/public/reports',
    {
      // base64 photos: three at MAX_UPLOAD_MB each, plus the text
      bodyLimit: Math.ceil((3 * photoBytes * 4) / 3) + 64 * 1024,
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Report a hazard without an account; answers a tracking code (public)',
        description:
          'Photos are checked by content (JPEG, PNG, WebP, HEIC) and size. Limits per network address and per device (header X-Device-Id, a random id the page keeps) answer 429 RATE_LIMITED; the first reports always pass. The same photo at the same place within 7 days is merged into the earlier report.',
        body: PublicReportBody,
        response: {
          201: ReportReceipt,
          400: ErrorBody,
          404: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const device = req.headers['x-device-id'];
      const deviceId = typeof device === 'string' && DEVICE_ID.test(device) ? device : null;
      const { row, merged } = await submitPublicReport(deps, req.body, { ip: req.ip, deviceId });
      reply.status(201);
      return {
        trackingCode: row.tracking_code,
        status: row.status,
        deadline: new Date(row.deadline).toISOString(),
        mergedAsDuplicate: merged,
      };
    },
  );

  app.get(
    '/api/public/reports/:code',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Follow a report by its tracking code (public; nothing of the reporter)',
        params: Type.Object({ code: TrackingCode }),
        response: { 200: ReportTracking, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (req) => {
      const code = normaliseCode(req.params.code);
      const row = code ? await trackingByCode(db, code) : undefined;
      if (!row) throw notFound('Report with this tracking code');
      return trackingView(row);
    },
  );
};
