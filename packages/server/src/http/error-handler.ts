import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, fromDatabaseError } from '../errors.ts';

/**
 * Maps every failure to `{ error: { code, message, field? } }` with a stable code. Bad input is
 * always a 4xx naming what to fix; only genuine bugs are 500, and their detail stays in the log.
 */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError | Error, req, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send({
        error: { code: error.code, message: error.message, field: error.field, details: error.details },
      });
    }
    const fe = error as FastifyError & {
      validation?: Array<{
        instancePath: string;
        message?: string;
        params?: Record<string, unknown>;
        keyword: string;
      }>;
      validationContext?: string;
    };
    if (fe.validation) {
      const first = fe.validation[0];
      const missing = first?.params?.missingProperty as string | undefined;
      const extra = first?.params?.additionalProperty as string | undefined;
      const path = (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
      const field = missing
        ? path
          ? `${path}.${missing}`
          : missing
        : extra
          ? path
            ? `${path}.${extra}`
            : extra
          : path || undefined;
      const where = fe.validationContext ?? 'body';
      let message: string;
      if (missing) message = `${field} is required`;
      else if (extra) message = `${field} is not a known field of the ${where}`;
      else message = `${field ?? where} ${first?.message ?? 'is invalid'}`;
      return reply.status(400).send({ error: { code: 'VALIDATION', message, field } });
    }
    const status = fe.statusCode ?? 500;
    if (status === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply
        .status(413)
        .send({ error: { code: 'FILE_TOO_LARGE', message: 'The request body or file is too large' } });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send({
        error: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: `Content-Type ${req.headers['content-type'] ?? '(none)'} is not accepted here; send application/json`,
        },
      });
    }
    // A multipart body cut short or without its boundary (busboy's own errors carry no code).
    if (
      /^(Unexpected end of (multipart|form) data|Malformed part header|Part terminated early|Multipart: Boundary not found)/.test(
        error.message,
      )
    ) {
      return reply.status(400).send({
        error: { code: 'BAD_MULTIPART', message: `The multipart body is malformed: ${error.message}` },
      });
    }
    if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.status(400).send({ error: { code: 'BAD_JSON', message: 'The JSON body is empty' } });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return reply
        .status(400)
        .send({ error: { code: 'BAD_JSON', message: `The body is not valid JSON: ${error.message}` } });
    }
    if (status === 429) {
      return reply.status(429).send({
        error: {
          code: 'RATE_LIMITED',
          message: error.message || 'Too many attempts; wait a minute and try again',
        },
      });
    }
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: fe.code ?? 'BAD_REQUEST', message: error.message } });
    }
    // A constraint or value error from the database that a route did not translate is still bad input.
    const fromDb = fromDatabaseError(error);
    if (fromDb)
      return reply
        .status(fromDb.status)
        .send({ error: { code: fromDb.code, message: fromDb.message, field: fromDb.field } });
    req.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged' } });
  });

  app.setNotFoundHandler((req, reply) => {
    reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
  });
}
