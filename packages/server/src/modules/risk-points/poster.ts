import { readFileSync, existsSync } from 'node:fs';
import { RISK_COLOUR_NAMES, RISK_POINT_KIND_NAMES, type RiskMap } from '@redline/contracts';
import type { Deps } from '../../http/context.ts';
import { loadPdfKit } from '../../lazy-packages.ts';
import { loadFonts, runsOf, type Weight } from '../../pdf/fonts.ts';
import { selectFont } from '../../pdf/render.ts';
import { blobPath } from '../../storage/files.ts';

/**
 * The four-colour risk map as a poster (A3 landscape PDF): the site plan with its zones filled in
 * their colours, the legend, the site's colour, and the list of current risk points with their
 * measures and responsible people — what a unit posts at its entrance (四色安全风险空间分布图).
 * Drawn with pdfkit and the same fonts as the documents (src/pdf).
 */
export const POSTER_FILL: Record<'red' | 'orange' | 'yellow' | 'blue', string> = {
  red: '#e02424',
  orange: '#f97316',
  yellow: '#facc15',
  blue: '#2563eb',
};

const A3: [number, number] = [1190.55, 841.89];
const M = 36;

export async function renderPoster(
  deps: Pick<Deps, 'config'>,
  map: RiskMap,
  plan: { sha256: string; mime: string } | null,
  printedAt: string,
): Promise<Buffer> {
  const fonts = await loadFonts();
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: A3,
    margins: { top: M, bottom: 8, left: M, right: M },
    autoFirstPage: true,
    info: {
      Title: `${map.site.name} 四色安全风险空间分布图`,
      Creator: 'Redline',
      Producer: 'Redline (pdfkit)',
      CreationDate: new Date(printedAt),
    },
    lang: 'zh-CN',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const write = (
    text: string,
    x: number,
    y: number,
    o: { size?: number; weight?: Weight; width?: number; color?: string; align?: 'left' | 'center' } = {},
  ) => {
    const runs = runsOf(fonts, text || ' ', o.weight ?? 'regular');
    doc.fontSize(o.size ?? 11).fillColor(o.color ?? '#111111');
    runs.forEach((r, i) => {
      selectFont(doc, r.face);
      const last = i === runs.length - 1;
      const opts = { width: o.width, align: o.align ?? 'left', continued: !last, lineGap: 2 };
      if (i === 0) doc.text(r.text, x, y, opts);
      else doc.text(r.text, opts);
    });
    return doc.y;
  };

  // Title
  write(`${map.site.name} 四色安全风险空间分布图`, M, M, {
    size: 24,
    weight: 'bold',
    width: A3[0] - 2 * M,
    align: 'center',
  });
  write([map.site.ownerName, map.site.regionName].filter(Boolean).join(' · '), M, M + 34, {
    size: 12,
    width: A3[0] - 2 * M,
    align: 'center',
    color: '#444444',
  });

  // The plan and its zones
  const box = { x: M, y: M + 64, w: 760, h: A3[1] - 2 * M - 84 };
  doc.save().lineWidth(1).strokeColor('#999999').rect(box.x, box.y, box.w, box.h).stroke().restore();
  const ratio = map.plan?.width && map.plan?.height ? map.plan.width / map.plan.height : box.w / box.h;
  const w = Math.min(box.w, box.h * ratio);
  const h = w / ratio;
  const ox = box.x + (box.w - w) / 2;
  const oy = box.y + (box.h - h) / 2;
  const file = plan ? blobPath(deps, plan.sha256) : null;
  if (file && existsSync(file)) doc.image(readFileSync(file), ox, oy, { width: w, height: h });
  else
    write('尚未上传场所平面图', box.x, box.y + box.h / 2 - 10, {
      size: 16,
      width: box.w,
      align: 'center',
      color: '#888888',
    });
  for (const z of map.zones) {
    if (z.polygon.length < 3) continue;
    const pts = z.polygon.map(([x, y]) => [ox + x * w, oy + y * h] as const);
    const fill = z.colour ? POSTER_FILL[z.colour] : '#9ca3af';
    doc.save();
    doc.moveTo(pts[0][0], pts[0][1]);
    for (const [x, y] of pts.slice(1)) doc.lineTo(x, y);
    doc.closePath().fillOpacity(0.45).fillAndStroke(fill, fill);
    doc.restore();
    const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
    const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    write(z.name, cx - 60, cy - 7, { size: 11, weight: 'bold', width: 120, align: 'center' });
  }

  // Legend and site colour
  let x = box.x + box.w + 24;
  const colW = A3[0] - M - x;
  let y = box.y;
  write('图例', x, y, { size: 14, weight: 'bold' });
  y += 22;
  for (const c of ['red', 'orange', 'yellow', 'blue'] as const) {
    doc.save().rect(x, y, 28, 14).fillOpacity(0.8).fill(POSTER_FILL[c]).restore();
    write(RISK_COLOUR_NAMES[c], x + 36, y + 1, { size: 11 });
    y += 20;
  }
  y += 6;
  write(
    `场所风险等级：${map.site.colour ? RISK_COLOUR_NAMES[map.site.colour] : '未评估'}（取各风险点最近一次评估的最高等级）`,
    x,
    y,
    { size: 11, weight: 'bold', width: colW },
  );
  y = doc.y + 12;

  // Risk points with their measures
  write('风险点及管控措施', x, y, { size: 14, weight: 'bold' });
  y = doc.y + 6;
  const bottom = A3[1] - M - 24;
  for (const p of map.points) {
    if (y > bottom - 30) {
      write(`…… 另有风险点未列出，详见系统`, x, y, { size: 10, color: '#666666' });
      break;
    }
    doc
      .save()
      .rect(x, y + 2, 10, 10)
      .fill(p.colour ? POSTER_FILL[p.colour] : '#9ca3af')
      .restore();
    const score = p.latest ? ` ${p.latest.method} ${p.latest.value}` : ' 未评估';
    y = write(`${p.name}（${RISK_POINT_KIND_NAMES[p.kind]}）${score}`, x + 16, y, {
      size: 11,
      weight: 'bold',
      width: colW - 16,
    });
    if (p.hazardFactors.length)
      y = write(`危险因素：${p.hazardFactors.join('、')}`, x + 16, y, {
        size: 9.5,
        width: colW - 16,
        color: '#333333',
      });
    for (const m of p.controlMeasures.slice(0, 4))
      y = write(`· ${m.measure}（责任：${m.responsible}）`, x + 16, y, {
        size: 9.5,
        width: colW - 16,
        color: '#333333',
      });
    y += 6;
  }
  x = M;
  const printed = new Intl.DateTimeFormat('zh-CN', {
    timeZone: deps.config.TIME_ZONE,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(printedAt));
  const bands = [
    ...new Set(
      map.points.flatMap((p) =>
        p.latest ? [`${p.latest.method} ${p.latest.bandScope} 第 ${p.latest.bandVersion} 版`] : [],
      ),
    ),
  ];
  write(
    `打印时间 ${printed} · 分级标准：${bands.length ? bands.join('；') : '—'} · Redline`,
    x,
    A3[1] - M - 12,
    { size: 9, color: '#666666', width: A3[0] - 2 * M },
  );
  doc.end();
  return done;
}
