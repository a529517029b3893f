import zlib from 'node:zlib';

/**
 * Test images made in code: a real 24×16 JPEG (made once with Chromium's canvas encoder), PNGs
 * written chunk by chunk, and an EXIF block with a capture time and GPS position to splice in.
 */
export const JPEG_24x16 = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAQABgDASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABQAD/8QAJBAAAAQEBgMAAAAAAAAAAAAAABESEwEFBhQVFiRDUWFlo+L/xAAWAQEBAQAAAAAAAAAAAAAAAAAEAwX/xAAdEQABAwUBAAAAAAAAAAAAAAATAAERAgMUITGB/9oADAMBAAIRAxEAPwDWn5FjVxqWGU7ajM+4cBnI3kvR9Aan57gtxpn3k7iSI+o8hnPPjff8g1I42tu/lkcfPENUEiwW31L7yttJEXceRCqCe41b6ZhlW4ozLqHAhOqJ0l2CDYnV/9k=',
  'base64',
);

const crc = (b: Buffer) => {
  const f = (zlib as unknown as { crc32: (b: Buffer) => number }).crc32;
  return f(b) >>> 0;
};
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(body));
  return Buffer.concat([len, body, c]);
}

/** A valid RGB PNG of the given size, one colour, padded with a text chunk to reach `padTo` bytes. */
export function png(width = 8, height = 8, opts: { padTo?: number } = {}) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x80)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const parts = [
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
  ];
  const base = parts.reduce((n, p) => n + p.length, 0) + 12;
  if (opts.padTo && opts.padTo > base + 12)
    parts.push(chunk('tEXt', Buffer.alloc(opts.padTo - base - 12, 0x61)));
  parts.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** EXIF APP1 segment: DateTimeOriginal (and OffsetTimeOriginal when given) and a GPS position. */
export function exifSegment(opts: { taken?: string; offset?: string; lat?: number; lng?: number }) {
  // Little-endian TIFF: header, IFD0 (pointers), Exif IFD, GPS IFD, then value data.
  type Entry = { tag: number; type: number; count: number; value: Buffer };
  const ascii = (s: string) => Buffer.from(s + '\0', 'latin1');
  const rationals = (deg: number) => {
    const a = Math.abs(deg);
    const d = Math.floor(a);
    const m = Math.floor((a - d) * 60);
    const s = Math.round(((a - d) * 60 - m) * 60 * 1000);
    const b = Buffer.alloc(24);
    b.writeUInt32LE(d, 0);
    b.writeUInt32LE(1, 4);
    b.writeUInt32LE(m, 8);
    b.writeUInt32LE(1, 12);
    b.writeUInt32LE(s, 16);
    b.writeUInt32LE(1000, 20);
    return b;
  };
  const exif: Entry[] = [];
  if (opts.taken) exif.push({ tag: 0x9003, type: 2, count: 20, value: ascii(opts.taken) });
  if (opts.offset) exif.push({ tag: 0x9011, type: 2, count: 7, value: ascii(opts.offset) });
  const gps: Entry[] = [];
  if (opts.lat !== undefined && opts.lng !== undefined) {
    gps.push({ tag: 0x0001, type: 2, count: 2, value: ascii(opts.lat >= 0 ? 'N' : 'S') });
    gps.push({ tag: 0x0002, type: 5, count: 3, value: rationals(opts.lat) });
    gps.push({ tag: 0x0003, type: 2, count: 2, value: ascii(opts.lng >= 0 ? 'E' : 'W') });
    gps.push({ tag: 0x0004, type: 5, count: 3, value: rationals(opts.lng) });
  }
  const ifdSize = (n: number) => 2 + n * 12 + 4;
  const ifd0Count = 2;
  const ifd0At = 8;
  const exifAt = ifd0At + ifdSize(ifd0Count);
  const gpsAt = exifAt + ifdSize(exif.length);
  let dataAt = gpsAt + ifdSize(gps.length);
  const data: Buffer[] = [];
  const writeIfd = (entries: Entry[]) => {
    const b = Buffer.alloc(ifdSize(entries.length));
    b.writeUInt16LE(entries.length, 0);
    entries.forEach((e, i) => {
      const o = 2 + i * 12;
      b.writeUInt16LE(e.tag, o);
      b.writeUInt16LE(e.type, o + 2);
      b.writeUInt32LE(e.count, o + 4);
      if (e.value.length <= 4) e.value.copy(b, o + 8);
      else {
        b.writeUInt32LE(dataAt, o + 8);
        data.push(e.value);
        dataAt += e.value.length;
      }
    });
    return b;
  };
  const ptr = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const ifd0 = writeIfd([
    { tag: 0x8769, type: 4, count: 1, value: ptr(exifAt) },
    { tag: 0x8825, type: 4, count: 1, value: ptr(gpsAt) },
  ]);
  const exifIfd = writeIfd(exif);
  const gpsIfd = writeIfd(gps);
  const tiff = Buffer.concat([Buffer.from('II*\0', 'latin1'), ptr(8), ifd0, exifIfd, gpsIfd, ...data]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = 0xe1;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** The test JPEG with an EXIF block spliced in after SOI. */
export function jpegWithExif(opts: Parameters<typeof exifSegment>[0]) {
  return Buffer.concat([JPEG_24x16.subarray(0, 2), exifSegment(opts), JPEG_24x16.subarray(2)]);
}
