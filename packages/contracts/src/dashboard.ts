import { Type, type Static } from '@sinclair/typebox';
import { DateString, Nullable, RateFraction, RatePercent, literals } from './common.ts';

/**
 * The jurisdiction dashboard (issue 15): one set of figures for a region and a period, the same
 * figures per child region (drill-down: province → city → county → town → enterprises / projects),
 * a monthly trend and where problems concentrate. Every figure is read from a rollup or a small
 * indexed count; a figure whose source is not installed on this server is null ("not available").
 */
export const DashboardQuery = Type.Object(
  {
    regionCode: Type.Optional(
      Type.String({
        pattern: '^\\d{2}(\\d{2}(\\d{2}(\\d{3})?)?)?$',
        description:
          "The region to show (a division code inside the caller's jurisdiction; default: the whole jurisdiction). A region outside it answers 404 like a missing one.",
      }),
    ),
    from: Type.Optional({
      ...DateString,
      description: 'first day of the period (YYYY-MM-DD; default: the first of this month)',
    }),
    to: Type.Optional({ ...DateString, description: 'last day of the period (YYYY-MM-DD; default: today)' }),
  },
  { additionalProperties: false },
);
export type DashboardQuery = Static<typeof DashboardQuery>;

export const DASHBOARD_LEVELS = ['national', 'province', 'city', 'county', 'town'] as const;
export const DASHBOARD_CHILD_KINDS = ['region', 'enterprise', 'project'] as const;

const YEAR_ON_YEAR =
  'Change against the same period one year earlier in percent, (this − last) / last × 100, truncated toward zero to one decimal; null when last year counted none. Always shown beside both counts.';

export const DashboardAccidents = Type.Object({
  count: Type.Integer(),
  deaths: Type.Integer(),
  lastYearCount: Type.Integer(),
  lastYearDeaths: Type.Integer(),
  countChangePercent: Nullable(Type.String({ description: YEAR_ON_YEAR })),
  deathsChangePercent: Nullable(Type.String({ description: YEAR_ON_YEAR })),
});
export type DashboardAccidents = Static<typeof DashboardAccidents>;

const GradeCounts = Type.Object({ A: Type.Integer(), B: Type.Integer(), C: Type.Integer() });

export const DashboardFigures = Type.Object({
  enterprises: Type.Integer({ description: 'enterprises registered in the region' }),
  projects: Type.Integer({ description: 'projects registered in the region' }),
  devices: Type.Integer({ description: 'active devices' }),
  devicesOnline: Type.Integer({ description: 'active devices seen within `onlineMinutes`' }),
  inspectionsDone: Type.Integer({
    description: 'supervisory inspections finished in the period (self-inspections not counted)',
  }),
  enterprisesInspected: Type.Integer({
    description: 'distinct enterprises with a finished supervisory inspection in the period',
  }),
  problemsFound: Type.Integer({ description: 'hazards found in the period (not rejected)' }),
  closed: Type.Integer({ description: 'of them closed' }),
  open: Type.Integer({ description: 'of them still open (found − closed)' }),
  rate: RateFraction('Rectification rate: closed / found'),
  ratePercent: RatePercent('Rectification rate: closed / found'),
  overdue: Type.Integer({ description: 'of them owed and past the deadline now' }),
  majorFound: Type.Integer(),
  majorListed: Type.Integer({ description: 'major hazards listed for supervision (挂牌督办)' }),
  majorClosed: Type.Integer(),
  equipmentOverdue: Type.Integer({
    description: 'special equipment whose next periodic inspection date has passed',
  }),
  accidents: Nullable(DashboardAccidents),
  grades: Nullable(
    Type.Object(
      { enterprise: GradeCounts, project: GradeCounts },
      { description: 'current grades A/B/C of graded supervision; null when grading is not installed' },
    ),
  ),
  plan: Nullable(
    Type.Object(
      { done: Type.Integer(), due: Type.Integer() },
      {
        description: 'spot-check tasks due in the period and of them done; null when plans are not installed',
      },
    ),
  ),
});
export type DashboardFigures = Static<typeof DashboardFigures>;

export const DashboardChild = Type.Object({
  kind: literals(DASHBOARD_CHILD_KINDS),
  key: Type.String({ description: 'division code, or enterprise / project id' }),
  name: Type.String(),
  drillable: Type.Boolean({ description: 'whether the dashboard can be opened for it (regions)' }),
  enterprises: Type.Integer(),
  projects: Type.Integer(),
  devicesOnline: Type.Integer(),
  inspectionsDone: Type.Integer(),
  enterprisesInspected: Type.Integer(),
  problemsFound: Type.Integer(),
  closed: Type.Integer(),
  ratePercent: RatePercent('Rectification rate: closed / found'),
  overdue: Type.Integer(),
  majorFound: Type.Integer(),
  equipmentOverdue: Type.Integer(),
  accidents: Nullable(Type.Integer()),
  deaths: Nullable(Type.Integer()),
});
export type DashboardChild = Static<typeof DashboardChild>;

export const Dashboard = Type.Object({
  asOf: Type.String({ format: 'date-time' }),
  regionCode: Type.String({ description: "'' is the whole country" }),
  regionName: Type.String(),
  level: literals(DASHBOARD_LEVELS),
  from: DateString,
  to: DateString,
  onlineMinutes: Type.Integer({
    description: 'a device counts as online when seen within this many minutes',
  }),
  breadcrumb: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
    description: "from the caller's jurisdiction down to the region shown",
  }),
  figures: DashboardFigures,
  trend: Type.Array(
    Type.Object({
      month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
      problemsFound: Type.Integer(),
      closed: Type.Integer(),
      majorFound: Type.Integer(),
      inspectionsDone: Type.Integer(),
    }),
    { description: "the 12 months ending with the period's last month (hazards by found month)" },
  ),
  topModules: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      problemsFound: Type.Integer(),
      closed: Type.Integer(),
      ratePercent: RatePercent('Rectification rate: closed / found'),
    }),
    { description: 'checklist modules with the most problems found in the period' },
  ),
  childKind: literals(DASHBOARD_CHILD_KINDS),
  children: Type.Array(DashboardChild),
});
export type Dashboard = Static<typeof Dashboard>;
