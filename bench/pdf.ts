/**
 * Enforcement PDF rendering: time for the first document (font loading) and per document after.
 * Target (QUALITY.md): ≤ 100 ms per PDF after the first.
 *
 *   npx tsx bench/pdf.ts [count] [--font=fontsource|system]
 *
 * Prints wall and CPU time per document (CPU time is the figure to trust on a busy machine).
 */
import { cpus } from 'node:os';
import { loadFonts } from '../packages/server/src/pdf/fonts.ts';
import { renderPdf, type Block } from '../packages/server/src/pdf/render.ts';

const count = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 50);
const prefer = (process.argv.find((a) => a.startsWith('--font='))?.slice(7) ?? 'fontsource') as
  'fontsource' | 'system';

const hazards = Array.from({ length: 8 }, (_, i) => [
  String(i + 1),
  [
    '焊接车间动火作业未办理动火审批手续，现场未配备灭火器材',
    '配电箱未设置漏电保护器，电缆拖地敷设',
    '深基坑未按方案进行第三方监测',
    '塔式起重机力矩限制器失效',
  ][i % 4],
  '《中华人民共和国安全生产法》第四十一条',
  i % 3 ? '一般' : '重大',
]);
const blocks: Block[] = [
  { type: 'paragraph', text: '上海恒锐精密机械有限公司：' },
  {
    type: 'paragraph',
    indent: true,
    text: '本机关于2026年11月23日对你单位进行了现场检查，经查，你单位存在下列事故隐患和问题：',
  },
  {
    type: 'table',
    columns: [
      { title: '序号', width: 0.9 },
      { title: '隐患及问题', width: 5.5 },
      { title: '依据', width: 3.8 },
      { title: '等级', width: 1.1 },
    ],
    rows: hazards,
  },
  {
    type: 'paragraph',
    indent: true,
    text: '依据《中华人民共和国安全生产法》第六十五条第一款的规定，现责令你单位对上述事故隐患和问题于2026年11月30日前整改完毕，达到有关法律、法规、规章和国家标准、行业标准规定的要求，并将整改情况书面报告本机关。',
  },
  {
    type: 'paragraph',
    indent: true,
    text: '如果不服本指令，可以依法在六十日内申请行政复议，或者在六个月内依法向人民法院提起行政诉讼，但本指令不停止执行，法律另有规定的除外。',
  },
  {
    type: 'signatures',
    items: [
      { label: '安全生产执法人员（签名）', value: '陈志远（执法证号 31011620260001）' },
      { label: '被检查单位负责人（签名）', value: '' },
    ],
  },
  { type: 'seal', lines: ['上海市金山区应急管理局', '2026年11月23日'] },
];

const t0 = performance.now();
const fonts = await loadFonts({ prefer });
const fontMs = performance.now() - t0;
const wall: number[] = [];
const cpu: number[] = [];
let bytes = 0;
for (let i = 0; i <= count; i++) {
  const a = performance.now();
  const c = process.cpuUsage();
  const pdf = await renderPdf(
    {
      authorityName: '上海市金山区应急管理局',
      title: '责令限期整改指令书',
      number: `（金）应急责改〔2026〕${i + 1}号`,
      blocks,
      verifyUrl: `https://redline.example.gov.cn/verify/0b1c3f0e-1111-4222-8333-${String(i).padStart(12, '0')}`,
      documentId: `0b1c3f0e-1111-4222-8333-${String(i).padStart(12, '0')}`,
      contentDigest: 'ab'.repeat(32),
      createdAt: new Date('2026-11-23T02:00:00Z'),
    },
    fonts,
  );
  const u = process.cpuUsage(c);
  wall.push(performance.now() - a);
  cpu.push((u.user + u.system) / 1000);
  bytes = pdf.length;
}
const after = (xs: number[]) => xs.slice(1).sort((x, y) => x - y);
const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const w = after(wall);
const c = after(cpu);
console.log(
  `fonts: ${fonts.source}, loaded in ${fontMs.toFixed(0)} ms; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; node ${process.version}`,
);
console.log(`first PDF: ${wall[0].toFixed(0)} ms wall, ${cpu[0].toFixed(0)} ms CPU; ${bytes} bytes each`);
console.log(
  `next ${count}: wall median ${q(w, 0.5).toFixed(1)} ms, p95 ${q(w, 0.95).toFixed(1)} ms; CPU median ${q(c, 0.5).toFixed(1)} ms, p95 ${q(c, 0.95).toFixed(1)} ms`,
);
console.log(`target ≤ 100 ms per PDF after the first: ${q(c, 0.5) <= 100 ? 'met' : 'NOT met'} (CPU median)`);
