import { describe, expect, it } from 'vitest';
import { detectFile } from '../src/storage/detect.ts';
import { readExif, zonedToUtc } from '../src/storage/files.ts';
import { JPEG_24x16, jpegWithExif, png } from './helpers/images.ts';

/** File content checks: the bytes decide what a file is and whether it is whole. */
describe('detectFile', () => {
  it('recognises whole JPEG and PNG images with their dimensions', () => {
    expect(detectFile(JPEG_24x16)).toEqual({
      ok: true,
      mime: 'image/jpeg',
      kind: 'image',
      width: 24,
      height: 16,
    });
    expect(detectFile(png(30, 10))).toEqual({
      ok: true,
      mime: 'image/png',
      kind: 'image',
      width: 30,
      height: 10,
    });
  });

  it('refuses a renamed text file, an HTML page, an SVG and a GIF as unsupported', () => {
    for (const text of [
      'hello, this is not a photo\n',
      '<!doctype html><html><body>x</body></html>',
      '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      'GIF89a\x01\x00\x01\x00',
    ]) {
      const r = detectFile(Buffer.from(text, 'latin1'));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe('UNSUPPORTED_FILE');
    }
  });

  it('refuses a JPEG cut anywhere after its header as broken', () => {
    for (const cut of [4, 20, 200, 400, JPEG_24x16.length - 1]) {
      const r = detectFile(JPEG_24x16.subarray(0, cut));
      expect(r.ok, `cut at ${cut}`).toBe(false);
      if (!r.ok) expect(r.code).toBe('BROKEN_IMAGE');
    }
  });

  it('refuses a PNG that is cut off, has no IEND or fails a checksum', () => {
    const p = png(8, 8);
    expect(detectFile(p.subarray(0, p.length - 12))).toMatchObject({ ok: false, code: 'BROKEN_IMAGE' });
    expect(detectFile(p.subarray(0, 30))).toMatchObject({ ok: false, code: 'BROKEN_IMAGE' });
    const flipped = Buffer.from(p);
    flipped[20] ^= 0x01; // inside IHDR: width changes, checksum no longer matches
    expect(detectFile(flipped)).toMatchObject({ ok: false, code: 'BROKEN_IMAGE' });
  });

  it('accepts a WebP with its size, refuses a truncated one; recognises a PDF with %%EOF', () => {
    const vp8l = Buffer.alloc(30);
    vp8l.write('RIFF', 0, 'latin1');
    vp8l.writeUInt32LE(22, 4);
    vp8l.write('WEBPVP8L', 8, 'latin1');
    vp8l.writeUInt32LE(10, 16);
    vp8l[20] = 0x2f;
    vp8l.writeUInt32LE((99 & 0x3fff) | ((49 & 0x3fff) << 14), 21);
    expect(detectFile(vp8l)).toEqual({ ok: true, mime: 'image/webp', kind: 'image', width: 100, height: 50 });
    const cut = Buffer.from(vp8l);
    cut.writeUInt32LE(4000, 4);
    expect(detectFile(cut)).toMatchObject({ ok: false, code: 'BROKEN_IMAGE' });
    expect(detectFile(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n'))).toMatchObject({
      ok: true,
      mime: 'application/pdf',
      kind: 'pdf',
    });
    expect(detectFile(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>'))).toMatchObject({
      ok: false,
      code: 'BROKEN_FILE',
    });
  });
});

describe('EXIF', () => {
  it('reads the capture time in the configured zone, or with its own offset, and the GPS position', async () => {
    const local = await readExif(
      jpegWithExif({ taken: '2026:11:20 09:30:15', lat: 30.7412, lng: 121.3418 }),
      'Asia/Shanghai',
    );
    expect(local.takenAt?.toISOString()).toBe('2026-11-20T01:30:15.000Z');
    expect(local).toMatchObject({ lat: 30.7412, lng: 121.3418 });
    const offset = await readExif(
      jpegWithExif({ taken: '2026:11:20 09:30:15', offset: '+02:00' }),
      'Asia/Shanghai',
    );
    expect(offset.takenAt?.toISOString()).toBe('2026-11-20T07:30:15.000Z');
    const south = await readExif(jpegWithExif({ lat: -33.8688, lng: -70.5 }), 'UTC');
    expect(south).toMatchObject({ lat: -33.8688, lng: -70.5 });
    expect(await readExif(JPEG_24x16, 'UTC')).toEqual({});
  });

  it('converts wall-clock time in a zone across a DST change', () => {
    expect(zonedToUtc('2026-07-01T12:00:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(zonedToUtc('2026-01-01T12:00:00', 'Europe/Berlin').toISOString()).toBe('2026-01-01T11:00:00.000Z');
  });
});
