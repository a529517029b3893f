import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { ExportQuery, ImportQuery, ImportReport } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { AppError } from '../../../errors.ts';
import type { KindSchemas, QueryOf, RegistryKind, ViewOf } from '../kind.ts';
import { csvOf, readSheet, xlsxOf } from '../sheets.ts';
import { importSheet } from '../import-sheet.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

const errors = ERROR_RESPONSES;
const EXPORT_LIMIT = 50_000;

/** The spreadsheets of one registry kind: export (the list's filters), import template, import. */
export const sheetRoutes =
  <S extends KindSchemas>(kind: RegistryKind<S>): RoutePlugin =>
  async (app, deps) => {
    const tags = [kind.path];
    const base = `/api/${kind.path}`;

    app.get(
      `${base}/export`,
      {
        schema: {
          tags,
          summary: `Export ${kind.label.en} (CSV or Excel), same filters as the list`,
          querystring: Type.Composite([kind.schemas.query, ExportQuery], { additionalProperties: false }),
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        authorize(actor, 'export', kind.kind);
        // The list's own query plus `format`, as the composite schema above has checked.
        const { format = 'csv', ...filters } = req.query as QueryOf<S> & { format?: 'csv' | 'xlsx' };
        const { items } = await kind.list(
          deps,
          actor,
          { ...filters, cursor: undefined },
          { limit: EXPORT_LIMIT },
        );
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
        const sheet = await readSheet(await file.toBuffer(), file.filename);
        const report = await importSheet(deps, actor, kind, sheet, req.query.mode ?? 'validate');
        const { mode, totalRows: rows, imported } = report;
        req.log.info({ kind: kind.kind, mode, rows, imported, errors: report.errors.length }, 'import');
        return report;
      },
    );
  };

async function sendSheet<S extends KindSchemas>(
  reply: FastifyReply,
  kind: RegistryKind<S>,
  items: ViewOf<S>[],
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
