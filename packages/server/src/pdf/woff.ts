import { inflateSync } from 'node:zlib';

/**
 * WOFF 1.0 → sfnt (TrueType/OpenType) in memory: read the table directory, inflate each
 * zlib-compressed table, and lay the tables out again behind an sfnt header. pdfkit (fontkit)
 * reads the result like any .ttf/.otf. (WOFF2 needs Brotli plus glyph transforms and renders
 * garbage in pdfkit, so the .woff files are used.)
 */
export function woffToSfnt(woff: Uint8Array): Buffer {
  const buf = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (buf.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const flavor = buf.readUInt32BE(4);
  const numTables = buf.readUInt16BE(12);
  const tables = [];
  for (let i = 0; i < numTables; i++) {
    const o = 44 + i * 20;
    tables.push({
      tag: buf.toString('latin1', o, o + 4),
      offset: buf.readUInt32BE(o + 4),
      compLength: buf.readUInt32BE(o + 8),
      origLength: buf.readUInt32BE(o + 12),
      checksum: buf.readUInt32BE(o + 16),
    });
  }
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const headerLength = 12 + 16 * numTables;
  const total = tables.reduce((n, t) => n + ((t.origLength + 3) & ~3), headerLength);
  const out = Buffer.alloc(total);
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerLength;
  tables.forEach((t, i) => {
    const raw = buf.subarray(t.offset, t.offset + t.compLength);
    const data = t.compLength < t.origLength ? inflateSync(raw) : raw;
    if (data.length !== t.origLength)
      throw new Error(`WOFF table ${t.tag}: expected ${t.origLength} bytes, got ${data.length}`);
    data.copy(out, offset);
    const d = 12 + i * 16;
    out.write(t.tag, d, 'latin1');
    out.writeUInt32BE(t.checksum, d + 4);
    out.writeUInt32BE(offset, d + 8);
    out.writeUInt32BE(t.origLength, d + 12);
    offset += (t.origLength + 3) & ~3;
  });
  return out;
}
