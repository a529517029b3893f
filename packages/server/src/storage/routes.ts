import { createReadStream, existsSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { ErrorBody, FileView, IdParams } from '@redline/contracts';
import { actorOf, type App, type Deps } from '../http/context.ts';
import { inScope, registerScope } from '../auth/scope.ts';
import { sql } from 'kysely';
import { notFound } from '../errors.ts';
import { blobPath, fileView } from './files.ts';
import { fileOwner } from './owners.ts';
import { EXTENSIONS, type DetectedType } from './detect.ts';

registerScope('file', {
  enterprise: (a, e) => sql`${sql.ref(`${a}.enterprise_id`)} = ${e}`,
});

/** Loads a file row if the actor may see the record it belongs to; otherwise 404, like a missing file. */
export async function visibleFile(deps: Deps, actor: Parameters<typeof inScope>[0], id: string) {
  const db = deps.database.db;
  const row = await db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('File');
  const owner = row.owner_kind ? fileOwner(row.owner_kind) : undefined;
  if (row.owner_kind && row.owner_id && owner) {
    if (!(await owner(db, actor, row.owner_id))) throw notFound('File');
    return row;
  }
  const ok = await db
    .selectFrom('files as f')
    .select('f.id')
    .where('f.id', '=', id)
    .where(inScope(actor, 'file', 'f'))
    .executeTakeFirst();
  if (!ok) throw notFound('File');
  return row;
}

/** GET /api/files/:id (the bytes) and /api/files/:id/meta — only through the owning record's scope. */
export async function fileRoutes(app: App, deps: Deps) {
  const tags = ['files'];
  app.get(
    '/api/files/:id',
    {
      schema: {
        tags,
        summary:
          'The bytes of a stored file (photo, signature, document), if you may see the record it belongs to',
        params: IdParams,
        querystring: Type.Object(
          { download: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const row = await visibleFile(deps, actor, req.params.id);
      const file = blobPath(deps, row.sha256);
      if (!existsSync(file)) throw notFound('File content');
      const ext = EXTENSIONS[row.mime as DetectedType] ?? 'bin';
      const name = `${row.id}.${ext}`;
      reply.header('content-type', row.mime);
      reply.header('content-length', String(row.size));
      reply.header('cache-control', 'private, max-age=86400, immutable');
      reply.header('etag', `"${row.sha256}"`);
      reply.header(
        'content-security-policy',
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      );
      reply.header(
        'content-disposition',
        `${req.query.download ? 'attachment' : 'inline'}; filename="${name}"`,
      );
      if (req.headers['if-none-match'] === `"${row.sha256}"`) return reply.status(304).send();
      return reply.send(createReadStream(file));
    },
  );

  app.get(
    '/api/files/:id/meta',
    {
      schema: {
        tags,
        summary:
          'What is known about a stored file: type, size, dimensions, EXIF capture time and position, upload time',
        params: IdParams,
        response: { 200: FileView, 404: ErrorBody, 401: ErrorBody },
      },
    },
    async (req) => fileView(await visibleFile(deps, actorOf(req), req.params.id)),
  );
}
