import { addMonths, addYears, isIsoDate } from '@redline/domain';
import type { Dashboard, DashboardQuery } from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { notFound, validation } from '../../errors.ts';
import {
  hazardFigureGroups,
  hazardFigureRows,
  type MajorGroupFigureRow as GroupFigureRow,
} from '../hazards/stats-repo.ts';
import {
  childRegions,
  inspectionCounts,
  inspectionsByMonth,
  registeredUnits,
  registryCounts,
  regionNames,
  type ChildKey,
} from './repo.ts';
import { accidentCounts, gradeCounts, planCounts } from './optional-repo.ts';
import { dashboardOf, type DashboardParts } from './presenters.ts';

/** A device counts as online when it was seen within this many minutes. */
export const ONLINE_MINUTES = 10;
/** At most this many enterprises and this many projects are listed as the children of a town. */
export const TOWN_UNITS_LIMIT = 200;

/** The days a period may span (a year earlier must still be a calendar day for year-on-year figures). */
const EARLIEST = '1971-01-01';
const LATEST = '2999-12-31';

const LEVELS = { 0: 'national', 2: 'province', 4: 'city', 6: 'county', 9: 'town' } as const;
const CHILD_DIGITS: Record<number, number> = { 0: 2, 2: 4, 4: 6, 6: 9 };

/** The region shown (inside the caller's jurisdiction) and the period, checked; defaults filled in. */
export function dashboardScope(actor: Actor, q: DashboardQuery, today: string) {
  const prefix = q.regionCode ?? actor.regionCode;
  // A region outside the jurisdiction answers exactly like one that does not exist.
  if (!prefix.startsWith(actor.regionCode)) throw notFound('Region');
  const from = q.from ?? `${today.slice(0, 7)}-01`;
  const to = q.to ?? today;
  if (!isIsoDate(from)) throw validation('from', `${from} is not a calendar day`);
  if (!isIsoDate(to)) throw validation('to', `${to} is not a calendar day`);
  if (from > to) throw validation('from', 'The period must start on or before its last day (from ≤ to)');
  if (from < EARLIEST) throw validation('from', `The period cannot start before ${EARLIEST}`);
  if (to > LATEST) throw validation('to', `The period cannot end after ${LATEST}`);
  return { prefix, from, to, level: LEVELS[prefix.length as keyof typeof LEVELS] };
}

/**
 * The dashboard of a region for a period: its figures, the same figures per child (regions one level
 * down; a town's enterprises and projects), a 12-month trend and the checklist modules with the most
 * problems. Every figure comes from a rollup (hazards: the hazards module's stats-repo over
 * hazard_monthly / hazard_daily / hazard_monthly_groups / hazard_owing; inspections: inspection_daily)
 * or a small count on a region-prefix index.
 */
export async function buildDashboard(deps: Deps, actor: Actor, q: DashboardQuery): Promise<Dashboard> {
  const { db } = deps.database;
  const now = deps.now();
  const zone = deps.config.TIME_ZONE;
  const { prefix, from, to, level } = dashboardScope(actor, q, deps.today());
  const names = await regionNames(db, ancestry(actor.regionCode, prefix));
  if (prefix !== '' && !names.some((n) => n.code === prefix)) throw notFound('Region');

  const digits = CHILD_DIGITS[prefix.length];
  const childKeys: ChildKey[] =
    digits === undefined ? [{ kind: 'enterprise' }, { kind: 'project' }] : [{ kind: 'region', digits }];
  const regionCode = prefix === '' ? undefined : prefix;
  const today = deps.today();
  const hazardsOf = (k: ChildKey) =>
    hazardFigureRows(
      db,
      actor,
      k.kind === 'region'
        ? { regionCode, from, to, today, groupBy: 'region', regionDigits: k.digits, limit: 500 }
        : { regionCode, from, to, today, groupBy: k.kind, limit: 500 },
      now,
      zone,
    );
  const trendFrom = `${addMonths(to, -11).slice(0, 7)}-01`;
  const seenSince = new Date(now.getTime() - ONLINE_MINUTES * 60_000);
  const period = { from, to, lastFrom: addYears(from, -1), lastTo: addYears(to, -1), zone };

  const perChildP = Promise.all(
    childKeys.map(async (k) => ({
      hazards: k.kind === 'project' ? await hazardsOf(k) : null, // regions and enterprises: `hazards` below
      registry: await registryCounts(db, prefix, k, seenSince, deps.today()),
      inspections: await inspectionCounts(db, prefix, k, from, to),
      accidents: await accidentCounts(db, prefix, k, period),
    })),
  );
  const [[units, hazards, trend, modules, trendInspections, grades, plan], perChild] = await Promise.all([
    Promise.all([
      digits === undefined
        ? Promise.all([
            registeredUnits(db, 'enterprise', prefix, TOWN_UNITS_LIMIT),
            registeredUnits(db, 'project', prefix, TOWN_UNITS_LIMIT),
          ]).then(([e, p]) => [
            ...e.map((u) => ({ ...u, kind: 'enterprise' as const })),
            ...p.map((u) => ({ ...u, kind: 'project' as const })),
          ])
        : childRegions(db, prefix).then((rs) => rs.map((r) => ({ ...r, kind: 'region' as const }))),
      hazardsOf(childKeys[0]),
      // Trend and top modules show no overdue figure: their groups only, without hazard_owing.
      hazardFigureGroups(
        db,
        actor,
        { regionCode, from: trendFrom, to, today, groupBy: 'month', limit: 24 },
        now,
        {
          overdue: false,
        },
      ),
      hazardFigureGroups(db, actor, { regionCode, from, to, today, groupBy: 'module', limit: 11 }, now, {
        overdue: false,
      }),
      inspectionsByMonth(db, prefix, trendFrom, to),
      gradeCounts(db, prefix),
      planCounts(db, prefix, from, to),
    ]),
    perChildP,
  ]);

  const hazardGroups = new Map<string, GroupFigureRow>();
  for (const g of hazards.groups) hazardGroups.set(g.key, g);
  for (const c of perChild) for (const g of c.hazards?.groups ?? []) hazardGroups.set(g.key, g);

  const parts: DashboardParts = {
    now,
    prefix,
    level,
    from,
    to,
    onlineMinutes: ONLINE_MINUTES,
    breadcrumb: breadcrumbOf(actor.regionCode, prefix, names),
    hazards: hazards.total,
    registry: perChild[0].registry.total,
    inspections: perChild[0].inspections.total,
    accidents: perChild[0].accidents?.total ?? null,
    grades,
    plan,
    trendMonths: months(trendFrom, to),
    trendHazards: new Map(trend.map((g) => [g.key, g])),
    trendInspections,
    modules: modules.filter((g) => g.key !== '').slice(0, 10),
    children: units.map((u) => {
      const c = perChild[u.kind === 'project' ? 1 : 0];
      return {
        kind: u.kind,
        key: u.code,
        name: u.name,
        hazards: hazardGroups.get(u.code) ?? null,
        registry: c.registry.byKey.get(u.code) ?? null,
        inspections: c.inspections.byKey.get(u.code) ?? null,
        accidents: c.accidents
          ? (c.accidents.byKey.get(u.code) ?? { count: 0, deaths: 0, last_count: 0, last_deaths: 0 })
          : null,
      };
    }),
  };
  return dashboardOf(parts);
}

/** The division codes from the caller's jurisdiction down to the region shown ('' excluded). */
function ancestry(home: string, prefix: string): string[] {
  return [2, 4, 6, 9].filter((n) => n >= home.length && n <= prefix.length).map((n) => prefix.slice(0, n));
}

function breadcrumbOf(home: string, prefix: string, names: { code: string; name: string }[]) {
  const byCode = new Map(names.map((n) => [n.code, n.name]));
  const crumbs = ancestry(home, prefix).map((code) => ({ code, name: byCode.get(code) ?? code }));
  return home === '' ? [{ code: '', name: '全国' }, ...crumbs] : crumbs;
}

/** 'YYYY-MM' of every month from `from`'s to `to`'s. */
function months(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m.slice(0, 7) <= to.slice(0, 7); m = addMonths(m, 1))
    out.push(m.slice(0, 7));
  return out;
}
