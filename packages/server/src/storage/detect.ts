import zlib from 'node:zlib';

/**
 * What a file really is, decided by its bytes — never by its name or the declared type — and
 * whether it is whole. Images must carry their structural markers and readable dimensions, so a
 * renamed text file, a truncated upload or a corrupted photo is refused before it is stored.
 */
export type FileKind = 'image' | 'pdf';
export type DetectedType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'application/pdf';

export type Detection =
  | { ok: true; mime: DetectedType; kind: FileKind; width?: number; height?: number }
  | { ok: false; code: 'UNSUPPORTED_FILE' | 'BROKEN_IMAGE' | 'BROKEN_FILE'; message: string };

export const EXTENSIONS: Record<DetectedType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};

const broken = (what: string, why: string): Detection => ({
  ok: false,
  code: 'BROKEN_IMAGE',
  message: `The ${what} image is damaged or incomplete (${why}); take or export the photo again`,
});

export function detectFile(buf: Buffer): Detection {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return checkJpeg(buf);
  if (buf.length >= 8 && buf.subarray(0, 8).equals(PNG_SIGNATURE)) return checkPng(buf);
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP')
    return checkWebp(buf);
  if (buf.length >= 12 && buf.toString('latin1', 4, 8) === 'ftyp') {
    const brand = buf.toString('latin1', 8, 12);
    if (HEIF_BRANDS.has(brand)) return checkHeif(buf);
  }
  if (buf.length >= 5 && buf.toString('latin1', 0, 5) === '%PDF-') return checkPdf(buf);
  return { ok: false, code: 'UNSUPPORTED_FILE', message: describeUnsupported(buf) };
}

function describeUnsupported(buf: Buffer): string {
  const head = buf.toString('latin1', 0, 16);
  let what = 'not a supported file type';
  if (buf.length >= 6 && (head.startsWith('GIF87a') || head.startsWith('GIF89a')))
    what = 'a GIF image, which is not accepted';
  else if (/^\s*<(\?xml|svg)/i.test(head)) what = 'an SVG/XML document, which is not accepted';
  else if (head.startsWith('PK')) what = 'a ZIP/Office document';
  else if (isMostlyText(buf)) what = 'a text file';
  return `The file is ${what}; upload a JPEG, PNG, WebP or HEIC photo (or a PDF where documents are accepted)`;
}

function isMostlyText(buf: Buffer) {
  const sample = buf.subarray(0, 512);
  if (sample.length === 0) return false;
  let printable = 0;
  for (const b of sample)
    if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128) printable++;
  return printable / sample.length > 0.95;
}

// ---- JPEG: SOI, segments up to a frame header with non-zero dimensions, scan data, EOI.
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function checkJpeg(buf: Buffer): Detection {
  let pos = 2;
  let width = 0;
  let height = 0;
  let sawScan = false;
  while (pos < buf.length) {
    if (buf[pos] !== 0xff) return broken('JPEG', `no segment marker at byte ${pos}`);
    while (pos < buf.length && buf[pos] === 0xff) pos++; // fill bytes
    if (pos >= buf.length) break;
    const marker = buf[pos++];
    if (marker === 0xd9) return broken('JPEG', 'end marker before any image data');
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (pos + 2 > buf.length) return broken('JPEG', 'cut off inside a segment header');
    const len = buf.readUInt16BE(pos);
    if (len < 2 || pos + len > buf.length) return broken('JPEG', 'cut off inside a segment');
    if (SOF.has(marker)) {
      if (len < 7) return broken('JPEG', 'frame header too short');
      height = buf.readUInt16BE(pos + 3);
      width = buf.readUInt16BE(pos + 5);
      if (!width || !height) return broken('JPEG', 'zero width or height');
    }
    pos += len;
    if (marker === 0xda) {
      sawScan = true;
      break;
    }
  }
  if (!sawScan || !width) return broken('JPEG', 'no frame header or scan data');
  // The end-of-image marker must follow the scan data (trailing padding after it is tolerated).
  const tail = buf.lastIndexOf(Buffer.from([0xff, 0xd9]));
  if (tail < pos) return broken('JPEG', 'no end-of-image marker: the file was cut off');
  return { ok: true, mime: 'image/jpeg', kind: 'image', width, height };
}

// ---- PNG: signature, IHDR first (with a correct CRC), chunks that fit, IDAT, IEND.
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const crc32 = (zlib as unknown as { crc32?: (data: Buffer) => number }).crc32;

function checkPng(buf: Buffer): Detection {
  let pos = 8;
  let width = 0;
  let height = 0;
  let sawData = false;
  let first = true;
  while (pos + 12 <= buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return broken('PNG', `bad chunk type at byte ${pos}`);
    if (pos + 12 + len > buf.length) return broken('PNG', `chunk ${type} is cut off`);
    if (crc32) {
      const expected = buf.readUInt32BE(pos + 8 + len);
      if (crc32(buf.subarray(pos + 4, pos + 8 + len)) >>> 0 !== expected)
        return broken('PNG', `chunk ${type} fails its checksum`);
    }
    if (first) {
      if (type !== 'IHDR' || len !== 13) return broken('PNG', 'the header chunk IHDR is missing');
      width = buf.readUInt32BE(pos + 8);
      height = buf.readUInt32BE(pos + 12);
      if (!width || !height) return broken('PNG', 'zero width or height');
      first = false;
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') {
      if (!sawData) return broken('PNG', 'no image data');
      return { ok: true, mime: 'image/png', kind: 'image', width, height };
    }
    pos += 12 + len;
  }
  return broken('PNG', 'no IEND chunk: the file was cut off');
}

// ---- WebP: RIFF size consistent with the file, a VP8/VP8L/VP8X chunk with dimensions.
function checkWebp(buf: Buffer): Detection {
  const riffSize = buf.readUInt32LE(4);
  if (riffSize + 8 > buf.length)
    return broken('WebP', 'shorter than its RIFF header says: the file was cut off');
  if (buf.length < 30) return broken('WebP', 'too short');
  const chunk = buf.toString('latin1', 12, 16);
  let width = 0;
  let height = 0;
  if (chunk === 'VP8 ') {
    if (buf[23] !== 0x9d || buf[24] !== 0x01 || buf[25] !== 0x2a) return broken('WebP', 'bad VP8 frame tag');
    width = buf.readUInt16LE(26) & 0x3fff;
    height = buf.readUInt16LE(28) & 0x3fff;
  } else if (chunk === 'VP8L') {
    if (buf[20] !== 0x2f) return broken('WebP', 'bad VP8L signature');
    const bits = buf.readUInt32LE(21);
    width = (bits & 0x3fff) + 1;
    height = ((bits >> 14) & 0x3fff) + 1;
  } else if (chunk === 'VP8X') {
    width = 1 + buf.readUIntLE(24, 3);
    height = 1 + buf.readUIntLE(27, 3);
  } else return broken('WebP', `unknown chunk ${JSON.stringify(chunk)}`);
  if (!width || !height) return broken('WebP', 'zero width or height');
  return { ok: true, mime: 'image/webp', kind: 'image', width, height };
}

// ---- HEIC/HEIF (iPhone photos): ISO-BMFF boxes that fit the file, an image size ('ispe') property.
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

function checkHeif(buf: Buffer): Detection {
  let pos = 0;
  let sawMeta = false;
  while (pos + 8 <= buf.length) {
    let size = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (size === 1) {
      if (pos + 16 > buf.length) return broken('HEIC', 'cut off inside a box header');
      size = Number(buf.readBigUInt64BE(pos + 8));
    } else if (size === 0) size = buf.length - pos;
    if (size < 8 || pos + size > buf.length) return broken('HEIC', `box ${type} is cut off`);
    if (type === 'meta') sawMeta = true;
    pos += size;
  }
  if (!sawMeta) return broken('HEIC', 'no metadata box');
  const ispe = buf.indexOf('ispe', 0, 'latin1');
  if (ispe < 0 || ispe + 16 > buf.length) return broken('HEIC', 'no image size property');
  const width = buf.readUInt32BE(ispe + 8);
  const height = buf.readUInt32BE(ispe + 12);
  if (!width || !height) return broken('HEIC', 'zero width or height');
  return { ok: true, mime: 'image/heic', kind: 'image', width, height };
}

// ---- PDF: header and an end-of-file marker near the end.
function checkPdf(buf: Buffer): Detection {
  const tail = buf.toString('latin1', Math.max(0, buf.length - 1024));
  if (!tail.includes('%%EOF'))
    return {
      ok: false,
      code: 'BROKEN_FILE',
      message: 'The PDF is incomplete (no %%EOF marker): the file was cut off',
    };
  return { ok: true, mime: 'application/pdf', kind: 'pdf' };
}
