import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Uuid } from './common.ts';

/** A stored file as the API shows it: checked type, size, image facts and EXIF when present. */
export const FileView = Type.Object({
  id: Uuid,
  sha256: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  originalName: Type.String(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  exifTakenAt: Nullable(Type.String({ format: 'date-time', description: 'capture time read from EXIF' })),
  exifLat: Nullable(Type.Number()),
  exifLng: Nullable(Type.Number()),
  uploadedAt: Type.String({ format: 'date-time' }),
  uploadedBy: Nullable(Uuid),
  url: Type.String({ description: 'GET this (authorised) to fetch the bytes' }),
  derivedFrom: Type.Optional(
    Nullable(
      Type.String({
        format: 'uuid',
        description:
          'a marked-up copy: the original photo it was drawn on (kept unchanged as evidence); null for an original',
      }),
    ),
  ),
});
export type FileView = Static<typeof FileView>;
