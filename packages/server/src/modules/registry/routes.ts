import { Type } from '@sinclair/typebox';
import { ErrorBody, ExportQuery, IdParams, ImportQuery, ImportReport, Page } from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { AppError } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { RegistryKind, Tx } from './kind.ts';
import { REGISTRY_KINDS } from './kinds.ts';
import { workerExtraRoutes } from './worker-routes.ts';
import { csvOf, readSheet, xlsxOf } from './sheets.ts';
import { importSheet } from './import.ts';
import { auditRegistryWrite } from './audit.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const EXPORT_LIMIT = 50_000;

/** The registry module: the generic routes of each kind, then the workers' own. */
export async function registryModuleRoutes(app: App, deps: Deps) {
  for (const kind of REGISTRY_KINDS) await registryRoutes(app, deps, kind);
  await workerExtraRoutes(app, deps);
}

/** The same seven routes for every registry kind: list, detail, create, edit, import, export, template. */
export async function registryRoutes(app: App, deps: Deps, kind: RegistryKind) {
  const tags = [kind.path];
  const base = `/api/${kind.path}`;
  const { view, input, patch, query } = kind.schemas;
  const tx = <T>(fn: (trx: Tx) => Promise<T>) => inTransaction(deps.database.db, fn);

  app.get(
    base,
    {
      schema: {
        tags,
        summary: `List ${kind.label.en}`,
        querystring: query,
        response: { 200: Page(view), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', kind.kind);
      return kind.list(deps, actor, req.query);
    },
  );

  app.get(
    `${base}/export`,
    {
      schema: {
        tags,
        summary: `Export ${kind.label.en} (CSV or Excel), same filters as the list`,
        querystring: Type.Composite([query, ExportQuery], { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'export', kind.kind);
      const { format = 'csv', ...filters } = req.query as Record<string, unknown> & {
        format?: 'csv' | 'xlsx';
      };
      const { items } = await kind.list(deps, actor, { ...filters, page: 1 }, { limit: EXPORT_LIMIT });
      return sendSheet(reply, kind, items, format, `${kind.path}-${deps.today()}`, 'export');
    },
  );

  app.get(
    `${base}/import-template`,
    { schema: { tags, summary: `An empty import sheet for ${kind.label.en}`, querystring: ExportQuery } },
    async (req, reply) => {
      actorOf(req);
      return sendSheet(reply, kind, [], req.query.format ?? 'csv', `${kind.path}-template`, 'template');
    },
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `One of the ${kind.label.en}`,
        params: IdParams,
        response: { 200: view, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', kind.kind);
      return kind.get(deps, actor, req.params.id);
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: `Register one of the ${kind.label.en}`,
        body: input,
        response: { 201: view, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', kind.kind);
      const id = await tx(async (tx) => {
        const created = await kind.create(deps, actor, req.body, tx);
        await auditRegistryWrite(tx, deps, actor, kind, created, 'create');
        return created;
      });
      reply.status(201);
      return kind.get(deps, actor, id);
    },
  );

  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Edit one of the ${kind.label.en}`,
        params: IdParams,
        body: patch,
        response: { 200: view, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', kind.kind);
      await tx(async (tx) => {
        const before = await kind.get(deps, actor, req.params.id, tx);
        await kind.update(deps, actor, req.params.id, req.body as never, tx);
        await auditRegistryWrite(tx, deps, actor, kind, req.params.id, 'update', before);
      });
      return kind.get(deps, actor, req.params.id);
    },
  );

  app.post(
    `${base}/import`,
    {
      schema: {
        tags,
        summary: `Import ${kind.label.en} from CSV or Excel (multipart field "file")`,
        description:
          'mode=validate reports row errors and changes nothing; commit imports all rows or none; commit_valid imports the valid rows.',
        querystring: ImportQuery,
        response: { 200: ImportReport, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'import', kind.kind);
      if (!req.isMultipart())
        throw new AppError('BAD_REQUEST', 'Send the file as multipart/form-data in the field "file"');
      const file = await req.file();
      if (!file) throw new AppError('BAD_REQUEST', 'No file in the request; send it in the field "file"');
      const buf = await file.toBuffer();
      const sheet = await readSheet(buf, file.filename);
      const report = await importSheet(deps, actor, kind, sheet, req.query.mode ?? 'validate');
      req.log.info(
        {
          kind: kind.kind,
          mode: report.mode,
          rows: report.totalRows,
          imported: report.imported,
          errors: report.errors.length,
        },
        'import',
      );
      return report;
    },
  );
}

async function sendSheet(
  reply: any,
  kind: RegistryKind,
  items: unknown[],
  format: 'csv' | 'xlsx',
  name: string,
  purpose: 'export' | 'template',
) {
  // A template lists what can be imported; an export lists what can be read.
  const columns = kind.columns.filter((c) => (purpose === 'template' ? !c.exportOnly : !c.importOnly));
  if (format === 'xlsx') {
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="${name}.xlsx"`);
    return reply.send(await xlsxOf(kind.label.zh, columns, items));
  }
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${name}.csv"`);
  return reply.send(csvOf(columns, items));
}
