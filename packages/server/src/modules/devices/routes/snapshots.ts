import { SnapshotUploadResult } from '@redline/contracts';
import type { RoutePlugin } from '../../../http/context.ts';
import { AppError } from '../../../errors.ts';
import { deviceOfRequest, deviceServices } from '../ingest/index.ts';
import { MAX_SNAPSHOT_BYTES, storeSnapshot } from '../snapshots.ts';
import { ingestErrors as errors } from './errors.ts';

/** Camera snapshots uploaded by devices (token auth); events refer to them by ref. */
export const snapshotsRoutes: RoutePlugin = async (app, deps) => {
  const services = deviceServices(deps);
  const tags = ['ingest'];
  // Snapshots arrive as raw image bytes; the parser is registered only inside this plugin.
  await app.register(async (sub) => {
    sub.addContentTypeParser(
      ['image/jpeg', 'image/png', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_SNAPSHOT_BYTES },
      (_req, body, done) => done(null, body),
    );
    sub.post(
      '/api/ingest/snapshots',
      {
        bodyLimit: MAX_SNAPSHOT_BYTES,
        schema: {
          tags,
          summary:
            'Upload a camera snapshot (JPEG or PNG bytes); use the answer’s ref as image.ref in an event',
          security: [{ bearer: [] }],
          response: { 201: SnapshotUploadResult, ...errors },
        },
      },
      async (req, reply) => {
        const d = await deviceOfRequest(services, req.headers.authorization);
        if (!Buffer.isBuffer(req.body))
          throw new AppError(
            'UNSUPPORTED_FILE',
            'Send the image bytes with Content-Type image/jpeg or image/png',
            'file',
          );
        const stored = await storeSnapshot(deps.database.db, d, req.body);
        reply.status(201);
        return stored;
      },
    );
  });
};
