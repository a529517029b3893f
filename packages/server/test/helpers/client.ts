import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { LightMyRequestResponse as Response } from 'fastify';
import type { App } from '../../src/http/context.ts';

/**
 * A small HTTP client over `app.inject` for one caller: `auth` is a cookie header
 * (`rl_session=…`, as returned by `login`) or `Bearer rlt_…`.
 */
export function client(app: App, auth?: string) {
  const headers = (): Record<string, string> =>
    !auth ? {} : auth.startsWith('Bearer ') ? { authorization: auth } : { cookie: auth };
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers: headers() }),
    post: (url: string, body?: unknown) =>
      app.inject({
        method: 'POST',
        url,
        headers: headers(),
        ...(body !== undefined && { payload: body as object }),
      }),
    patch: (url: string, body: unknown) =>
      app.inject({ method: 'PATCH', url, headers: headers(), payload: body as object }),
    put: (url: string, body: unknown) =>
      app.inject({ method: 'PUT', url, headers: headers(), payload: body as object }),
    delete: (url: string) => app.inject({ method: 'DELETE', url, headers: headers() }),
    /** Multipart upload in the field "file". */
    upload: (url: string, file: Buffer, filename: string, contentType = 'application/octet-stream') => {
      const { payload, contentType: ct } = multipart(file, filename, contentType);
      return app.inject({ method: 'POST', url, headers: { ...headers(), 'content-type': ct }, payload });
    },
  };
}
export type Client = ReturnType<typeof client>;

export function multipart(file: Buffer, filename: string, contentType: string) {
  const boundary = '----redline' + randomBytes(8).toString('hex');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, file, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Asserts the stable error shape `{ error: { code, message, field? } }` and returns the error. */
export function expectError(
  res: Response,
  status: number,
  expected: { code?: string; field?: string; message?: RegExp } = {},
) {
  expect(res.statusCode, res.body.slice(0, 400)).toBe(status);
  const body = res.json() as { error: { code: string; message: string; field?: string } };
  expect(typeof body.error?.code, res.body).toBe('string');
  expect(typeof body.error?.message, res.body).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  if (expected.code) expect(body.error.code, res.body).toBe(expected.code);
  if (expected.field !== undefined) expect(body.error.field, res.body).toBe(expected.field);
  if (expected.message) expect(body.error.message).toMatch(expected.message);
  return body.error;
}

/** A short random tag, to make names unique and searchable within one test. */
export const uniq = (prefix = 'T') => prefix + randomBytes(4).toString('hex').toUpperCase();

// The formats the contracts use, so responses can be checked against their TypeBox schemas.
if (!FormatRegistry.Has('uuid'))
  FormatRegistry.Set('uuid', (v) =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  );
if (!FormatRegistry.Has('date-time'))
  FormatRegistry.Set('date-time', (v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)));

/** Asserts a response body matches its contract schema, naming the first mismatch. */
export function expectShape(schema: TSchema, value: unknown) {
  const first = Value.Errors(schema, value).First();
  expect(first ? `${first.path}: ${first.message} (got ${JSON.stringify(first.value)})` : null).toBeNull();
}
