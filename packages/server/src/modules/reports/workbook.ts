import type { PeriodicReportFigures } from '@redline/contracts';
import { loadExcelJs } from '../../lazy-packages.ts';
import { pct, rateText } from './text.ts';

/**
 * A periodic report as a workbook, one sheet per section of the PDF: 报告 (number, jurisdiction,
 * period, generation), 主要指标, 下级区域, 趋势, 检查模块. Counts are number cells; rates are
 * written as printed (rounded down) with their counts beside them. Names are text cells (exceljs
 * never turns a string into a formula).
 */
export interface ReportSheetInfo {
  number: string;
  title: string;
  regionName: string;
  regionCode: string;
  periodLabel: string;
  from: string;
  to: string;
  generatedAtText: string;
  generatedBy: string;
  figures: PeriodicReportFigures;
}

export async function reportWorkbook(r: ReportSheetInfo): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'Redline';
  const head = (ws: { getRow(n: number): { font: unknown }; views: unknown }) => {
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };
  const f = r.figures.dashboard.figures;
  const x = r.figures.extra;

  const info = wb.addWorksheet('报告');
  info.columns = [
    { header: '项目', key: 'k', width: 20 },
    { header: '内容', key: 'v', width: 60 },
  ];
  head(info);
  for (const [k, v] of [
    ['编号', r.number],
    ['标题', r.title],
    ['区域', `${r.regionName}（${r.regionCode}）`],
    ['统计期间', `${r.periodLabel}（${r.from} 至 ${r.to}）`],
    ['检查企业 / 发现问题 / 重大隐患 / 整改率', x.headline],
    ['生成时间', r.generatedAtText],
    ['生成人', r.generatedBy],
  ])
    info.addRow({ k, v });

  const m = wb.addWorksheet('主要指标');
  m.columns = [
    { header: '指标', key: 'k', width: 26 },
    { header: '本期', key: 'v', width: 14 },
    { header: '说明', key: 'note', width: 56 },
  ];
  head(m);
  const acc = f.accidents;
  const rows: Array<[string, number | string, string]> = [
    ['检查次数', f.inspectionsDone, '已完成的监督检查（不含企业自查）'],
    ['检查企业数', f.enterprisesInspected, '去重计数'],
    ['发现问题（隐患）', f.problemsFound, '本期发现、未被驳回'],
    ['其中重大隐患', f.majorFound, ''],
    ['重大隐患 挂牌督办', f.majorListed, ''],
    ['重大隐患 已销号', f.majorClosed, ''],
    ['已整改', f.closed, ''],
    ['未整改', f.open, ''],
    ['整改率 %（向下取整）', f.ratePercent === null ? '—' : pct(f.ratePercent), x.rateText],
    ['逾期未整改', f.overdue, '截至生成时'],
    ['问责', x.accountabilityActions, '本期记录的问责措施'],
    ['事故起数', acc ? acc.count : '暂无数据', x.accidentsText ?? ''],
    ['事故起数（去年同期）', acc ? acc.lastYearCount : '暂无数据', ''],
    ['死亡人数', acc ? acc.deaths : '暂无数据', x.deathsText ?? ''],
    ['死亡人数（去年同期）', acc ? acc.lastYearDeaths : '暂无数据', ''],
    ['特种设备 本期到期检验', x.equipmentDue, '下次检验日期在本期内'],
    ['特种设备 超期未检', f.equipmentOverdue, '截至生成时'],
  ];
  for (const [k, v, note] of rows) m.addRow({ k, v, note });

  const c = wb.addWorksheet('下级区域');
  c.columns = [
    { header: '区域', key: 'name', width: 24 },
    { header: '代码', key: 'key', width: 12 },
    { header: '检查次数', key: 'inspectionsDone', width: 10 },
    { header: '检查企业', key: 'enterprisesInspected', width: 10 },
    { header: '发现问题', key: 'problemsFound', width: 10 },
    { header: '已整改', key: 'closed', width: 10 },
    { header: '整改率', key: 'rate', width: 22 },
    { header: '逾期', key: 'overdue', width: 8 },
    { header: '重大隐患', key: 'majorFound', width: 10 },
    { header: '事故起数', key: 'accidents', width: 10 },
    { header: '死亡人数', key: 'deaths', width: 10 },
  ];
  head(c);
  for (const ch of r.figures.dashboard.children)
    c.addRow({
      ...ch,
      rate: rateText(ch.ratePercent, ch.closed, ch.problemsFound),
      accidents: ch.accidents ?? '暂无数据',
      deaths: ch.deaths ?? '暂无数据',
    });

  const t = wb.addWorksheet('趋势');
  t.columns = [
    { header: '月份', key: 'month', width: 10 },
    { header: '发现问题', key: 'problemsFound', width: 10 },
    { header: '已整改', key: 'closed', width: 10 },
    { header: '重大隐患', key: 'majorFound', width: 10 },
    { header: '完成检查', key: 'inspectionsDone', width: 10 },
  ];
  head(t);
  for (const row of r.figures.dashboard.trend) t.addRow(row);

  const mo = wb.addWorksheet('检查模块');
  mo.columns = [
    { header: '检查模块', key: 'name', width: 32 },
    { header: '发现问题', key: 'problemsFound', width: 10 },
    { header: '已整改', key: 'closed', width: 10 },
    { header: '整改率', key: 'rate', width: 22 },
  ];
  head(mo);
  for (const row of r.figures.dashboard.topModules)
    mo.addRow({ ...row, rate: rateText(row.ratePercent, row.closed, row.problemsFound) });

  return Buffer.from(await wb.xlsx.writeBuffer());
}
