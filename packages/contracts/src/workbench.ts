import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from './auth.ts';
import { literals, Nullable } from './common.ts';
import { DashboardFigures } from './dashboard.ts';

/**
 * The home page's workbench (issue 16): what is waiting for the caller, by role, from one request.
 * Every section is a count with the list page (and filter) where the work is handled, and the first
 * few entries. Counts come from the same scoped, indexed queries as those list pages (or their
 * rollups), so a figure here is the total the list shows.
 */
export const WORKBENCH_SECTIONS = [
  // inspector
  'tasks_today',
  'group_tasks',
  'drafts',
  'reviews_due',
  'overdue_to_check',
  // duty officer
  'open_alarms',
  'devices_offline',
  'handoffs_waiting',
  // enterprise safety manager
  'my_hazards',
  'site_alarms',
  'unread_notifications',
  'certificates_due',
  'equipment_due',
  // worker
  'my_certificates',
  'my_site',
] as const;
export type WorkbenchSectionKey = (typeof WORKBENCH_SECTIONS)[number];

export const WORKBENCH_TONES = ['default', 'info', 'warning', 'danger'] as const;

export const WorkbenchEntry = Type.Object({
  id: Type.String(),
  title: Type.String(),
  detail: Type.String({ description: 'a second line: where, who, a number' }),
  at: Nullable(
    Type.String({ description: 'the date (YYYY-MM-DD) or instant that matters: deadline, due day, arrival' }),
  ),
  status: Nullable(Type.String({ description: 'the record status or severity code, for a tag' })),
  tone: literals(WORKBENCH_TONES),
  link: Type.String({ description: 'where the entry is handled (an app path)' }),
});
export type WorkbenchEntry = Static<typeof WorkbenchEntry>;

export const WorkbenchSection = Type.Object({
  key: literals(WORKBENCH_SECTIONS),
  count: Type.Integer({ minimum: 0 }),
  capped: Type.Boolean({ description: 'the count stopped at the list’s counting cap ("N+")' }),
  link: Type.String({
    description:
      "the list page with the filter of this section ('' when there is none: unread notices live in the header's bell)",
  }),
  breakdown: Type.Array(
    Type.Object({ key: Type.String(), count: Type.Integer({ minimum: 0 }), link: Type.String() }),
    { description: 'e.g. open alarms by severity; empty when not broken down' },
  ),
  items: Type.Array(WorkbenchEntry, { maxItems: 5 }),
});
export type WorkbenchSection = Static<typeof WorkbenchSection>;

export const Workbench = Type.Object({
  role: literals(ROLES),
  asOf: Type.String({ format: 'date-time' }),
  today: Type.String({ description: 'today in the server time zone (YYYY-MM-DD)' }),
  sections: Type.Array(WorkbenchSection),
  dashboard: Nullable(
    Type.Object(
      {
        from: Type.String(),
        to: Type.String(),
        figures: DashboardFigures,
      },
      {
        description:
          "leaders and administrators: this month's jurisdiction dashboard figures (same as /api/dashboard)",
      },
    ),
  ),
});
export type Workbench = Static<typeof Workbench>;
