import { createReadStream, existsSync } from 'node:fs';
import { IdParams, PublicMaterialsView } from '@redline/contracts';
import type { RoutePlugin } from '../../../http/context.ts';
import { notFound } from '../../../errors.ts';
import { iso } from '../../../db/paging.ts';
import { blobPath } from '../../../storage/files.ts';
import { publicMaterialFile, publicMaterials, publicProject } from '../repo.ts';

const tags = ['public'];
const limit = { rateLimit: { max: 120, timeWindow: '1 minute' } };

/**
 * The project's public page: only materials marked public and still current, with their SHA-256 —
 * no people's names (not the uploader, not the signers). A project with nothing public answers 404.
 */
export const publicMaterialRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;
  app.get(
    '/api/public/projects/:id/materials',
    {
      config: limit,
      schema: {
        tags,
        summary: 'The public approval materials of a project (no login; no personal data)',
        params: IdParams,
        response: { 200: PublicMaterialsView },
      },
    },
    async (req) => {
      const items = await publicMaterials(db, req.params.id);
      const project = items.length ? await publicProject(db, req.params.id) : undefined;
      if (!project) throw notFound('Project');
      return {
        project: { id: project.id, name: project.name, regionName: project.region_name ?? null },
        items: items.map((m) => ({
          id: m.id,
          approvalKind: m.kind,
          approvalTitle: m.title,
          approvalStatus: m.status,
          name: m.name,
          sha256: m.sha256,
          addedAt: iso(m.added_at),
          url: `/api/public/approval-materials/${m.id}/file`,
        })),
      };
    },
  );

  app.get(
    '/api/public/approval-materials/:id/file',
    {
      config: limit,
      schema: { tags, summary: 'The bytes of a public approval material (no login)', params: IdParams },
    },
    async (req, reply) => {
      const m = await publicMaterialFile(db, req.params.id);
      if (!m) throw notFound('Material');
      const file = blobPath(deps, m.sha256);
      if (!existsSync(file)) throw notFound('File content');
      reply.header('content-type', m.mime);
      reply.header('content-length', String(m.size));
      reply.header('etag', `"${m.sha256}"`);
      reply.header(
        'content-security-policy',
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      );
      reply.header(
        'content-disposition',
        `inline; filename="material"; filename*=UTF-8''${encodeURIComponent(m.name)}`,
      );
      return reply.send(createReadStream(file));
    },
  );
};
