import { FileView, InspectionView } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { AppError } from '../../../errors.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { fileView } from '../../../storage/files.ts';
import { addPhoto } from '../add-photo.ts';
import { addPhotoMarkup } from '../add-photo-markup.ts';
import { removePhoto } from '../remove-photo.ts';
import { inspectionView } from '../views.ts';
import { errors, FindingParams, PhotoParams, tags } from '../schemas.ts';

/** Photos of a checklist item, taken on site. */
export const photoRoutes: RoutePlugin = async (app, deps) => {
  const db = () => deps.database.db;

  app.post(
    '/api/inspections/:id/findings/:findingId/photos',
    {
      schema: {
        tags,
        summary:
          'Attach a photo to an item (multipart field "file"): JPEG, PNG, WebP or HEIC, checked by content; EXIF capture time and GPS are read',
        params: FindingParams,
        response: { 201: FileView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      if (!req.isMultipart())
        throw new AppError(
          'BAD_REQUEST',
          'Send the photo as multipart/form-data in the field "file"',
          'file',
        );
      const part = await req.file();
      if (!part)
        throw new AppError('BAD_REQUEST', 'No file in the request; send it in the field "file"', 'file');
      const upload = { buffer: await part.toBuffer(), filename: part.filename, mimetype: part.mimetype };
      const { id, findingId } = req.params;
      const file = await inTransaction(db(), (trx) => addPhoto(trx, deps, actor, id, findingId, upload));
      reply.status(201);
      return fileView(file);
    },
  );

  app.post(
    '/api/inspections/:id/findings/:findingId/photos/:fileId/markup',
    {
      schema: {
        tags,
        summary:
          'Attach a marked-up copy of one of the item\'s photos (multipart field "file"): the original stays unchanged as evidence, the copy is linked to it (derivedFrom)',
        params: PhotoParams,
        response: { 201: FileView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      if (!req.isMultipart())
        throw new AppError(
          'BAD_REQUEST',
          'Send the marked-up photo as multipart/form-data in the field "file"',
          'file',
        );
      const part = await req.file();
      if (!part)
        throw new AppError('BAD_REQUEST', 'No file in the request; send it in the field "file"', 'file');
      const upload = { buffer: await part.toBuffer(), filename: part.filename, mimetype: part.mimetype };
      const { id, findingId, fileId } = req.params;
      const file = await inTransaction(db(), (trx) =>
        addPhotoMarkup(trx, deps, actor, id, findingId, fileId, upload),
      );
      reply.status(201);
      return fileView(file);
    },
  );

  app.delete(
    '/api/inspections/:id/findings/:findingId/photos/:fileId',
    {
      schema: {
        tags,
        summary: 'Take a photo off an item',
        params: PhotoParams,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'record', 'inspection');
      const { id, findingId, fileId } = req.params;
      await inTransaction(db(), (trx) => removePhoto(trx, actor, id, findingId, fileId));
      return inspectionView(db(), actor, id);
    },
  );
};
