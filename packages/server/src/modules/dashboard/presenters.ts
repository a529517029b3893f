import { floorPercent } from '@redline/domain';
import type { Dashboard, DashboardAccidents } from '@redline/contracts';
import type {
  MajorFigureRow as FigureRow,
  MajorGroupFigureRow as GroupFigureRow,
} from '../hazards/stats-repo.ts';
import type { InspectionCounts, RegistryCounts } from './repo.ts';
import type { AccidentCounts, GradeCounts } from './optional-repo.ts';

/** What the use case gathered; turned into the response by dashboardOf. */
export interface DashboardParts {
  now: Date;
  prefix: string;
  level: Dashboard['level'];
  from: string;
  to: string;
  onlineMinutes: number;
  breadcrumb: Dashboard['breadcrumb'];
  hazards: FigureRow;
  registry: RegistryCounts;
  inspections: InspectionCounts;
  accidents: AccidentCounts | null;
  grades: GradeCounts | null;
  plan: { due: number; done: number } | null;
  trendMonths: string[];
  trendHazards: Map<string, GroupFigureRow>;
  trendInspections: Map<string, number>;
  modules: GroupFigureRow[];
  children: Array<{
    kind: Dashboard['childKind'];
    key: string;
    name: string;
    hazards: FigureRow | null;
    registry: RegistryCounts | null;
    inspections: InspectionCounts | null;
    accidents: AccidentCounts | null;
  }>;
}

/**
 * Year-on-year change in percent: (now − last) / last × 100, truncated toward zero to one decimal
 * (integer arithmetic, so "−45.4" is what the counts give, never rounded up to a bigger change);
 * null when last year counted none (no ratio). E.g. 11 vs 20 → "-45.0".
 */
export function changePercent(now: number, last: number): string | null {
  if (last === 0) return null;
  const tenths = (BigInt(now - last) * 1000n) / BigInt(last); // BigInt division truncates toward zero
  const sign = tenths < 0n ? '-' : now > last ? '+' : '';
  const abs = tenths < 0n ? -tenths : tenths;
  return `${sign}${abs / 10n}.${abs % 10n}`;
}

export function accidentsOf(a: AccidentCounts): DashboardAccidents {
  return {
    count: a.count,
    deaths: a.deaths,
    lastYearCount: a.last_count,
    lastYearDeaths: a.last_deaths,
    countChangePercent: changePercent(a.count, a.last_count),
    deathsChangePercent: changePercent(a.deaths, a.last_deaths),
  };
}

const NO_HAZARDS: FigureRow = {
  found: 0,
  closed: 0,
  closed_on_time: 0,
  overdue: 0,
  major_open: 0,
  major_found: 0,
  major_closed: 0,
  major_listed: 0,
};

export function dashboardOf(p: DashboardParts): Dashboard {
  const h = p.hazards;
  return {
    asOf: p.now.toISOString(),
    regionCode: p.prefix,
    regionName: p.breadcrumb.at(-1)?.name ?? '全国',
    level: p.level,
    from: p.from,
    to: p.to,
    onlineMinutes: p.onlineMinutes,
    breadcrumb: p.breadcrumb,
    figures: {
      enterprises: p.registry.enterprises,
      projects: p.registry.projects,
      devices: p.registry.devices,
      devicesOnline: p.registry.devices_online,
      inspectionsDone: p.inspections.done,
      enterprisesInspected: p.inspections.enterprises,
      problemsFound: h.found,
      closed: h.closed,
      open: h.found - h.closed,
      rate: h.found ? h.closed / h.found : null,
      // The hazards presenters' rule: rounded down, so 2,852 / 2,853 reads 99.9, never 100.0.
      ratePercent: floorPercent(h.closed, h.found),
      overdue: h.overdue,
      majorFound: h.major_found,
      majorListed: h.major_listed,
      majorClosed: h.major_closed,
      equipmentOverdue: p.registry.equipment_overdue,
      accidents: p.accidents ? accidentsOf(p.accidents) : null,
      grades: p.grades,
      plan: p.plan,
    },
    trend: p.trendMonths.map((month) => {
      const t = p.trendHazards.get(month);
      return {
        month,
        problemsFound: t?.found ?? 0,
        closed: t?.closed ?? 0,
        majorFound: t?.major_found ?? 0,
        inspectionsDone: p.trendInspections.get(month) ?? 0,
      };
    }),
    topModules: p.modules.map((m) => ({
      code: m.key,
      name: m.name,
      problemsFound: m.found,
      closed: m.closed,
      ratePercent: floorPercent(m.closed, m.found),
    })),
    childKind: p.children[0]?.kind ?? (p.level === 'town' ? 'enterprise' : 'region'),
    children: p.children.map((c) => {
      const ch = c.hazards ?? NO_HAZARDS;
      return {
        kind: c.kind,
        key: c.key,
        name: c.name,
        drillable: c.kind === 'region',
        enterprises: c.registry?.enterprises ?? 0,
        projects: c.registry?.projects ?? 0,
        devicesOnline: c.registry?.devices_online ?? 0,
        inspectionsDone: c.inspections?.done ?? 0,
        enterprisesInspected: c.inspections?.enterprises ?? 0,
        problemsFound: ch.found,
        closed: ch.closed,
        ratePercent: floorPercent(ch.closed, ch.found),
        overdue: ch.overdue,
        majorFound: ch.major_found,
        equipmentOverdue: c.registry?.equipment_overdue ?? 0,
        accidents: c.accidents ? c.accidents.count : null,
        deaths: c.accidents ? c.accidents.deaths : null,
      };
    }),
  };
}
