import { yearOnYear, yearOnYearText } from '@redline/domain';
import type { PeriodicReportFigures } from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { buildDashboard } from '../dashboard/build-dashboard.ts';
import { reportExtraCounts } from './repo.ts';
import { n, pct, rateText } from './text.ts';

/**
 * A report's figures: the jurisdiction dashboard of the region for the period (the same code and
 * rollups: inspections and enterprises inspected from inspection_daily, problems / major / closed /
 * overdue from the hazard rollups, the rate rounded down with its counts, accidents and deaths against
 * the same days a year earlier, equipment past its date), plus accountability actions and equipment
 * due in the period, and accidents year on year in words (the domain's `yearOnYear`: whole percent
 * rounded toward +∞, so a count of harm is never flattered).
 */
export async function reportFigures(
  deps: Deps,
  actor: Actor,
  regionCode: string,
  from: string,
  to: string,
): Promise<PeriodicReportFigures> {
  const dashboard = await buildDashboard(deps, actor, { regionCode, from, to });
  const extra = await reportExtraCounts(deps.database.db, regionCode, from, to, deps.config.TIME_ZONE);
  const f = dashboard.figures;
  const acc = f.accidents;
  const count = acc ? yearOnYear(acc.count, acc.lastYearCount) : null;
  const deaths = acc ? yearOnYear(acc.deaths, acc.lastYearDeaths) : null;
  return {
    dashboard,
    extra: {
      headline: `${n(f.enterprisesInspected)} / ${n(f.problemsFound)} / ${n(f.majorFound)} / ${pct(f.ratePercent)} %`,
      rateText: rateText(f.ratePercent, f.closed, f.problemsFound),
      accountabilityActions: extra.accountability,
      equipmentDue: extra.equipment_due,
      accidentsText: count ? yearOnYearText(count, '起') : null,
      deathsText: deaths ? yearOnYearText(deaths, '人') : null,
      accidentsChangePercent: count?.changePercent ?? null,
      deathsChangePercent: deaths?.changePercent ?? null,
    },
  };
}
