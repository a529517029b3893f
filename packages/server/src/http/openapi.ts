import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { ErrorBody } from '@redline/contracts';
import type { Config } from '../config.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';

/**
 * The served OpenAPI document (`/api/docs/json`), derived centrally from the routes so that route
 * files stay about behaviour:
 * - OpenAPI 3.1.0: its Schema Object is JSON Schema 2020-12, which is what the TypeBox contracts
 *   emit and ajv checks (numeric `exclusiveMinimum`, `const`, `anyOf` with `null`). Declaring 3.0
 *   would mean rewriting every schema into a dialect the server does not validate with.
 * - every operation gets a stable `operationId` from its method and path (`operationIdOf`);
 * - the error answers every route can give are declared once here (`errorStatuses`), all `ErrorBody`;
 * - public and device-token operations say so in `security`; raw answers (CSV, Excel, PDF, images,
 *   HTML, server-sent events) and multipart uploads name their media types.
 */

/** Operations that need no login ('METHOD /url' as registered). */
const PUBLIC = new Set([
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/public/verify/:key',
  'GET /verify/:key',
  'GET /verify',
  'GET /api/public/spot-checks',
  'GET /api/public/spot-checks/authorities/:id',
  'GET /api/public/spot-checks/plans/:id/draw',
  'GET /api/public/projects/:id/materials',
  'GET /api/public/approval-materials/:id/file',
  'GET /api/public/model-projects',
  'GET /api/public/report-sites/:token',
  'GET /api/public/regions',
  'POST /api/public/reports',
  'GET /api/public/reports/:code',
]);
/** Operations authenticated by a device token, not a user's session or API token. */
const DEVICE = new Set([
  'POST /api/ingest/events',
  'POST /api/ingest/adapters/isapi',
  'POST /api/ingest/snapshots',
]);

/** Names derived from the path that would read badly; the key is 'METHOD /url'. */
const OPERATION_IDS: Record<string, string> = {
  'POST /api/auth/login': 'login',
  'POST /api/auth/logout': 'logout',
  'GET /api/auth/me': 'getMe',
  'POST /api/auth/password': 'changePassword',
  'GET /api/auth/tokens': 'listApiTokens',
  'POST /api/auth/tokens': 'createApiToken',
  'DELETE /api/auth/tokens/:id': 'revokeApiToken',
  'GET /api/reference': 'getReferenceData',
  'GET /api/hazards/rectification': 'listHazardsInRectification',
  'GET /api/dashboard': 'getDashboard',
  'GET /api/dashboard.xlsx': 'exportDashboard',
  'POST /api/hazards/:id/actions': 'applyHazardAction',
  'POST /api/alarms/:id/actions': 'applyAlarmAction',
  'POST /api/hazards/:id/evidence': 'uploadHazardEvidence',
  'POST /api/cases/:id/evidence': 'addCaseEvidence',
  'POST /api/inspections/:id/findings/bulk': 'updateInspectionFindings',
  'PUT /api/inspections/:id/findings/:findingId': 'updateInspectionFinding',
  'POST /api/inspections/:id/findings/:findingId/photos': 'uploadInspectionFindingPhoto',
  'DELETE /api/inspections/:id/findings/:findingId/photos/:fileId': 'deleteInspectionFindingPhoto',
  'DELETE /api/inspections/:id/signatures': 'deleteInspectionSignatures',
  'GET /api/inspections/proposal': 'proposeInspectionItems',
  'GET /api/inspection-groups/candidates': 'listInspectionGroupCandidates',
  'GET /api/checklists/items': 'searchChecklistItems',
  'POST /api/checklists/import': 'importChecklist',
  'POST /api/checklists/:id/drafts': 'createChecklistDraft',
  'GET /api/files/:id': 'downloadFile',
  'GET /api/files/:id/meta': 'getFileMeta',
  'POST /api/notifications/read-all': 'markAllNotificationsRead',
  'POST /api/notifications/:id/read': 'markNotificationRead',
  'POST /api/devices/:id/token': 'rotateDeviceToken',
  'POST /api/ingest/events': 'ingestEvents',
  'POST /api/ingest/adapters/isapi': 'ingestIsapiEvents',
  'POST /api/ingest/snapshots': 'uploadSnapshot',
  'GET /api/ingest/stats': 'getIngestStats',
  'GET /api/ingest/rejections': 'listIngestRejections',
  'GET /api/alarms/stream': 'streamAlarms',
  'POST /api/alarms/:id/dispatch': 'dispatchAlarm',
  'POST /api/alarms/:id/enforcement': 'enforceAlarm',
  'GET /api/alarms/:id/enforcement': 'getAlarmEnforcement',
  'GET /api/public/verify/:key': 'verifyDocument',
  'GET /verify/:key': 'verifyDocumentPage',
  'GET /verify': 'verifyDocumentForm',
  'GET /api/supervision-file/:subject/:id': 'getSupervisionFile',
  'GET /api/supervision-file/:subject/:id/pdf': 'getSupervisionFilePdf',
  'POST /api/audit/checkpoint/verify': 'verifyAuditCheckpoint',
  'GET /api/audit/verify': 'verifyAuditChains',
  'GET /api/audit/checkpoint': 'getAuditCheckpoint',
  'GET /api/hazards/stats': 'getHazardStats',
  'GET /api/alarms/stats': 'getAlarmStats',
  'POST /api/alarm-rules/:code/versions': 'createAlarmRuleVersion',
};

/** Words of the path that name actions rather than things (POST /x/{id}/publish → publishX). */
const VERBS = new Set([
  'publish',
  'retire',
  'finish',
  'cancel',
  'issue',
  'correct',
  'close',
  'import',
  'export',
]);

const camel = (s: string) => s.replace(/[-_]+(\w)/g, (_m, c: string) => c.toUpperCase());
const pascal = (s: string) => camel(s).replace(/^\w/, (c) => c.toUpperCase());
function singular(word: string) {
  if (/ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(ss|status)$/.test(word)) return word;
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * A stable operationId from method and path: GET /api/enterprises → listEnterprises,
 * POST /api/enterprises → createEnterprise, GET|PATCH|PUT|DELETE /api/enterprises/{id} →
 * get|update|update|deleteEnterprise, GET /api/inspections/{id}/score → getInspectionScore,
 * GET /api/inspections/{id}/hazards → listInspectionHazards,
 * POST /api/documents/{id}/issue → issueDocument. Irregular names are in OPERATION_IDS.
 */
export function operationIdOf(method: string, url: string): string {
  const explicit = OPERATION_IDS[`${method} ${url}`];
  if (explicit) return explicit;
  const segments = url
    .replace(/^\/api\//, '/')
    .split('/')
    .filter(Boolean);
  const words: string[] = [];
  segments.forEach((s, i) => {
    if (s.startsWith(':')) return;
    const next = segments[i + 1];
    words.push(next?.startsWith(':') ? singular(s) : s);
  });
  const last = segments[segments.length - 1] ?? 'root';
  const endsOnParam = last.startsWith(':');
  let verb: string;
  if (!segments.length) verb = method.toLowerCase();
  else if (!endsOnParam && VERBS.has(last)) {
    verb = last;
    words.pop();
  } else if (method === 'GET')
    verb = !endsOnParam && (segments.length === 1 || /[^s]s$/.test(last)) ? 'list' : 'get';
  else if (method === 'POST') {
    verb = 'create';
    words[words.length - 1] = singular(words[words.length - 1]);
  } else if (method === 'DELETE') verb = 'delete';
  else verb = 'update';
  return verb + words.map(pascal).join('');
}

type Schema = Record<string, unknown>;
interface RouteInfo {
  method: string | string[];
  url: string;
  config?: { rateLimit?: unknown };
}

/**
 * The error statuses a route can answer, beside those it declares itself: 400 for any input
 * (params, query, a body — also malformed JSON), 401 and 403 unless public (authorisation is
 * checked per role), 404 and 414 for a path parameter (no such record; a segment too long),
 * 413 and 415 for methods that take a body, 429 where a rate limit applies.
 */
export function errorStatuses(method: string, route: RouteInfo, schema: Schema | undefined): number[] {
  const statuses = new Set<number>();
  const takesBody = method !== 'GET' && method !== 'HEAD';
  const hasParams = /:/.test(route.url);
  if (schema?.querystring || schema?.params || schema?.body || takesBody) statuses.add(400);
  if (!PUBLIC.has(`${method} ${route.url}`)) {
    statuses.add(401);
    if (!DEVICE.has(`${method} ${route.url}`)) statuses.add(403);
  }
  if (hasParams) statuses.add(404).add(414);
  if (takesBody) statuses.add(413).add(415);
  if (route.config?.rateLimit) statuses.add(429);
  return [...statuses];
}

const binary = { type: 'string', contentMediaType: 'application/octet-stream' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const sheet = (description: string) => ({
  description,
  content: { 'text/csv': { schema: { type: 'string' } }, [XLSX]: { schema: binary } },
});

const HTML = { content: { 'text/html': { schema: { type: 'string' } } } };

/** Answers that are not JSON, by path pattern. */
function rawAnswer(method: string, url: string): [number, Schema] | null {
  if (method !== 'GET') return null;
  if (/\/export$/.test(url) && url.startsWith('/api/checklist-versions/'))
    return [
      200,
      {
        description: 'The version as YAML (default), JSON or Excel',
        content: {
          'application/yaml': { schema: { type: 'string' } },
          'application/json': { schema: {} },
          [XLSX]: { schema: binary },
        },
      },
    ];
  if (/\/export$/.test(url)) return [200, sheet('The list as CSV (UTF-8 with BOM) or Excel')];
  if (/\/import-template$/.test(url)) return [200, sheet('An empty import sheet (CSV or Excel)')];
  if (/[./]xlsx$/.test(url))
    return [200, { description: 'An Excel workbook', content: { [XLSX]: { schema: binary } } }];
  if (/[/.]pdf$/.test(url))
    return [200, { description: 'The PDF', content: { 'application/pdf': { schema: binary } } }];
  if (
    url === '/api/files/:id' ||
    url === '/api/alarms/:id/snapshot' ||
    url === '/api/public/approval-materials/:id/file'
  )
    return [
      200,
      { description: 'The stored file, with its own media type', content: { '*/*': { schema: binary } } },
    ];
  if (url === '/api/alarms/stream')
    return [
      200,
      {
        description: 'Server-sent events: `event: alarm`, data = {kind, alarm}',
        content: { 'text/event-stream': { schema: { type: 'string' } } },
      },
    ];
  if (url.startsWith('/verify')) return [200, { ...HTML, description: 'An HTML page' }];
  return null;
}

/** Uploads read with @fastify/multipart or raw bytes, which have no body schema for Fastify. */
function uploadBody(method: string, url: string): Schema | null {
  if (method !== 'POST') return null;
  if (url === '/api/ingest/snapshots')
    return {
      description: 'JPEG or PNG bytes',
      content: { 'image/jpeg': { schema: binary }, 'image/png': { schema: binary } },
    };
  if (
    /\/import$|\/photos$|\/task-book$/.test(url) ||
    url === '/api/hazards/:id/evidence' ||
    url === '/api/approvals/:id/materials'
  )
    return {
      description: 'The file in the multipart field "file"',
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
            required: ['file'],
          },
        },
      },
    };
  return null;
}

const ERROR_DESCRIPTIONS: Record<number, [string, string]> = {
  400: ['BadRequest', 'Bad input: malformed JSON, a wrong type or value (`error.field` names it)'],
  401: ['Unauthenticated', 'Not logged in, or the session or token is not valid'],
  403: ['Forbidden', 'Your role may not do this'],
  404: ['NotFound', 'No such record in your jurisdiction (another jurisdiction’s record answers the same)'],
  409: ['Conflict', 'The record’s state does not allow this, or it already exists'],
  413: ['TooLarge', 'The body or file is too large'],
  414: ['UrlTooLong', 'A segment of the URL is too long'],
  415: ['UnsupportedMediaType', 'This content type or file type is not accepted here'],
  422: ['Unprocessable', 'Well-formed, but the content cannot be used'],
  429: ['RateLimited', 'Too many attempts; wait and try again'],
  503: ['Unavailable', 'Busy (the ingest queue is full); send again later'],
};

/** @fastify/swagger options: the document's frame, the per-route transform and the final touch. */
export function swaggerOptions(config: Pick<Config, 'PUBLIC_URL'>): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Redline API',
        version: '0.1.0',
        description:
          'Work-safety supervision platform. Authenticate with the session cookie (POST /api/auth/login) or `Authorization: Bearer rlt_…` (an API token). Every error is `{ error: { code, message, field? } }` with a stable code.',
      },
      servers: [
        config.PUBLIC_URL
          ? { url: config.PUBLIC_URL.replace(/\/$/, ''), description: 'This installation' }
          : { url: '/', description: 'The server this document is served from' },
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (rlt_…)' },
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          device: { type: 'http', scheme: 'bearer', description: 'Device token (rld_…)' },
        },
      },
      security: [{ cookie: [] }, { bearer: [] }],
    },
    // Paths are documented as registered (/api/…) whatever PUBLIC_URL says.
    stripBasePath: false,
    transform: ({ schema, url, route }) => {
      const method = ([] as string[]).concat(route.method)[0];
      const key = `${method} ${url}`;
      const own = (schema ?? {}) as Schema;
      const response = { ...((own.response as Schema | undefined) ?? {}) };
      const raw = rawAnswer(method, url);
      if (raw && !Object.keys(response).some((s) => s.startsWith('2'))) response[raw[0]] = raw[1];
      // The public verification pages answer an unknown document with an HTML page too.
      if (url.startsWith('/verify'))
        response[404] ??= { ...HTML, description: 'No such document (an HTML page)' };
      for (const status of errorStatuses(method, route as RouteInfo, own)) response[status] ??= ErrorBody;
      const out: Schema = { ...own, operationId: own.operationId ?? operationIdOf(method, url), response };
      if (PUBLIC.has(key)) out.security = [];
      if (DEVICE.has(key)) out.security = [{ device: [] }];
      // Returned as `schema` only: the route's own schema object (used to validate) is not touched.
      return { schema: out as never, url };
    },
    transformObject: (documentObject) => finish((documentObject as { openapiObject: Schema }).openapiObject),
  };
}

/**
 * The ErrorBody answers become one shared schema and named responses (`#/components/responses/…`);
 * uploads get their request body.
 */
function finish(doc: Schema): Schema {
  const errorJson = canonical(inlineErrorBody());
  const components = doc.components as Schema;
  const responses: Schema = {};
  components.schemas = { ...(components.schemas as Schema), ErrorBody: inlineErrorBody() };
  for (const [url, item] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(item)) {
      const body = uploadBody(method.toUpperCase(), url.replace(/\{(\w+)\}/g, ':$1'));
      if (body && !op.requestBody) op.requestBody = { required: true, ...body };
      for (const [status, answer] of Object.entries(op.responses as Record<string, Schema>)) {
        const content = answer.content as Record<string, { schema: unknown }> | undefined;
        const schema = content?.['application/json']?.schema;
        const named = ERROR_DESCRIPTIONS[Number(status)];
        if (!named || !schema || canonical(schema) !== errorJson) continue;
        responses[named[0]] ??= {
          description: named[1],
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
        };
        (op.responses as Schema)[status] = { $ref: `#/components/responses/${named[0]}` };
      }
    }
  }
  components.responses = responses;
  return doc;
}

/** ErrorBody as @fastify/swagger renders it (its `$id` dropped). */
function inlineErrorBody(): Schema {
  const { $id: _id, ...rest } = JSON.parse(JSON.stringify(ErrorBody)) as Schema;
  void _id;
  return rest;
}

/** JSON with sorted keys, to compare schemas whatever order their keys were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
