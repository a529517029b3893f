import type { PeriodicReportFigures } from '@redline/contracts';
import { loadPdfKit } from '../../lazy-packages.ts';
import { loadFonts, runsOf, type Weight } from '../../pdf/fonts.ts';
import { selectFont } from '../../pdf/render.ts';
import { n, pct, rateText } from './text.ts';

/**
 * A periodic report as an A4 PDF (pdfkit, Noto Sans SC as the enforcement documents use): a red
 * header with the jurisdiction, the title, number and period; the key figures as a table; charts
 * drawn with pdfkit's own paths (problems by child region as paired bars, by checklist module as
 * horizontal bars, the 12-month trend as lines); the child regions as a table; on every page a
 * footer with the number, page x of y and the generation time in the jurisdiction's zone.
 */
export interface ReportDocument {
  number: string;
  title: string;
  regionName: string;
  periodLabel: string;
  from: string;
  to: string;
  /** "2026-12-07 14:03（Asia/Shanghai）" */
  generatedAtText: string;
  generatedBy: string;
  figures: PeriodicReportFigures;
  createdAt: Date;
}

const A4: [number, number] = [595.28, 841.89];
const M = { top: 50, bottom: 64, left: 56, right: 56 };
const RED = '#c00000';
const BLUE = '#2f6fb0';
const GREEN = '#3a9a5b';
const ORANGE = '#d9822b';
const GREY = '#666666';

export async function reportPdf(r: ReportDocument): Promise<Buffer> {
  const fonts = await loadFonts();
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: A4,
    margins: M,
    bufferPages: true,
    info: {
      Title: `${r.title} ${r.number}`,
      Author: 'Redline',
      Subject: `${r.regionName} ${r.periodLabel}`,
      Creator: 'Redline',
      Producer: 'Redline (pdfkit)',
      CreationDate: r.createdAt,
    },
    lang: 'zh-CN',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = A4[0] - M.left - M.right;
  const bottom = A4[1] - M.bottom;

  type W = {
    size?: number;
    weight?: Weight;
    x?: number;
    y?: number;
    width?: number;
    align?: 'left' | 'center' | 'right';
    color?: string;
    lineGap?: number;
  };
  const write = (text: string, o: W = {}) => {
    const runs = runsOf(fonts, text, o.weight ?? 'regular');
    doc.fontSize(o.size ?? 10.5).fillColor(o.color ?? '#000000');
    const opts = { width: o.width ?? width, align: o.align ?? 'left', lineGap: o.lineGap ?? 3 };
    runs.forEach((run, i) => {
      selectFont(doc, run.face);
      const continued = i < runs.length - 1;
      if (i === 0) doc.text(run.text, o.x ?? M.left, o.y ?? doc.y, { ...opts, continued });
      else doc.text(run.text, { ...opts, continued });
    });
  };
  const heightOf = (text: string, w: number, size = 10.5, weight: Weight = 'regular') => {
    selectFont(doc, weight === 'bold' ? fonts.bold : fonts.regular);
    doc.fontSize(size);
    return doc.heightOfString(text || ' ', { width: w, lineGap: 3 });
  };
  const widthOf = (text: string, size: number) => {
    selectFont(doc, fonts.regular);
    doc.fontSize(size);
    return doc.widthOfString(text);
  };
  const ensure = (h: number) => {
    if (doc.y + h > bottom) doc.addPage();
  };
  /** A section heading, kept on one page with the first `next` points of what follows it. */
  const heading = (text: string, next = 60) => {
    ensure(30 + next);
    doc.y += 8;
    write(text, { size: 13, weight: 'bold', y: doc.y });
    doc.y += 4;
  };

  // Header: the jurisdiction in red over a double rule, then title, number and period.
  write(`${r.regionName}安全生产监督管理`, {
    size: 19,
    weight: 'bold',
    align: 'center',
    color: RED,
    y: M.top,
  });
  doc.y += 4;
  const ruleY = doc.y;
  doc
    .save()
    .strokeColor(RED)
    .lineWidth(1.6)
    .moveTo(M.left, ruleY)
    .lineTo(A4[0] - M.right, ruleY)
    .stroke();
  doc
    .lineWidth(0.5)
    .moveTo(M.left, ruleY + 3)
    .lineTo(A4[0] - M.right, ruleY + 3)
    .stroke()
    .restore();
  doc.y = ruleY + 14;
  write(r.title, { size: 18, weight: 'bold', align: 'center' });
  doc.y += 2;
  write(r.number, { size: 11, align: 'center' });
  write(`统计期间：${r.periodLabel}（${r.from} 至 ${r.to}）`, { size: 10, align: 'center', color: GREY });
  doc.y += 10;

  const f = r.figures.dashboard.figures;
  const x = r.figures.extra;
  // The sentence the figures read as (the headline a leader quotes).
  write(
    `本期共检查企业 ${n(f.enterprisesInspected)} 家（检查 ${n(f.inspectionsDone)} 次），发现问题隐患 ${n(f.problemsFound)} 项，其中重大隐患 ${n(f.majorFound)} 项；已整改 ${n(f.closed)} 项，整改率 ${pct(f.ratePercent)} %。`,
    { size: 11, lineGap: 5 },
  );
  doc.y += 2;
  write(`检查企业 / 发现问题 / 重大隐患 / 整改率：${x.headline}`, { size: 11, weight: 'bold' });
  doc.y += 4;

  heading('一、主要指标');
  const acc = f.accidents;
  table(
    [
      { title: '指标', width: 3 },
      { title: '本期', width: 3 },
      { title: '说明', width: 4 },
    ],
    [
      ['检查次数', n(f.inspectionsDone), '已完成的监督检查（不含企业自查）'],
      ['检查企业数', n(f.enterprisesInspected), '去重计数'],
      ['发现问题（隐患）', n(f.problemsFound), '本期发现、未被驳回'],
      ['其中重大隐患', n(f.majorFound), `挂牌督办 ${n(f.majorListed)} 项，已销号 ${n(f.majorClosed)} 项`],
      ['已整改', n(f.closed), `未整改 ${n(f.open)} 项`],
      ['整改率', x.rateText, '向下取整：有一项未整改即不足 100 %'],
      ['逾期未整改', n(f.overdue), '截至生成时'],
      ['问责', n(x.accountabilityActions), '本期记录的问责措施'],
      ['事故起数', acc ? n(acc.count) : '暂无数据', x.accidentsText ?? '—'],
      ['死亡人数', acc ? n(acc.deaths) : '暂无数据', x.deathsText ?? '—'],
      ['特种设备 本期到期检验', n(x.equipmentDue), '下次检验日期在本期内'],
      ['特种设备 超期未检', n(f.equipmentOverdue), '截至生成时'],
    ],
  );

  const children = r.figures.dashboard.children
    .filter((c) => c.kind === 'region')
    .sort((a, b) => b.problemsFound - a.problemsFound || a.key.localeCompare(b.key));
  heading('二、问题隐患按下级区域分布', 155);
  const shown = children.slice(0, 12);
  if (shown.some((c) => c.problemsFound > 0))
    pairedBars(
      shown.map((c) => ({ label: c.name, a: c.problemsFound, b: c.closed })),
      ['发现问题', '已整改'],
    );
  else
    note(
      f.problemsFound > 0
        ? `本期发现的 ${n(f.problemsFound)} 项问题隐患均登记在${r.regionName}本级，未分布到下级区域。`
        : '本期未发现问题隐患。',
    );

  heading('三、近 12 个月趋势', 200);
  lineChart(r.figures.dashboard.trend);

  heading('四、问题集中的检查模块');
  const modules = r.figures.dashboard.topModules.filter((m) => m.problemsFound > 0);
  if (modules.length) hBars(modules.map((m) => ({ label: m.name, value: m.problemsFound })));
  else note('本期没有来自检查表的问题隐患。');

  if (children.length) {
    heading('五、下级区域明细');
    table(
      [
        { title: '区域', width: 3 },
        { title: '检查企业', width: 2 },
        { title: '发现问题', width: 2 },
        { title: '重大隐患', width: 2 },
        { title: '整改率', width: 4 },
        { title: '逾期', width: 1.5 },
      ],
      children.map((c) => [
        c.name,
        n(c.enterprisesInspected),
        n(c.problemsFound),
        n(c.majorFound),
        rateText(c.ratePercent, c.closed, c.problemsFound),
        n(c.overdue),
      ]),
    );
  }
  doc.y += 6;
  note(
    `说明：问题隐患按发现日期计入统计期间，整改情况截至生成时；整改率向下取整保留一位小数，并列出分子分母。事故同比为与去年同期相比的整数百分比（向上取整）。本报告由系统根据汇总表生成，生成人：${r.generatedBy}。`,
  );

  // Footer on every page.
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    write(
      `${r.number}\u3000第 ${p - range.start + 1} 页 共 ${range.count} 页\u3000生成时间 ${r.generatedAtText}`,
      { size: 8, y: A4[1] - 40, align: 'center', color: GREY },
    );
    doc.page.margins.bottom = saved;
  }
  doc.end();
  return finished;

  function note(text: string) {
    ensure(heightOf(text, width, 9) + 4);
    write(text, { size: 9, color: GREY, y: doc.y });
    doc.y += 4;
  }

  function table(columns: Array<{ title: string; width: number }>, rows: string[][]) {
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * width);
    const pad = 4;
    const rowH = (cells: string[], weight: Weight) =>
      Math.max(...cells.map((c, i) => heightOf(c, widths[i] - 2 * pad, 9.5, weight))) + 2 * pad - 2;
    const draw = (cells: string[], weight: Weight, shade: boolean) => {
      const h = rowH(cells, weight);
      if (doc.y + h > bottom) {
        doc.addPage();
        draw(
          columns.map((c) => c.title),
          'bold',
          true,
        );
      }
      const y = doc.y;
      if (shade) doc.save().rect(M.left, y, width, h).fill('#eef2f7').restore();
      let cx = M.left;
      cells.forEach((c, i) => {
        doc.save().lineWidth(0.5).strokeColor('#8a8a8a').rect(cx, y, widths[i], h).stroke().restore();
        write(c, { size: 9.5, weight, x: cx + pad, y: y + pad, width: widths[i] - 2 * pad });
        cx += widths[i];
      });
      doc.y = y + h;
    };
    ensure(60);
    draw(
      columns.map((c) => c.title),
      'bold',
      true,
    );
    for (const row of rows) draw(row, 'regular', false);
    doc.y += 6;
  }

  /** Vertical bars in pairs (found, closed) per label, with the values above and a legend. */
  function pairedBars(items: Array<{ label: string; a: number; b: number }>, names: [string, string]) {
    const h = 150;
    ensure(h);
    const top = doc.y + 16;
    const left = M.left + 34;
    const plotW = width - 40;
    const plotH = h - 46;
    const max = niceMax(Math.max(...items.map((i) => Math.max(i.a, i.b))));
    legend([
      [names[0], BLUE],
      [names[1], GREEN],
    ]);
    axes(left, top, plotW, plotH, max);
    const slot = plotW / items.length;
    const bw = Math.min(18, (slot - 8) / 2);
    items.forEach((it, i) => {
      const cx = left + slot * i + slot / 2;
      [
        [it.a, BLUE, cx - bw - 1],
        [it.b, GREEN, cx + 1],
      ].forEach(([v, color, bx]) => {
        const bh = ((v as number) / max) * plotH;
        doc
          .save()
          .rect(bx as number, top + plotH - bh, bw, bh)
          .fill(color as string)
          .restore();
        const label = n(v as number);
        write(label, {
          size: 6.5,
          x: (bx as number) - 10,
          y: top + plotH - bh - 9,
          width: bw + 20,
          align: 'center',
          color: '#333333',
          lineGap: 0,
        });
      });
      const name = fit(it.label, slot - 2, 7.5);
      write(name, {
        size: 7.5,
        x: cx - slot / 2,
        y: top + plotH + 4,
        width: slot,
        align: 'center',
        lineGap: 0,
      });
    });
    doc.y = top + h - 20;
  }

  /** Horizontal bars: one per label, the value at the bar's end. */
  function hBars(items: Array<{ label: string; value: number }>) {
    const rowH = 16;
    const h = items.length * rowH + 10;
    ensure(h);
    const top = doc.y + 4;
    const labelW = 150;
    const plotW = width - labelW - 50;
    const max = Math.max(1, ...items.map((i) => i.value));
    items.forEach((it, i) => {
      const y = top + i * rowH;
      write(fit(it.label, labelW - 6, 8.5), {
        size: 8.5,
        x: M.left,
        y: y + 2,
        width: labelW - 6,
        align: 'right',
        lineGap: 0,
      });
      const bw = Math.max(1, (it.value / max) * plotW);
      doc
        .save()
        .rect(M.left + labelW, y + 2, bw, rowH - 5)
        .fill(ORANGE)
        .restore();
      write(n(it.value), { size: 8, x: M.left + labelW + bw + 4, y: y + 2, width: 60, lineGap: 0 });
    });
    doc.y = top + h;
  }

  /** The 12-month trend: problems found, closed, inspections done, as lines with points. */
  function lineChart(trend: PeriodicReportFigures['dashboard']['trend']) {
    const h = 180;
    ensure(h + 20);
    const top = doc.y + 16;
    const left = M.left + 34;
    const plotW = width - 44;
    const plotH = h - 46;
    const series: Array<[string, string, number[]]> = [
      ['发现问题', BLUE, trend.map((t) => t.problemsFound)],
      ['已整改', GREEN, trend.map((t) => t.closed)],
      ['完成检查', ORANGE, trend.map((t) => t.inspectionsDone)],
    ];
    legend(series.map(([name, color]) => [name, color]));
    const max = niceMax(Math.max(...series.flatMap((s) => s[2])));
    axes(left, top, plotW, plotH, max);
    const step = trend.length > 1 ? plotW / (trend.length - 1) : 0;
    const px = (i: number) => left + (trend.length > 1 ? i * step : plotW / 2);
    const py = (v: number) => top + plotH - (v / max) * plotH;
    for (const [, color, values] of series) {
      doc.save().strokeColor(color).lineWidth(1.4);
      values.forEach((v, i) => (i === 0 ? doc.moveTo(px(i), py(v)) : doc.lineTo(px(i), py(v))));
      doc.stroke();
      values.forEach((v, i) => doc.circle(px(i), py(v), 1.8).fill(color));
      doc.restore();
    }
    trend.forEach((t, i) => {
      const label =
        i === 0 || t.month.endsWith('-01') ? `${t.month.slice(0, 4)}.${t.month.slice(5)}` : t.month.slice(5);
      write(label, { size: 7, x: px(i) - 18, y: top + plotH + 4, width: 36, align: 'center', lineGap: 0 });
    });
    doc.y = top + h - 20;
  }

  function legend(items: Array<[string, string]>) {
    const y = doc.y + 2;
    let lx = A4[0] - M.right - items.reduce((s, [t]) => s + widthOf(t, 8) + 22, 0);
    for (const [text, color] of items) {
      doc
        .save()
        .rect(lx, y + 2, 9, 7)
        .fill(color)
        .restore();
      write(text, { size: 8, x: lx + 12, y, width: widthOf(text, 8) + 4, lineGap: 0 });
      lx += widthOf(text, 8) + 22;
    }
  }

  function axes(left: number, top: number, w: number, h: number, max: number) {
    const ticks = 4;
    for (let i = 0; i <= ticks; i++) {
      const y = top + h - (i / ticks) * h;
      doc
        .save()
        .strokeColor(i === 0 ? '#555555' : '#dddddd')
        .lineWidth(i === 0 ? 0.8 : 0.4);
      doc
        .moveTo(left, y)
        .lineTo(left + w, y)
        .stroke()
        .restore();
      write(n((max / ticks) * i), { size: 7, x: left - 36, y: y - 4, width: 32, align: 'right', lineGap: 0 });
    }
  }

  /** The text cut with "…" to fit `w` points at `size`. */
  function fit(text: string, w: number, size: number) {
    if (widthOf(text, size) <= w) return text;
    let t = text;
    while (t.length > 1 && widthOf(`${t}…`, size) > w) t = t.slice(0, -1);
    return `${t}…`;
  }
}

/** A round axis maximum ≥ v whose quarter is a whole number (4 ticks). */
export function niceMax(v: number): number {
  if (v <= 4) return 4;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10]) {
    const candidate = m * mag;
    if (candidate >= v && Number.isInteger(candidate / 4)) return candidate;
  }
  return Math.ceil(v / 4) * 4;
}
