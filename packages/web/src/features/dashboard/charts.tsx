import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, TreemapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Dashboard, DashboardChild } from '@redline/contracts';
import { useT } from '../../i18n';

/**
 * The dashboard's charts: ECharts through its core build (only the charts used here are bundled, on
 * this route only — the overview's first screen keeps its own tiny charts). `dark` switches the
 * colours for the big screen.
 */
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  TreemapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type Measure = 'problemsFound' | 'overdue' | 'majorFound' | 'rate' | 'inspectionsDone';
export const MEASURES: Measure[] = ['problemsFound', 'overdue', 'majorFound', 'rate', 'inspectionsDone'];

const text = (dark: boolean) => (dark ? '#c9d6ea' : '#595959');
const axisLine = (dark: boolean) => (dark ? '#2b3d5c' : '#e8e8e8');

export function TrendChart({
  d,
  dark = false,
  height = 260,
  font = 12,
}: {
  d: Dashboard;
  dark?: boolean;
  height?: number;
  font?: number;
}) {
  const t = useT();
  const months = d.trend.map((m) => m.month.slice(2).replace('-', '/'));
  const option = {
    textStyle: { fontSize: font },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: text(dark), fontSize: font } },
    grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: months,
      axisLabel: { color: text(dark), fontSize: font },
      axisLine: { lineStyle: { color: axisLine(dark) } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: text(dark), fontSize: font },
      splitLine: { lineStyle: { color: axisLine(dark) } },
    },
    series: [
      {
        name: t('dash.trend.found'),
        type: 'bar',
        data: d.trend.map((m) => m.problemsFound),
        itemStyle: { color: '#4f8ff7' },
      },
      {
        name: t('dash.trend.closed'),
        type: 'bar',
        data: d.trend.map((m) => m.closed),
        itemStyle: { color: '#36c28a' },
      },
      {
        name: t('dash.trend.major'),
        type: 'line',
        data: d.trend.map((m) => m.majorFound),
        itemStyle: { color: '#f5574b' },
      },
      {
        name: t('dash.trend.inspections'),
        type: 'line',
        data: d.trend.map((m) => m.inspectionsDone),
        itemStyle: { color: '#f0b429' },
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height }} notMerge lazyUpdate />;
}

/** Colour of a child by a measure: more problems / overdue / major → redder; a higher rate → greener. */
function shade(value: number, max: number, inverse: boolean) {
  const x = max > 0 ? Math.min(1, value / max) : 0;
  const k = inverse ? 1 - x : x;
  // From green (#36c28a) through amber (#f0b429) to red (#e8453c).
  const stops = [
    [0x36, 0xc2, 0x8a],
    [0xf0, 0xb4, 0x29],
    [0xe8, 0x45, 0x3c],
  ];
  const seg = k < 0.5 ? 0 : 1;
  const f = k < 0.5 ? k * 2 : (k - 0.5) * 2;
  const c = stops[seg].map((v, i) => Math.round(v + (stops[seg + 1][i] - v) * f));
  return `rgb(${c.join(',')})`;
}

export function measureOf(c: DashboardChild, m: Measure): number {
  if (m === 'rate') return c.ratePercent === null ? 0 : Number(c.ratePercent);
  return c[m];
}

/**
 * The region view: a treemap of the children sized by problems found (at least a sliver each, so a
 * quiet region stays visible and clickable), coloured by the chosen measure. No map boundaries are
 * downloaded: the product ships none (ECharts maps need GeoJSON no maintained npm package supplies).
 */
export function RegionTreemap({
  d,
  measure,
  onPick,
  dark = false,
  height = 300,
  font = 12,
}: {
  d: Dashboard;
  measure: Measure;
  onPick?: (code: string) => void;
  dark?: boolean;
  height?: number;
  font?: number;
}) {
  const values = d.children.map((c) => measureOf(c, measure));
  const max = Math.max(1, ...values);
  const data = d.children.map((c, i) => ({
    name: c.name,
    value:
      Math.max(c.problemsFound, 0) +
      Math.max(1, Math.round(Math.max(...d.children.map((x) => x.problemsFound), 1) / 20)),
    code: c.key,
    drillable: c.drillable,
    shown: measure === 'rate' ? (c.ratePercent === null ? '—' : `${c.ratePercent} %`) : values[i],
    itemStyle: {
      color:
        measure === 'rate' && c.ratePercent === null
          ? '#8c8c8c'
          : shade(values[i], measure === 'rate' ? 100 : max, measure === 'rate'),
    },
  }));
  const option = {
    tooltip: {
      formatter: (p: { data: { name: string; shown: string | number } }) => `${p.data.name}: ${p.data.shown}`,
    },
    series: [
      {
        type: 'treemap',
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        left: 0,
        right: 0,
        top: 0,
        bottom: 0,
        label: {
          show: true,
          fontSize: font,
          color: '#fff',
          formatter: (p: { data: { name: string; shown: string | number } }) =>
            `${p.data.name}\n${p.data.shown}`,
        },
        itemStyle: { borderColor: dark ? '#0b1628' : '#fff', borderWidth: 2, gapWidth: 2 },
        data,
      },
    ],
  };
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      style={{ height }}
      notMerge
      onEvents={{
        click: (p: { data?: { code: string; drillable: boolean } }) => {
          if (p.data?.drillable) onPick?.(p.data.code);
        },
      }}
    />
  );
}

export function ModulesBar({
  d,
  dark = false,
  height = 260,
  font = 12,
}: {
  d: Dashboard;
  dark?: boolean;
  height?: number;
  font?: number;
}) {
  const rows = [...d.topModules].reverse();
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 36, top: 4, bottom: 4, containLabel: true },
    xAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: text(dark), fontSize: font },
      splitLine: { lineStyle: { color: axisLine(dark) } },
    },
    yAxis: {
      type: 'category',
      data: rows.map((m) => (m.name.length > 12 ? `${m.name.slice(0, 12)}…` : m.name)),
      axisLabel: { color: text(dark), fontSize: font },
    },
    series: [
      {
        type: 'bar',
        data: rows.map((m) => m.problemsFound),
        itemStyle: { color: '#f08a24' },
        label: { show: true, position: 'right', color: text(dark), fontSize: font },
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height }} notMerge />;
}

export function GradePie({
  grades,
  dark = false,
  height = 220,
  font = 12,
}: {
  grades: NonNullable<Dashboard['figures']['grades']>;
  dark?: boolean;
  height?: number;
  font?: number;
}) {
  const t = useT();
  const COLOURS = { A: '#36c28a', B: '#4f8ff7', C: '#e8453c' } as const;
  const ring = (kind: 'enterprise' | 'project', center: string) => ({
    type: 'pie',
    name: t(kind === 'enterprise' ? 'dash.grades.enterprise' : 'dash.grades.project'),
    radius: ['38%', '62%'],
    center: [center, '55%'],
    label: { color: text(dark), fontSize: font, formatter: '{b} {c}' },
    data: (['A', 'B', 'C'] as const).map((g) => ({
      name: g,
      value: grades[kind][g],
      itemStyle: { color: COLOURS[g] },
    })),
  });
  const option = {
    tooltip: { trigger: 'item' },
    title: undefined,
    series: [ring('enterprise', '25%'), ring('project', '75%')],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height }} notMerge />;
}
