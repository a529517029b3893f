/**
 * The set of code points an sfnt font maps to glyphs, read from its `cmap` table (formats 4 and
 * 12, the ones CJK fonts use). Used to pick a fallback font for characters the main font lacks.
 */
export function codePointsOf(sfnt: Buffer): Set<number> {
  const numTables = sfnt.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const d = 12 + i * 16;
    if (sfnt.toString('latin1', d, d + 4) === 'cmap') cmap = sfnt.readUInt32BE(d + 8);
  }
  if (cmap < 0) throw new Error('font has no cmap table');
  const subtables = sfnt.readUInt16BE(cmap + 2);
  let best = -1;
  let bestFormat = 0;
  for (let i = 0; i < subtables; i++) {
    const e = cmap + 4 + i * 8;
    const platform = sfnt.readUInt16BE(e);
    const encoding = sfnt.readUInt16BE(e + 2);
    const offset = cmap + sfnt.readUInt32BE(e + 4);
    const format = sfnt.readUInt16BE(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12 && bestFormat !== 12) [best, bestFormat] = [offset, 12];
    else if (format === 4 && bestFormat === 0) [best, bestFormat] = [offset, 4];
  }
  const out = new Set<number>();
  if (best < 0) return out;
  if (bestFormat === 12) {
    const groups = sfnt.readUInt32BE(best + 12);
    for (let g = 0; g < groups; g++) {
      const o = best + 16 + g * 12;
      const start = sfnt.readUInt32BE(o);
      const end = sfnt.readUInt32BE(o + 4);
      const startGlyph = sfnt.readUInt32BE(o + 8);
      for (let c = start; c <= end; c++) if (startGlyph + (c - start) !== 0) out.add(c);
    }
    return out;
  }
  const segX2 = sfnt.readUInt16BE(best + 6);
  const ends = best + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  for (let s = 0; s < segX2 / 2; s++) {
    const end = sfnt.readUInt16BE(ends + s * 2);
    const start = sfnt.readUInt16BE(starts + s * 2);
    const delta = sfnt.readInt16BE(deltas + s * 2);
    const ro = sfnt.readUInt16BE(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (ro === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = rangeOffsets + s * 2 + ro + (c - start) * 2;
        glyph = sfnt.readUInt16BE(at);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) out.add(c);
    }
  }
  return out;
}
