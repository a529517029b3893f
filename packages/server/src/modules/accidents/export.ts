import type { AccidentStats } from '@redline/contracts';
import { loadExcelJs } from '../../lazy-packages.ts';

type Figures = AccidentStats['total'];
const pct = (v: { changePercent: number | null; direction: string }) =>
  v.direction === 'no_base'
    ? '无基数'
    : v.changePercent === null
      ? '持平'
      : `${v.changePercent > 0 ? '+' : ''}${v.changePercent} %`;

/**
 * The accident statistics (GET /api/accidents/stats for the same query) as an Excel workbook: one row
 * for the total and one per group, counts beside every percentage, the rounding rule written under
 * the table. Cells are values, never formulas (names come from reference data and records).
 */
export async function accidentStatsWorkbook(s: AccidentStats, groupLabel: string): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'Redline';
  const ws = wb.addWorksheet('事故统计');
  ws.addRow([
    `事故统计 ${s.period.from} 至 ${s.period.to}（去年同期 ${s.previousPeriod.from} 至 ${s.previousPeriod.to}）`,
  ]);
  const header = [
    groupLabel,
    '事故起数',
    '去年同期起数',
    '起数同比',
    '死亡人数',
    '去年同期死亡',
    '死亡同比',
    '重伤人数',
    '去年同期重伤',
    '重伤同比',
    '轻伤人数',
    '失踪人数',
    '直接经济损失（元）',
    '去年同期直接经济损失（元）',
  ];
  ws.addRow(header).font = { bold: true };
  const row = (name: string, f: Figures) =>
    ws.addRow([
      name,
      f.accidents.current,
      f.accidents.previous,
      pct(f.accidents),
      f.deaths.current,
      f.deaths.previous,
      pct(f.deaths),
      f.seriousInjuries.current,
      f.seriousInjuries.previous,
      pct(f.seriousInjuries),
      f.minorInjuries,
      f.missing,
      f.directLossYuan,
      f.previousDirectLossYuan,
    ]);
  row('合计', s.total).font = { bold: true };
  for (const g of s.groups) row(g.name, g);
  ws.addRow([]);
  ws.addRow([
    '同比取整：按 100 ×（本期 − 去年同期）÷ 去年同期 精确计算后向上取整到整数百分比（下降向零取整、上升远离零取整，不美化数据）；去年同期为 0 时记“无基数”。',
  ]);
  for (let i = 1; i <= header.length; i++) ws.getColumn(i).width = i === 1 ? 24 : 14;
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
