import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { codePointsOf } from './cmap.ts';
import { woffToSfnt } from './woff.ts';

/**
 * Fonts for Chinese PDFs. By default Noto Sans SC from the npm package @fontsource/noto-sans-sc:
 * its "chinese-simplified" .woff (≈ 8,000 characters: GB 2312 and more, with ASCII and CJK
 * punctuation) converted to sfnt in memory once per process (≈ 100 ms). Characters outside it
 * (rare given names, symbols such as ①) are drawn with the package's numbered unicode-range
 * subsets, loaded on first use. A system Noto Sans CJK SC (found with fc-list) is used when the
 * package is missing, or when REDLINE_PDF_FONT=system.
 *
 * Why the package first although a system font may be present: the same record then renders to
 * the same PDF on every machine, and it is faster — the system .ttc is CFF with large subroutine
 * tables, and subsetting it cost 3–4× the CPU per document in our measurements (≈ 150 ms against
 * ≈ 40 ms for the package's TrueType outlines).
 */
export type Weight = 'regular' | 'bold';

export interface FontFace {
  /** pdfkit font name to register. */
  name: string;
  src: Buffer | string;
  /** PostScript name inside a collection (.ttc). */
  family?: string;
  /** Code points with a glyph; null = treat as complete (system CJK fonts). */
  covers: Set<number> | null;
}

export interface FontSet {
  source: 'system' | 'fontsource';
  regular: FontFace;
  bold: FontFace;
  /** A font that has this character when the main face lacks it, or null. */
  fallback(cp: number, weight: Weight): FontFace | null;
}

const require = createRequire(import.meta.url);

let cached: Promise<FontSet> | null = null;

export function loadFonts(opts: { prefer?: 'system' | 'fontsource' } = {}): Promise<FontSet> {
  const prefer = opts.prefer ?? (process.env.REDLINE_PDF_FONT === 'system' ? 'system' : 'fontsource');
  const pick = () =>
    prefer === 'system'
      ? (systemFonts() ?? fontsourceFonts())
      : (fontsourceOrNull() ?? systemFonts() ?? fontsourceFonts());
  if (opts.prefer) return Promise.resolve().then(pick);
  cached ??= Promise.resolve().then(pick);
  return cached;
}

function fontsourceOrNull(): FontSet | null {
  try {
    return fontsourceFonts();
  } catch {
    return null;
  }
}

/** A system Noto Sans CJK SC / Noto Sans SC, regular and bold, if fontconfig knows one. */
function systemFonts(): FontSet | null {
  let listing = '';
  try {
    listing = execFileSync(
      'fc-list',
      ['-f', '%{file}|%{postscriptname}|%{family}|%{style}\\n', ':lang=zh-cn'],
      { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
  } catch {
    return null;
  }
  const faces = listing
    .split('\n')
    .map((l) => l.split('|'))
    .filter(
      (p) =>
        p.length >= 4 &&
        /Noto Sans (CJK )?SC/i.test(p[2]) &&
        /\.(ttf|otf|ttc)$/i.test(p[0]) &&
        existsSync(p[0]),
    );
  const pick = (style: RegExp) => faces.find((p) => style.test(p[3]));
  const regular = pick(/^Regular\b|,Regular\b/i);
  const bold = pick(/^Bold\b|,Bold\b/i) ?? regular;
  if (!regular || !bold) return null;
  const face = (p: string[], name: string): FontFace => ({
    name,
    src: readFileSync(p[0]),
    family: /\.ttc$/i.test(p[0]) ? p[1] : undefined,
    covers: null,
  });
  return {
    source: 'system',
    regular: face(regular, 'cjk-regular'),
    bold: face(bold, 'cjk-bold'),
    fallback: () => null,
  };
}

function fontsourceDir(): string {
  return path.join(path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json')), 'files');
}

function fontsourceFonts(): FontSet {
  const dir = fontsourceDir();
  const load = (file: string, name: string): FontFace => {
    const src = woffToSfnt(readFileSync(path.join(dir, file)));
    return { name, src, covers: codePointsOf(src) };
  };
  const regular = load('noto-sans-sc-chinese-simplified-400-normal.woff', 'sc-regular');
  const bold = load('noto-sans-sc-chinese-simplified-700-normal.woff', 'sc-bold');
  const ranges = subsetRanges();
  const extra = new Map<string, FontFace>();
  return {
    source: 'fontsource',
    regular,
    bold,
    fallback(cp, weight) {
      const subset = ranges.find((r) => r.ranges.some(([a, b]) => cp >= a && cp <= b));
      if (!subset) return null;
      const key = `${subset.key}-${weight}`;
      let face = extra.get(key);
      if (!face) {
        const file = `noto-sans-sc-${subset.key}-${weight === 'bold' ? 700 : 400}-normal.woff`;
        if (!existsSync(path.join(dir, file))) return null;
        face = load(file, `sc-${key}`);
        extra.set(key, face);
      }
      return face.covers?.has(cp) ? face : null;
    },
  };
}

/** The package's unicode-range subsets ("[12]" → file noto-sans-sc-12-…), from its unicode.json. */
function subsetRanges(): Array<{ key: string; ranges: Array<[number, number]> }> {
  const json = JSON.parse(readFileSync(path.join(fontsourceDir(), '..', 'unicode.json'), 'utf8')) as Record<
    string,
    string
  >;
  return Object.entries(json).map(([k, v]) => ({
    key: k.replace(/^\[|\]$/g, ''),
    ranges: v.split(',').map((part) => {
      const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(a, 16), parseInt(b ?? a, 16)] as [number, number];
    }),
  }));
}

export interface Run {
  text: string;
  face: FontFace;
}

/** Splits text into runs that one font can draw each: the main face, or a fallback for what it lacks. */
export function runsOf(fonts: FontSet, text: string, weight: Weight = 'regular'): Run[] {
  const main = weight === 'bold' ? fonts.bold : fonts.regular;
  if (!main.covers) return [{ text, face: main }];
  const runs: Run[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const face = main.covers.has(cp) || cp < 0x20 ? main : (fonts.fallback(cp, weight) ?? main);
    const last = runs[runs.length - 1];
    if (last && last.face === face) last.text += ch;
    else runs.push({ text: ch, face });
  }
  return runs;
}
