import { loadPdfKit } from '../lazy-packages.ts';
import QRCode from 'qrcode';
import { loadFonts, runsOf, type FontFace, type FontSet, type Weight } from './fonts.ts';

/**
 * Lays out an enforcement document on A4 pages with pdfkit: the authority's name as a red header,
 * title and number, the body blocks, signatures, and on the last page a QR code to the public
 * verification page. Text is drawn in runs so a character missing from the main CJK font falls
 * back to a font that has it.
 */
export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string; indent?: boolean; bold?: boolean; align?: 'left' | 'center' | 'right' }
  | { type: 'fields'; rows: Array<[string, string]> }
  | { type: 'table'; columns: Array<{ title: string; width: number }>; rows: string[][] }
  | { type: 'signatures'; items: Array<{ label: string; value: string }> }
  | { type: 'seal'; lines: string[] }
  | { type: 'spacer'; height?: number };

export interface PdfSpec {
  authorityName: string;
  title: string;
  /** The issued number; null renders a draft. */
  number: string | null;
  blocks: Block[];
  /** Public verification URL (QR code); null for drafts. */
  verifyUrl: string | null;
  /** Printed small at the foot: document id and the record digest. */
  documentId: string;
  contentDigest: string | null;
  /** Fixes the PDF's creation date (the issue time), so the file depends only on the record. */
  createdAt: Date;
  subject?: string;
  /** A report (supervision file) is not a document: no number, no draft mark, a subtitle instead. */
  report?: { subtitle: string };
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = { top: 56, bottom: 72, left: 62, right: 62 };
const BODY = 12;
const LINE_GAP = 5;
const RED = '#c00000';

export async function renderPdf(spec: PdfSpec, fonts?: FontSet): Promise<Buffer> {
  const set = fonts ?? (await loadFonts());
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: A4,
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: spec.number ? `${spec.title} ${spec.number}` : `${spec.title}（草稿）`,
      Author: spec.authorityName,
      Subject: spec.subject ?? spec.title,
      Creator: 'Redline',
      Producer: 'Redline (pdfkit)',
      CreationDate: spec.createdAt,
    },
    lang: 'zh-CN',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const use = (face: FontFace) => selectFont(doc, face);
  const main = (w: Weight) => (w === 'bold' ? set.bold : set.regular);
  const width = A4[0] - MARGIN.left - MARGIN.right;
  const bottom = A4[1] - MARGIN.bottom;

  /** Draws text at the cursor (or x,y), wrapping within `opts.width`, switching fonts per run. */
  const write = (
    text: string,
    o: {
      size?: number;
      weight?: Weight;
      x?: number;
      y?: number;
      width?: number;
      align?: 'left' | 'center' | 'right' | 'justify';
      indent?: number;
      color?: string;
      lineGap?: number;
    } = {},
  ) => {
    const runs = runsOf(set, text, o.weight ?? 'regular');
    doc.fontSize(o.size ?? BODY).fillColor(o.color ?? '#000000');
    const base = {
      width: o.width ?? width,
      align: o.align ?? 'left',
      lineGap: o.lineGap ?? LINE_GAP,
      indent: o.indent ?? 0,
    };
    runs.forEach((r, i) => {
      use(r.face);
      const last = i === runs.length - 1;
      if (i === 0 && o.x !== undefined) doc.text(r.text, o.x, o.y, { ...base, continued: !last });
      else doc.text(r.text, { ...base, continued: !last });
    });
  };
  const heightOf = (text: string, w: number, size = BODY, weight: Weight = 'regular') => {
    use(main(weight));
    doc.fontSize(size);
    return doc.heightOfString(text || ' ', { width: w, lineGap: LINE_GAP });
  };
  const ensure = (h: number) => {
    if (doc.y + h > bottom) doc.addPage();
  };

  // Header: the authority in red, a double rule, title and number.
  write(spec.authorityName, {
    size: 20,
    weight: 'bold',
    align: 'center',
    color: RED,
    x: MARGIN.left,
    y: MARGIN.top,
  });
  doc.moveDown(0.3);
  const ruleY = doc.y;
  doc
    .save()
    .strokeColor(RED)
    .lineWidth(1.6)
    .moveTo(MARGIN.left, ruleY)
    .lineTo(A4[0] - MARGIN.right, ruleY)
    .stroke();
  doc
    .lineWidth(0.5)
    .moveTo(MARGIN.left, ruleY + 3)
    .lineTo(A4[0] - MARGIN.right, ruleY + 3)
    .stroke()
    .restore();
  doc.y = ruleY + 16;
  const qrY = ruleY + 8;
  write(spec.title, { size: 20, weight: 'bold', align: 'center', x: MARGIN.left, y: doc.y });
  doc.moveDown(0.2);
  const numberLine = spec.report ? spec.report.subtitle : (spec.number ?? '（草稿 · 未编号 · 不生效）DRAFT');
  write(numberLine, {
    size: spec.report ? 10 : 12,
    align: 'center',
    x: MARGIN.left,
    y: doc.y,
    color: spec.number || spec.report ? '#000000' : RED,
  });
  doc.moveDown(1);

  // The end block (signatures, seal with the authority and date, and whatever follows it) keeps
  // together with the last lines of the body: it never stands alone on a page. `tail` is the index
  // of the last body block before the seal, `tailH` the height of everything after it.
  const page = A4[1] - MARGIN.top - MARGIN.bottom;
  const sealAt = spec.blocks.findIndex((b) => b.type === 'seal');
  let tail = -1;
  for (let i = sealAt - 1; i >= 0 && tail < 0; i--) {
    const t = spec.blocks[i].type;
    if (t === 'paragraph' || t === 'table' || t === 'heading') tail = i;
  }
  // A last paragraph of a single line takes the paragraph before it along, so that at least two
  // lines of the body stand with the end block.
  const before = spec.blocks[tail - 1];
  const last = spec.blocks[tail];
  if (
    tail > 0 &&
    last.type === 'paragraph' &&
    before.type === 'paragraph' &&
    heightOf(last.text, width, BODY, last.bold ? 'bold' : 'regular') < 1.5 * heightOf('字', width)
  )
    tail--;
  const tailH = tail < 0 ? 0 : spec.blocks.slice(tail + 1).reduce((n, b) => n + heightOfBlock(b), 0);
  const keepTail = tail >= 0 && tailH < page / 2;

  for (const [index, b] of spec.blocks.entries()) {
    const keep = keepTail && index === tail ? tailH : 0;
    switch (b.type) {
      case 'spacer':
        doc.y += b.height ?? BODY;
        break;
      case 'heading':
        ensure(heightOf(b.text, width, 13, 'bold') + 8 + keep);
        doc.y += 4;
        write(b.text, { size: 13, weight: 'bold', x: MARGIN.left, y: doc.y });
        doc.y += 2;
        break;
      case 'paragraph': {
        const weight: Weight = b.bold ? 'bold' : 'regular';
        const h = heightOf(b.text, width, BODY, weight);
        ensure(Math.min(h, 3 * (BODY + LINE_GAP)));
        // Where the end block follows and will not fit after this paragraph, the page breaks
        // earlier so that at least the last two lines go over with it (a short paragraph goes whole).
        const line = heightOf('字', width, BODY, weight);
        const lines = Math.max(1, Math.round(h / line));
        const fitHere = Math.floor((bottom - doc.y + LINE_GAP) / line);
        const thisPage = doc.page;
        if (keep && (lines > fitHere || doc.y + h + 4 + keep > bottom)) {
          const here = Math.min(fitHere, lines - 2);
          if (here < 2) doc.addPage();
          else thisPage.margins.bottom = A4[1] - (doc.y + here * line - LINE_GAP + 1);
        }
        write(b.text, {
          weight,
          align: b.align ?? 'justify',
          indent: b.indent ? 2 * BODY : 0,
          x: MARGIN.left,
          y: doc.y,
        });
        thisPage.margins.bottom = MARGIN.bottom;
        doc.y += 4;
        break;
      }
      case 'fields': {
        const labelW = 126;
        for (const [label, value] of b.rows) {
          const h = Math.max(heightOf(label, labelW - 6), heightOf(value || '—', width - labelW)) + 4;
          ensure(h);
          const y = doc.y;
          write(label, { weight: 'bold', x: MARGIN.left, y, width: labelW - 6 });
          write(value || '—', { x: MARGIN.left + labelW, y, width: width - labelW });
          doc.y = y + h;
        }
        doc.y += 4;
        break;
      }
      case 'table':
        drawTable(b, keep);
        break;
      case 'signatures': {
        const colW = width / 2;
        doc.y += 8;
        for (let i = 0; i < b.items.length; i += 2) {
          const pair = b.items.slice(i, i + 2);
          const h =
            Math.max(
              ...pair.map(
                (s) =>
                  heightOf(s.label, colW - 10, BODY, 'bold') + heightOf(s.value || '（签名）', colW - 10),
              ),
            ) + 14;
          ensure(h);
          const y = doc.y;
          pair.forEach((s, j) => {
            const x = MARGIN.left + j * colW;
            write(s.label, { weight: 'bold', x, y, width: colW - 10 });
            write(s.value || '（签名）', {
              x,
              y: doc.y + 2,
              width: colW - 10,
              color: s.value ? '#000000' : '#777777',
            });
          });
          doc.y = y + h;
        }
        break;
      }
      case 'seal': {
        const h = b.lines.length * (BODY + LINE_GAP) + 24;
        ensure(h);
        doc.y += 18;
        for (const line of b.lines)
          write(line, { align: 'right', x: MARGIN.left, y: doc.y, width: width - 24 });
        break;
      }
    }
  }

  if (spec.verifyUrl) {
    // The QR code sits at the top right of the first page, beside the title.
    doc.switchToPage(doc.bufferedPageRange().start);
    const size = 60;
    const x = A4[0] - MARGIN.right - size + 4;
    await drawQr(doc, spec.verifyUrl, x, qrY, size);
    write('扫码核验', {
      size: 7,
      x: x - 8,
      y: qrY + size + 1,
      width: size + 16,
      align: 'center',
      color: '#555555',
      lineGap: 0,
    });
  } else if (!spec.report) {
    // A draft says so across every page.
    const range = doc.bufferedPageRange();
    for (let p = range.start; p < range.start + range.count; p++) {
      doc.switchToPage(p);
      doc.save().rotate(-35, { origin: [A4[0] / 2, A4[1] / 2] });
      use(set.bold);
      doc
        .fontSize(64)
        .fillColor('#c00000')
        .fillOpacity(0.12)
        .text('草稿 DRAFT', 0, A4[1] / 2 - 40, { width: A4[0], align: 'center', lineBreak: false });
      doc.restore();
      doc.fillOpacity(1);
    }
  }

  // Footer on every page: number and page x of y.
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    const label = `${spec.report ? spec.title : (spec.number ?? '草稿 DRAFT')}\u3000第 ${p - range.start + 1} 页 共 ${range.count} 页`;
    use(set.regular);
    // Writing below the bottom margin must not open a new page.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    write(label, { size: 8, x: MARGIN.left, y: A4[1] - 40, width, align: 'center', color: '#666666' });
    if (spec.verifyUrl && p === range.start + range.count - 1) {
      // The verification line on the last page: where to check, and the digest of the record.
      const line = `核验 Verify: ${spec.verifyUrl}${spec.contentDigest ? `\u3000记录摘要 SHA-256: ${spec.contentDigest}` : ''}`;
      write(line, {
        size: 6.5,
        x: MARGIN.left,
        y: A4[1] - 64,
        width,
        align: 'center',
        color: '#777777',
        lineGap: 1,
      });
    }
    doc.page.margins.bottom = saved;
  }
  doc.end();
  return finished;

  /** The height a block takes when drawn (the end block's parts, measured to keep them together). */
  function heightOfBlock(b: Block): number {
    switch (b.type) {
      case 'spacer':
        return b.height ?? BODY;
      case 'heading':
        return heightOf(b.text, width, 13, 'bold') + 6;
      case 'paragraph':
        return heightOf(b.text, width, BODY, b.bold ? 'bold' : 'regular') + 4;
      case 'fields':
        return (
          b.rows.reduce(
            (n, [label, value]) =>
              n + Math.max(heightOf(label, 120), heightOf(value || '—', width - 126)) + 4,
            0,
          ) + 4
        );
      case 'signatures': {
        const colW = width / 2;
        let n = 8;
        for (let i = 0; i < b.items.length; i += 2)
          n +=
            Math.max(
              ...b.items
                .slice(i, i + 2)
                .map(
                  (s) =>
                    heightOf(s.label, colW - 10, BODY, 'bold') + heightOf(s.value || '（签名）', colW - 10),
                ),
            ) + 14;
        return n;
      }
      case 'seal':
        // As much as the seal's own page check asks for, so that check never breaks the group.
        return Math.max(
          18 + b.lines.reduce((n, l) => n + heightOf(l, width - 24), 0),
          b.lines.length * (BODY + LINE_GAP) + 24,
        );
      case 'table':
        return page;
    }
  }

  /** `keep`: the height of the end block that follows; the last row goes over with it if need be. */
  function drawTable(t: Extract<Block, { type: 'table' }>, keep = 0) {
    const total = t.columns.reduce((n, c) => n + c.width, 0);
    const widths = t.columns.map((c) => (c.width / total) * width);
    const pad = 4;
    const rowHeight = (cells: string[], weight: Weight) =>
      Math.max(...cells.map((c, i) => heightOf(c || '—', widths[i] - 2 * pad, 10.5, weight))) + 2 * pad;
    const drawRow = (cells: string[], weight: Weight, shade: boolean) => {
      const h = rowHeight(cells, weight);
      if (doc.y + h > bottom) {
        doc.addPage();
        drawRow(
          t.columns.map((c) => c.title),
          'bold',
          true,
        );
      }
      const y = doc.y;
      let x = MARGIN.left;
      if (shade) doc.save().rect(MARGIN.left, y, width, h).fill('#f0f0f0').restore();
      cells.forEach((c, i) => {
        doc.save().lineWidth(0.6).strokeColor('#444444').rect(x, y, widths[i], h).stroke().restore();
        write(c || '—', {
          size: 10.5,
          weight,
          x: x + pad,
          y: y + pad,
          width: widths[i] - 2 * pad,
          lineGap: LINE_GAP,
        });
        x += widths[i];
      });
      doc.y = y + h;
    };
    ensure(
      rowHeight(
        t.columns.map((c) => c.title),
        'bold',
      ) + 24,
    );
    drawRow(
      t.columns.map((c) => c.title),
      'bold',
      true,
    );
    t.rows.forEach((r, i) => {
      if (keep && i === t.rows.length - 1 && doc.y + rowHeight(r, 'regular') + 8 + keep > bottom) {
        doc.addPage();
        drawRow(
          t.columns.map((c) => c.title),
          'bold',
          true,
        );
      }
      drawRow(r, 'regular', false);
    });
    doc.y += 8;
  }
}

/**
 * pdfkit parses a font file anew (fontkit.create) for every document, and for a CJK font that
 * parse plus re-warming its glyph and shaping caches is most of the time a PDF takes. The parsed
 * font is kept per face and handed to each new document as a fresh embedded font (its own subset
 * and layout cache), through pdfkit's font-family table. If pdfkit's internals ever differ, the
 * plain registerFont path is used.
 */
const parsedFaces = new Map<
  string,
  { EmbeddedFont: new (doc: unknown, font: unknown, id: string) => unknown; font: unknown }
>();

export function selectFont(doc: PDFKit.PDFDocument, face: FontFace) {
  const d = doc as unknown as {
    _fontFamilies?: Record<string, unknown>;
    _fontCount: number;
    _font?: { font?: unknown; constructor: unknown };
  };
  if (d._fontFamilies && !d._fontFamilies[face.name]) {
    const shared = parsedFaces.get(face.name);
    if (shared) d._fontFamilies[face.name] = new shared.EmbeddedFont(doc, shared.font, `F${++d._fontCount}`);
    else {
      doc.registerFont(face.name, face.src as never, face.family as never);
      doc.font(face.name);
      if (d._font?.font)
        parsedFaces.set(face.name, { EmbeddedFont: d._font.constructor as never, font: d._font.font });
      return;
    }
  } else if (!d._fontFamilies) doc.registerFont(face.name, face.src as never, face.family as never);
  doc.font(face.name);
}

async function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c))
        doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill().restore();
}
