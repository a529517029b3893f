import {
  ChecklistExportQuery,
  ChecklistImportQuery,
  ChecklistImportReport,
  IdParams,
} from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { AppError } from '../../../errors.ts';
import { errors, tags } from '../route-schemas.ts';
import { importLibraryFile } from '../import-library.ts';
import { exportVersion } from '../export-version.ts';

const MAX_LIBRARY_FILE = 10 * 1024 * 1024;

/** Library files: import YAML, JSON or Excel into a draft; export a version in the same formats. */
export const filesRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.post(
    '/api/checklists/import',
    {
      schema: {
        tags,
        summary: 'Import a library from YAML, JSON or Excel (multipart field "file") into a draft',
        description:
          'mode=validate (default) only reports problems, each with its line (YAML/JSON) or sheet row and column (Excel); mode=commit writes the draft when there are none.',
        querystring: ChecklistImportQuery,
        response: { 200: ChecklistImportReport, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'import', 'checklist');
      if (!req.isMultipart())
        throw new AppError('BAD_REQUEST', 'Send the file as multipart/form-data in the field "file"');
      const file = await req.file({ limits: { fileSize: MAX_LIBRARY_FILE } });
      if (!file)
        throw new AppError('BAD_REQUEST', 'No file in the request; send it in the field "file"', 'file');
      const { mode = 'validate', libraryId, regionCode } = req.query;
      const report = await importLibraryFile(
        db,
        actor,
        { buf: await file.toBuffer(), filename: file.filename },
        { mode, libraryId, regionCode },
      );
      const { format, problems, library } = report;
      req.log.info({ format, mode, problems: problems.length, library: library?.code }, 'checklist import');
      return report;
    },
  );

  app.get(
    '/api/checklist-versions/:id/export',
    {
      schema: {
        tags,
        summary: 'Download a version as YAML, JSON or Excel (the import format)',
        params: IdParams,
        querystring: ChecklistExportQuery,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'export', 'checklist');
      const format = req.query.format ?? 'yaml';
      const out = await exportVersion(db, actor, req.params.id, format, deps.today());
      reply.header('content-type', out.contentType);
      reply.header('content-disposition', `attachment; filename="${out.fileName}"`);
      return reply.send(out.body);
    },
  );
};
