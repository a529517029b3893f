import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { ErrorBody, VerificationView, VerifyParams } from '@redline/contracts';
import type { RoutePlugin } from '../../../http/context.ts';
import { verificationPage, verifyDocument } from '../verify.ts';

const tags = ['public'];
const verifyLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } };

/** The public page: never cached, no script, forms only to itself. */
const htmlPage = (reply: FastifyReply) =>
  reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");

/** Public verification of an issued document (the QR code points here): no login, nothing private. */
export const verificationRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/public/verify/:key',
    {
      config: verifyLimit,
      schema: {
        tags,
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
        tags,
        summary: 'Public verification page of an enforcement document (HTML; the QR code points here)',
        params: VerifyParams,
      },
    },
    async (req, reply) => {
      const v = await verifyDocument(db, req.params.key, deps.config.TIME_ZONE);
      htmlPage(reply);
      return reply.status(v.found ? 200 : 404).send(verificationPage(v));
    },
  );

  app.get(
    '/verify',
    {
      config: verifyLimit,
      schema: {
        tags,
        summary: 'Public verification form; ?q=<number> verifies',
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 120 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      htmlPage(reply);
      const q = req.query.q?.trim();
      if (!q) return reply.send(verificationPage(null));
      const v = await verifyDocument(db, q, deps.config.TIME_ZONE);
      return reply.status(v.found ? 200 : 404).send(verificationPage(v));
    },
  );
};
