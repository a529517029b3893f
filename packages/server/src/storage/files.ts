import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FilesTable } from '../db/schema-inspections.ts';
import type { Deps } from '../http/context.ts';
import { AppError } from '../errors.ts';
import { detectFile, type FileKind } from './detect.ts';

/**
 * File storage shared by every feature (inspection photos, signatures, rectification evidence,
 * alarm snapshots). Content is checked by its bytes, size-limited, and stored once per content
 * under DATA_DIR/files/<sha256[0..2]>/<sha256> — a server-made name, never the uploaded one.
 * A `files` row records who uploaded it for which record; it is served only by GET /api/files/:id
 * after asking whether the caller may see that record (see owners.ts).
 */
export type FileRow = Selectable<FilesTable>;

export interface StoreFileInput {
  buffer: Buffer;
  filename: string;
  /** The type the client declared (Content-Type of the part); informative only — the bytes decide. */
  declaredType?: string;
  kinds: readonly FileKind[];
  maxBytes: number;
  uploadedBy: string | null;
  /** Jurisdiction and enterprise of the owning record, for scoping. */
  regionCode: string;
  enterpriseId?: string | null;
  owner?: { kind: string; id: string } | null;
}

export function filesDir(deps: Pick<Deps, 'config'>) {
  return path.join(deps.config.dataDir, 'files');
}

export function blobPath(deps: Pick<Deps, 'config'>, sha256: string) {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad content address');
  return path.join(filesDir(deps), sha256.slice(0, 2), sha256);
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;

/** Checks, stores and records one file; the same content for the same record returns the existing row. */
export async function storeFile(
  deps: Pick<Deps, 'config' | 'database'>,
  input: StoreFileInput,
  db?: Kysely<DB>,
): Promise<FileRow> {
  const { buffer } = input;
  if (buffer.length === 0) throw new AppError('EMPTY_FILE', 'The file is empty', 'file');
  if (buffer.length > input.maxBytes) {
    throw new AppError(
      'FILE_TOO_LARGE',
      `The file is ${mb(buffer.length)}; at most ${mb(input.maxBytes)} is accepted here`,
      'file',
      {
        size: buffer.length,
        maxBytes: input.maxBytes,
      },
    );
  }
  const detected = detectFile(buffer);
  if (!detected.ok) throw new AppError(detected.code, detected.message, 'file');
  if (!input.kinds.includes(detected.kind)) {
    const wanted = input.kinds.includes('pdf')
      ? 'a photo (JPEG, PNG, WebP, HEIC) or a PDF'
      : 'a photo (JPEG, PNG, WebP or HEIC)';
    throw new AppError('UNSUPPORTED_FILE', `This is a ${detected.mime} file; upload ${wanted}`, 'file');
  }
  const sha256 = createHash('sha256').update(buffer).digest('hex');
  writeBlob(deps, sha256, buffer);

  const exif = detected.kind === 'image' ? await readExif(buffer, deps.config.TIME_ZONE) : {};
  const q = db ?? deps.database.db;
  if (input.owner) {
    const existing = await q
      .selectFrom('files')
      .selectAll()
      .where('sha256', '=', sha256)
      .where('owner_kind', '=', input.owner.kind)
      .where('owner_id', '=', input.owner.id)
      .executeTakeFirst();
    if (existing) return existing;
  }
  return q
    .insertInto('files')
    .values({
      sha256,
      mime: detected.mime,
      size: buffer.length,
      original_name: cleanName(input.filename),
      width: detected.ok && 'width' in detected ? (detected.width ?? null) : null,
      height: detected.ok && 'height' in detected ? (detected.height ?? null) : null,
      exif_taken_at: exif.takenAt ?? null,
      exif_lat: exif.lat ?? null,
      exif_lng: exif.lng ?? null,
      uploaded_by: input.uploadedBy,
      region_code: input.regionCode,
      enterprise_id: input.enterpriseId ?? null,
      owner_kind: input.owner?.kind ?? null,
      owner_id: input.owner?.id ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Stores a file the server made itself (a generated report's PDF or workbook): content-addressed like
 * every upload, without the upload checks (the bytes are ours) and without a `files` row (the owning
 * record keeps the SHA-256 and serves the file after its own scope check). Returns the SHA-256.
 */
export function storeGenerated(deps: Pick<Deps, 'config'>, buffer: Buffer): string {
  const sha256 = createHash('sha256').update(buffer).digest('hex');
  writeBlob(deps, sha256, buffer);
  return sha256;
}

/** Content-addressed: written once (atomically, via a temporary name), never overwritten. */
function writeBlob(deps: Pick<Deps, 'config'>, sha256: string, buffer: Buffer) {
  const target = blobPath(deps, sha256);
  if (existsSync(target)) return;
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, buffer, { mode: 0o640 });
  renameSync(tmp, target);
}

/** The uploaded name, kept for display only: no path, no control characters, bounded length. */
function cleanName(name: string) {
  const base = (name || '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
}

export interface ExifFacts {
  takenAt?: Date;
  lat?: number;
  lng?: number;
}

/**
 * Capture time and position from EXIF, when the photo carries them. DateTimeOriginal has no zone:
 * it is read with OffsetTimeOriginal when present, otherwise as local time in TIME_ZONE.
 */
export async function readExif(buffer: Buffer, timeZone: string): Promise<ExifFacts> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(buffer, {
      reviveValues: false,
      gps: true,
      pick: [
        'DateTimeOriginal',
        'CreateDate',
        'OffsetTimeOriginal',
        'OffsetTime',
        'GPSLatitude',
        'GPSLatitudeRef',
        'GPSLongitude',
        'GPSLongitudeRef',
      ],
    });
  } catch {
    return {}; // unreadable EXIF is not an error: the photo is still evidence, without those facts
  }
  if (!tags) return {};
  const out: ExifFacts = {};
  const raw = (tags.DateTimeOriginal ?? tags.CreateDate) as string | undefined;
  const m = typeof raw === 'string' ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw) : null;
  if (m) {
    const offset = (tags.OffsetTimeOriginal ?? tags.OffsetTime) as string | undefined;
    const wall = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
    const at =
      typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset)
        ? new Date(`${wall}${offset}`)
        : zonedToUtc(wall, timeZone);
    if (!Number.isNaN(at.getTime()) && at.getUTCFullYear() > 1990) out.takenAt = at;
  }
  const lat = tags.latitude as number | undefined;
  const lng = tags.longitude as number | undefined;
  if (
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    Math.abs(lat!) <= 90 &&
    Math.abs(lng!) <= 180 &&
    !(lat === 0 && lng === 0)
  ) {
    out.lat = Math.round(lat! * 1e6) / 1e6;
    out.lng = Math.round(lng! * 1e6) / 1e6;
  }
  return out;
}

/** A wall-clock time in a named zone as an instant. */
export function zonedToUtc(wall: string, timeZone: string): Date {
  const asUtc = new Date(`${wall}Z`);
  const offsetAt = (d: Date) => {
    const name =
      new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
        .formatToParts(d)
        .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const mm = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
    return mm ? (mm[1] === '-' ? -1 : 1) * (Number(mm[2]) * 60 + Number(mm[3] ?? 0)) : 0;
  };
  const first = new Date(asUtc.getTime() - offsetAt(asUtc) * 60_000);
  return new Date(asUtc.getTime() - offsetAt(first) * 60_000);
}

/** The public view of a file row. */
export function fileView(f: FileRow) {
  return {
    id: f.id,
    sha256: f.sha256,
    mime: f.mime,
    size: f.size,
    originalName: f.original_name,
    width: f.width,
    height: f.height,
    exifTakenAt: f.exif_taken_at ? new Date(f.exif_taken_at).toISOString() : null,
    exifLat: f.exif_lat,
    exifLng: f.exif_lng,
    uploadedAt: new Date(f.uploaded_at).toISOString(),
    uploadedBy: f.uploaded_by,
    url: `/api/files/${f.id}`,
    derivedFrom: f.derived_from ?? null,
  };
}
