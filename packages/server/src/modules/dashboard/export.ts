import type { Dashboard } from '@redline/contracts';
import { loadExcelJs } from '../../lazy-packages.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NOT_AVAILABLE = '暂无数据（尚未启用）';
const rate = (p: string | null, closed: number, found: number) =>
  p === null ? '—' : `${p} %（${closed} / ${found}）`;

/**
 * The dashboard's figures as a workbook: 概况 (the region's figures, the rate with its counts and
 * its rounding stated), 下级 (per child), 趋势 (per month), 问题集中模块. The same numbers as the JSON;
 * names are written as text cells (exceljs never turns a string into a formula).
 */
export async function dashboardWorkbook(d: Dashboard) {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'Redline';
  const f = d.figures;
  const head = (ws: { getRow(n: number): { font: unknown }; views: unknown }) => {
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };

  const o = wb.addWorksheet('概况');
  o.columns = [
    { header: '指标', key: 'k', width: 28 },
    { header: '数值', key: 'v', width: 36 },
  ];
  head(o);
  const acc = f.accidents;
  const rows: Array<[string, string | number]> = [
    ['区域', d.breadcrumb.map((b) => b.name).join(' / ') || d.regionName],
    ['统计期间', `${d.from} 至 ${d.to}`],
    ['生成时间', d.asOf],
    ['企业数', f.enterprises],
    ['项目数', f.projects],
    ['物联设备', f.devices],
    [`在线设备（${d.onlineMinutes} 分钟内有数据）`, f.devicesOnline],
    ['检查企业数', f.enterprisesInspected],
    ['完成检查次数', f.inspectionsDone],
    ['发现问题（隐患）', f.problemsFound],
    ['已整改', f.closed],
    ['未整改', f.open],
    ['整改率（向下取整，一位小数）', rate(f.ratePercent, f.closed, f.problemsFound)],
    ['逾期未整改', f.overdue],
    ['重大隐患 发现', f.majorFound],
    ['重大隐患 挂牌督办', f.majorListed],
    ['重大隐患 已销号', f.majorClosed],
    ['特种设备 超期未检', f.equipmentOverdue],
    [
      '事故起数（本期 / 去年同期）',
      acc ? `${acc.count} / ${acc.lastYearCount}（${acc.countChangePercent ?? '—'} %）` : NOT_AVAILABLE,
    ],
    [
      '死亡人数（本期 / 去年同期）',
      acc ? `${acc.deaths} / ${acc.lastYearDeaths}（${acc.deathsChangePercent ?? '—'} %）` : NOT_AVAILABLE,
    ],
    [
      '分级（企业 A/B/C）',
      f.grades
        ? `${f.grades.enterprise.A} / ${f.grades.enterprise.B} / ${f.grades.enterprise.C}`
        : NOT_AVAILABLE,
    ],
    [
      '分级（项目 A/B/C）',
      f.grades ? `${f.grades.project.A} / ${f.grades.project.B} / ${f.grades.project.C}` : NOT_AVAILABLE,
    ],
    ['计划检查（完成 / 应完成）', f.plan ? `${f.plan.done} / ${f.plan.due}` : NOT_AVAILABLE],
  ];
  for (const [k, v] of rows) o.addRow({ k, v });

  const c = wb.addWorksheet('下级');
  c.columns = [
    { header: d.childKind === 'region' ? '区域' : '企业 / 项目', key: 'name', width: 30 },
    { header: '代码 / 编号', key: 'key', width: 38 },
    { header: '企业数', key: 'enterprises', width: 10 },
    { header: '项目数', key: 'projects', width: 10 },
    { header: '在线设备', key: 'devicesOnline', width: 10 },
    { header: '检查企业数', key: 'enterprisesInspected', width: 12 },
    { header: '检查次数', key: 'inspectionsDone', width: 10 },
    { header: '发现问题', key: 'problemsFound', width: 10 },
    { header: '已整改', key: 'closed', width: 10 },
    { header: '整改率 %', key: 'ratePercent', width: 10 },
    { header: '逾期', key: 'overdue', width: 8 },
    { header: '重大隐患', key: 'majorFound', width: 10 },
    { header: '设备超期未检', key: 'equipmentOverdue', width: 14 },
    { header: '事故起数', key: 'accidents', width: 10 },
    { header: '死亡人数', key: 'deaths', width: 10 },
  ];
  head(c);
  for (const ch of d.children)
    c.addRow({
      ...ch,
      ratePercent: ch.ratePercent ?? '—',
      accidents: ch.accidents ?? NOT_AVAILABLE,
      deaths: ch.deaths ?? NOT_AVAILABLE,
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
  for (const r of d.trend) t.addRow(r);

  const m = wb.addWorksheet('问题集中模块');
  m.columns = [
    { header: '检查模块', key: 'name', width: 30 },
    { header: '发现问题', key: 'problemsFound', width: 10 },
    { header: '已整改', key: 'closed', width: 10 },
    { header: '整改率 %', key: 'ratePercent', width: 10 },
  ];
  head(m);
  for (const r of d.topModules) m.addRow({ ...r, ratePercent: r.ratePercent ?? '—' });

  const name = `dashboard-${d.regionCode || 'national'}-${d.from}-${d.to}.xlsx`;
  return {
    body: Buffer.from(await wb.xlsx.writeBuffer()),
    contentType: XLSX,
    disposition: `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`${d.regionName}-概况-${d.from}-${d.to}.xlsx`)}`,
  };
}
