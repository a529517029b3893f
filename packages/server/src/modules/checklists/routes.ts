import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import {
  ChecklistExportQuery,
  ChecklistImportQuery,
  ChecklistImportReport,
  ChecklistItemHit,
  ChecklistItemInput,
  ChecklistItemQuery,
  ChecklistItemReplace,
  ChecklistLibraryInput,
  ChecklistLibraryList,
  ChecklistLibraryView,
  ChecklistModuleInput,
  ChecklistModulePatch,
  ChecklistVersionPatch,
  ChecklistVersionView,
  ErrorBody,
  IdParams,
  Ok,
  Page,
  type ChecklistImportProblem,
} from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { authorize, registerPolicy } from '../../auth/policy.ts';
import { AppError } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Db } from '../../db/database.ts';
import * as svc from './service.ts';
import { libraryToYaml, parseLibraryText } from './library-file.ts';
import { versionToFile } from './content.ts';
import { libraryFromXlsx, libraryToXlsx } from './excel.ts';

registerPolicy('checklist', {
  read: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager', 'worker'],
  export: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'],
  create: ['admin', 'leader'],
  update: ['admin', 'leader'],
  import: ['admin', 'leader'],
  publish: ['admin', 'leader'],
});

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const MAX_LIBRARY_FILE = 10 * 1024 * 1024;

/** Routes of the checklist library: browse and search, drafts, publish / retire, import / export. */
export async function checklistsRoutes(app: App, deps: Deps) {
  const tags = ['checklists'];
  const db = () => deps.database.db;
  const tx = <T>(fn: (trx: Db) => Promise<T>) => inTransaction(deps.database.db, fn);

  app.get(
    '/api/checklists',
    {
      schema: {
        tags,
        summary: 'Checklist libraries you can see, with their versions',
        response: { 200: ChecklistLibraryList, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      return { items: await svc.listLibraries(db(), actor) };
    },
  );

  app.post(
    '/api/checklists',
    {
      schema: {
        tags,
        summary:
          'Create a library (national: system administrators; local, on top of a national one: your jurisdiction) with an empty draft',
        body: ChecklistLibraryInput,
        response: { 201: ChecklistLibraryView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'checklist');
      const { libraryId } = await tx((trx) => svc.createLibrary(trx, actor, req.body));
      reply.status(201);
      return svc.getLibrary(db(), actor, libraryId);
    },
  );

  app.get(
    '/api/checklists/items',
    {
      schema: {
        tags,
        summary:
          'Search items (Chinese or English words, all must match) across current versions, or within one version',
        querystring: ChecklistItemQuery,
        response: { 200: Page(ChecklistItemHit), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      return svc.searchItems(db(), actor, req.query);
    },
  );

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
        throw new AppError('BAD_REQUEST', 'No file in the request; send it in the field "file"', 400, 'file');
      const buf = await file.toBuffer();
      const isZip =
        buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
      const format: 'yaml' | 'json' | 'xlsx' = isZip
        ? 'xlsx'
        : /^\s*[{[]/.test(buf.subarray(0, 64).toString('utf8'))
          ? 'json'
          : 'yaml';
      const mode = req.query.mode ?? 'validate';
      let problems: ChecklistImportProblem[] = [];
      let library = null;
      if (format === 'xlsx') {
        const r = await libraryFromXlsx(buf);
        if (r.ok) library = r.library;
        else problems = r.problems;
      } else {
        if (buf.includes(0))
          throw new AppError(
            'UNSUPPORTED_FILE',
            `${file.filename} is not a YAML, JSON or Excel file`,
            415,
            'file',
          );
        const r = parseLibraryText(buf.toString('utf8'));
        if (r.ok) library = r.library;
        else problems = r.problems.map((p) => ({ ...p, sheet: null, row: null, column: null }));
      }
      const summary = library
        ? {
            code: library.code,
            name: library.name,
            modules: library.modules.length,
            items: library.modules.reduce((n, m) => n + m.items.length, 0),
            scored: library.scored,
          }
        : null;
      let ids: { libraryId: string; versionId: string } | null = null;
      if (library && mode === 'commit') {
        const lib = library;
        const sha256 = createHash('sha256').update(buf).digest('hex');
        ids = await tx((trx) =>
          svc.importLibrary(trx, actor, lib, {
            libraryId: req.query.libraryId,
            regionCode: req.query.regionCode,
            source: `import: ${file.filename}`.slice(0, 200),
            sha256,
          }),
        );
      }
      req.log.info({ format, mode, problems: problems.length, library: summary?.code }, 'checklist import');
      return {
        mode,
        format,
        ok: problems.length === 0,
        problems,
        library: summary,
        libraryId: ids?.libraryId ?? null,
        versionId: ids?.versionId ?? null,
      };
    },
  );

  app.get(
    '/api/checklists/:id',
    {
      schema: {
        tags,
        summary: 'One library with its versions',
        params: IdParams,
        response: { 200: ChecklistLibraryView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      return svc.getLibrary(db(), actor, req.params.id);
    },
  );

  app.post(
    '/api/checklists/:id/drafts',
    {
      schema: {
        tags,
        summary: 'Start a new draft version, copied from the published one',
        params: IdParams,
        response: { 201: ChecklistVersionView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      const id = await tx((trx) => svc.createDraft(trx, actor, req.params.id));
      reply.status(201);
      return svc.getVersion(db(), actor, id);
    },
  );

  // ---- versions
  app.get(
    '/api/checklist-versions/:id',
    {
      schema: {
        tags,
        summary: 'A version with its modules',
        params: IdParams,
        response: { 200: ChecklistVersionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      return svc.getVersion(db(), actor, req.params.id);
    },
  );

  app.patch(
    '/api/checklist-versions/:id',
    {
      schema: {
        tags,
        summary: "Edit a draft's name, edition, description, summary table",
        params: IdParams,
        body: ChecklistVersionPatch,
        response: { 200: ChecklistVersionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await tx((trx) => svc.patchVersion(trx, actor, req.params.id, req.body));
      return svc.getVersion(db(), actor, req.params.id);
    },
  );

  app.delete(
    '/api/checklist-versions/:id',
    { schema: { tags, summary: 'Discard a draft', params: IdParams, response: { 200: Ok, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await tx((trx) => svc.discardDraft(trx, actor, req.params.id));
      return { ok: true as const };
    },
  );

  app.post(
    '/api/checklist-versions/:id/publish',
    {
      schema: {
        tags,
        summary:
          'Publish a draft (checked as a whole); the version before it is superseded but kept for past inspections',
        params: IdParams,
        response: { 200: ChecklistVersionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'publish', 'checklist');
      await tx((trx) => svc.publishVersion(trx, actor, req.params.id, deps.now()));
      return svc.getVersion(db(), actor, req.params.id);
    },
  );

  app.post(
    '/api/checklist-versions/:id/retire',
    {
      schema: {
        tags,
        summary: 'Retire the published version: no longer proposed for new inspections',
        params: IdParams,
        response: { 200: ChecklistVersionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'publish', 'checklist');
      await tx((trx) => svc.retireVersion(trx, actor, req.params.id, deps.now()));
      return svc.getVersion(db(), actor, req.params.id);
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
      const { version, library } = await svc.versionFor(db(), actor, req.params.id);
      const file = await versionToFile(db(), version.id);
      const name = `${library.code}-v${version.version}`;
      const format = req.query.format ?? 'yaml';
      if (format === 'xlsx') {
        reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        reply.header('content-disposition', `attachment; filename="${name}.xlsx"`);
        return reply.send(await libraryToXlsx(file));
      }
      if (format === 'json') {
        reply.header('content-type', 'application/json; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="${name}.json"`);
        return reply.send(JSON.stringify(file, null, 2));
      }
      reply.header('content-type', 'application/yaml; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${name}.yaml"`);
      return reply.send(
        libraryToYaml(
          file,
          `Redline checklist library ${library.code}, version ${version.version} (${version.status}), exported ${deps.today()}`,
        ),
      );
    },
  );

  // ---- modules
  app.post(
    '/api/checklist-versions/:id/modules',
    {
      schema: {
        tags,
        summary: 'Add a module to a draft',
        params: IdParams,
        body: ChecklistModuleInput,
        response: { 201: ChecklistVersionView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await tx((trx) => svc.addModule(trx, actor, req.params.id, req.body));
      reply.status(201);
      return svc.getVersion(db(), actor, req.params.id);
    },
  );
  app.patch(
    '/api/checklist-modules/:id',
    {
      schema: {
        tags,
        summary: "Edit a draft's module",
        params: IdParams,
        body: ChecklistModulePatch,
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await tx((trx) => svc.patchModule(trx, actor, req.params.id, req.body));
      return { ok: true as const };
    },
  );
  app.delete(
    '/api/checklist-modules/:id',
    {
      schema: {
        tags,
        summary: "Delete a draft's module and its items",
        params: IdParams,
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await tx((trx) => svc.deleteModule(trx, actor, req.params.id));
      return { ok: true as const };
    },
  );

  // ---- items
  app.post(
    '/api/checklist-versions/:id/items',
    {
      schema: {
        tags,
        summary: 'Add an item to a module of a draft',
        params: IdParams,
        body: ChecklistItemInput,
        response: { 201: ChecklistItemHit, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      const id = await tx((trx) => svc.addItem(trx, actor, req.params.id, req.body));
      reply.status(201);
      return svc.getItem(db(), actor, id);
    },
  );
  app.get(
    '/api/checklist-items/:id',
    {
      schema: {
        tags,
        summary: 'One item: what to check, how, how to handle it, legal basis, scoring',
        params: IdParams,
        response: { 200: ChecklistItemHit, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      return svc.getItem(db(), actor, req.params.id);
    },
  );
  app.put(
    '/api/checklist-items/:id',
    {
      schema: {
        tags,
        summary: "Replace a draft's item",
        params: IdParams,
        body: ChecklistItemReplace,
        response: { 200: ChecklistItemHit, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await tx((trx) => svc.replaceItem(trx, actor, req.params.id, req.body));
      return svc.getItem(db(), actor, req.params.id);
    },
  );
  app.delete(
    '/api/checklist-items/:id',
    {
      schema: { tags, summary: "Delete a draft's item", params: IdParams, response: { 200: Ok, ...errors } },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'update', 'checklist');
      await tx((trx) => svc.deleteItem(trx, actor, req.params.id));
      return { ok: true as const };
    },
  );

  // ---- items of one module (library browser)
  app.get(
    '/api/checklist-versions/:id/items',
    {
      schema: {
        tags,
        summary: 'Items of a version (optionally one module), in order',
        params: IdParams,
        querystring: Type.Object(
          {
            moduleId: Type.Optional(Type.String({ format: 'uuid' })),
            q: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(ChecklistItemHit), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'checklist');
      return svc.searchItems(db(), actor, {
        versionId: req.params.id,
        moduleId: req.query.moduleId,
        q: req.query.q,
        page: 1,
        pageSize: 500,
      });
    },
  );
}
