import {
  ALARM_SEVERITIES,
  type Workbench,
  type WorkbenchEntry,
  type WorkbenchSection,
} from '@redline/contracts';
import { isOverdue, REGULATOR_ROLES, type HazardState } from '@redline/domain';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { sharedDashboard } from '../dashboard/shared-dashboard.ts';
import { listHazardRows, type HazardSummaryRow } from '../hazards/repo.ts';
import { listAlarms } from '../devices/alarms-repo.ts';
import { dueList } from '../equipment-inspections/repo.ts';
import { latestNotices, unreadCount } from '../notifications/repo.ts';
import {
  certificatesOf,
  COUNT_CAP,
  draftsOf,
  FIRST,
  offlineDevices,
  openAlarmsBySeverity,
  openGroupsOf,
  openTasksOf,
  siteOfWorker,
  verifiedAlarms,
} from './repo.ts';

type Section = WorkbenchSection;
const iso = (d: Date | string | null | undefined) =>
  d === null || d === undefined ? null : typeof d === 'string' ? d : d.toISOString();

function section(
  key: Section['key'],
  link: string,
  page: { count: number; capped?: boolean },
  items: WorkbenchEntry[],
  breakdown: Section['breakdown'] = [],
): Section {
  const capped = page.capped ?? page.count > COUNT_CAP;
  return {
    key,
    link,
    count: Math.min(page.count, COUNT_CAP),
    capped,
    breakdown,
    items: items.slice(0, FIRST),
  };
}

function hazardEntry(h: HazardSummaryRow, now: Date): WorkbenchEntry {
  const overdue = isOverdue(h.state as unknown as HazardState, now.toISOString());
  const deadline = h.deadline ? iso(h.deadline) : null;
  const soon = deadline !== null && !overdue && new Date(deadline).getTime() - now.getTime() < 3 * 86_400_000;
  return {
    id: h.id,
    title: h.title,
    detail: [h.enterprise_name ?? h.project_name, h.site_name].filter(Boolean).join(' · '),
    at: deadline,
    status: overdue ? 'overdue' : h.status,
    tone: overdue ? 'danger' : h.grade === 'major' || soon ? 'warning' : 'default',
    link: `/hazards/${h.id}`,
  };
}

/**
 * The caller's workbench: for each role what waits for them, each section linking to the list (and
 * filter) where it is handled. Scoped like every list (the same repository functions or `inScope`).
 */
export async function buildWorkbench(deps: Deps, actor: Actor): Promise<Workbench> {
  const { db } = deps.database;
  const now = deps.now();
  const today = deps.today();
  const sections: Section[] = [];
  let dashboard: Workbench['dashboard'] = null;

  const hazards = (q: Parameters<typeof listHazardRows>[2]) =>
    listHazardRows(db, actor, { pageSize: FIRST, ...q }, now);
  const alarmEntries = (rows: Awaited<ReturnType<typeof listAlarms>>['items']): WorkbenchEntry[] =>
    rows.map((a) => ({
      id: a.id,
      title: a.type,
      detail: `${a.number} · ${a.site_name ?? ''}`,
      at: iso(a.created_at),
      status: a.severity,
      tone:
        a.severity === 'critical' || a.severity === 'high'
          ? 'danger'
          : a.severity === 'medium'
            ? 'warning'
            : 'info',
      link: `/offsite?id=${a.id}`,
    }));
  const alarmSeverities = async (linkBase: string) => {
    const rows = await openAlarmsBySeverity(db, actor);
    const by = new Map(rows.map((r) => [r.severity, r.n]));
    return [...ALARM_SEVERITIES]
      .reverse()
      .filter((s) => by.get(s))
      .map((s) => ({ key: s, count: by.get(s)!, link: `${linkBase}?severity=${s}` }));
  };

  switch (actor.role) {
    case 'inspector': {
      const [tasks, groups, drafts, review, overdue] = await Promise.all([
        openTasksOf(db, actor.userId),
        openGroupsOf(db, actor.userId, today),
        draftsOf(db, actor),
        hazards({ status: 'submitted', sort: 'deadline' }),
        hazards({ overdue: true, sort: 'deadline' }),
      ]);
      sections.push(
        section(
          'tasks_today',
          '/inspections',
          tasks,
          tasks.rows.map((t) => ({
            id: t.id,
            title: t.target_name,
            detail: t.inspection_id ? (t.inspection_status ?? '') : '',
            at: t.due_on,
            status: t.inspection_status ?? 'not_started',
            tone: t.due_on < today ? 'danger' : t.due_on === today ? 'warning' : 'default',
            link: t.inspection_id ? `/inspections/${t.inspection_id}` : '/inspections',
          })),
        ),
        section(
          'group_tasks',
          '/inspections/groups',
          groups,
          groups.rows.map((g) => ({
            id: g.id,
            title: g.name,
            detail: String(g.targets),
            at: g.ends_on,
            status: g.kind,
            tone: 'default',
            link: g.campaign_id ? `/campaign-groups/${g.id}` : '/inspections/groups',
          })),
        ),
        section(
          'drafts',
          '/inspections?mine=true',
          drafts,
          drafts.rows.map((i) => ({
            id: i.id,
            title: i.target_name || i.title || i.number,
            detail: i.number,
            at: iso(i.updated_at),
            status: i.status,
            tone: 'default',
            link: `/inspections/${i.id}`,
          })),
        ),
        section(
          'reviews_due',
          '/hazards?tab=submitted',
          { count: review.total, capped: review.totalCapped },
          review.items.map((h) => hazardEntry(h, now)),
        ),
        section(
          'overdue_to_check',
          '/hazards?tab=overdue',
          { count: overdue.total, capped: overdue.totalCapped },
          overdue.items.map((h) => hazardEntry(h, now)),
        ),
      );
      break;
    }
    case 'duty_officer': {
      const [open, breakdown, offline, verified] = await Promise.all([
        listAlarms(db, actor, { status: 'open', pageSize: FIRST, sort: 'severity', order: 'desc' }),
        alarmSeverities('/offsite'),
        offlineDevices(db, actor),
        verifiedAlarms(db, actor),
      ]);
      sections.push(
        section(
          'open_alarms',
          '/offsite',
          { count: open.total, capped: open.totalCapped },
          alarmEntries(open.items),
          breakdown,
        ),
        section(
          'devices_offline',
          '/offsite/devices?status=offline',
          offline,
          offline.rows.map((d) => ({
            id: d.id,
            title: `${d.code} · ${d.name}`,
            detail: d.site_name,
            at: iso(d.last_seen_at),
            status: 'offline',
            tone: 'warning',
            link: `/offsite/devices?status=offline&q=${encodeURIComponent(d.code)}`,
          })),
        ),
        section(
          'handoffs_waiting',
          '/offsite',
          verified,
          verified.rows.map((a) => ({
            id: a.id,
            title: a.type,
            detail: `${a.number} · ${a.site_name}`,
            at: iso(a.verified_at),
            status: a.handed_over ? 'handed_over' : 'verified',
            tone: a.handed_over ? 'info' : 'warning',
            link: `/offsite?id=${a.id}`,
          })),
        ),
      );
      break;
    }
    case 'enterprise_manager': {
      const [mine, overdue, alarms, breakdown, unread, notices, certs, due, overdueEquipment] =
        await Promise.all([
          hazards({ open: true, sort: 'deadline' }),
          hazards({ overdue: true, pageSize: 1 }),
          listAlarms(db, actor, { status: 'open', pageSize: FIRST, sort: 'severity', order: 'desc' }),
          alarmSeverities('/offsite'),
          unreadCount(db, actor.userId),
          latestNotices(db, actor.userId, { unread: true, limit: FIRST }),
          certificatesOf(db, actor, today, true),
          dueList(db, actor, { list: 'due', pageSize: FIRST }, today),
          dueList(db, actor, { list: 'overdue', pageSize: FIRST }, today),
        ]);
      sections.push(
        section(
          'my_hazards',
          '/hazards?tab=todo',
          { count: mine.total, capped: mine.totalCapped },
          mine.items.map((h) => hazardEntry(h, now)),
          overdue.total ? [{ key: 'overdue', count: overdue.total, link: '/hazards?tab=overdue' }] : [],
        ),
        section(
          'site_alarms',
          '/offsite',
          { count: alarms.total, capped: alarms.totalCapped },
          alarmEntries(alarms.items),
          breakdown,
        ),
        section(
          'unread_notifications',
          '', // no list page: the bell in the header lists them; each entry links to its subject
          { count: unread },
          notices.map((n) => ({
            id: n.id,
            title: n.title,
            detail: n.body.slice(0, 120),
            at: iso(n.created_at),
            status: n.kind,
            tone: 'info',
            link: n.link ?? '/',
          })),
        ),
        section(
          'certificates_due',
          '/registry/certificates?status=review_due',
          certs,
          certs.rows.map((c) => ({
            id: c.id,
            title: `${c.worker_name} · ${c.category_name}`,
            detail: c.number,
            at: c.expires_on,
            status: c.status,
            tone: c.status === 'expired' ? 'danger' : 'warning',
            link: `/registry/certificates/${c.id}`,
          })),
        ),
        section(
          'equipment_due',
          '/equipment-inspections?list=overdue',
          {
            count: due.total + overdueEquipment.total,
            capped: due.totalCapped || overdueEquipment.totalCapped,
          },
          [...overdueEquipment.items, ...due.items].map((q) => ({
            id: q.id,
            title: `${q.category_name} · ${q.registration_code}`,
            detail: q.site_name ?? q.location,
            at: q.next_inspection_on,
            status: overdueEquipment.items.includes(q) ? 'overdue' : 'due_soon',
            tone: overdueEquipment.items.includes(q) ? 'danger' : 'warning',
            link: `/registry/equipment/${q.id}`,
          })),
          [
            { key: 'overdue', count: overdueEquipment.total, link: '/equipment-inspections?list=overdue' },
            { key: 'due_soon', count: due.total, link: '/equipment-inspections?list=due' },
          ],
        ),
      );
      break;
    }
    case 'worker': {
      const [certs, site] = await Promise.all([
        certificatesOf(db, actor, today, false),
        actor.workerId ? siteOfWorker(db, actor.workerId) : Promise.resolve(null),
      ]);
      sections.push(
        section(
          'my_certificates',
          actor.workerId ? `/registry/workers/${actor.workerId}` : '/registry/certificates',
          certs,
          certs.rows.map((c) => ({
            id: c.id,
            title: c.category_name,
            detail: c.number,
            at: c.expires_on,
            status: c.status,
            tone: c.status === 'expired' ? 'danger' : c.status === 'review_due' ? 'warning' : 'default',
            link: `/registry/certificates/${c.id}`,
          })),
        ),
        section(
          'my_site',
          actor.workerId ? `/registry/workers/${actor.workerId}` : '/',
          { count: site ? 1 : 0 },
          site
            ? [
                {
                  id: site.id,
                  title: site.name,
                  detail: site.address,
                  at: iso(site.check_in_at),
                  status:
                    site.via === 'attendance' ? (site.check_out_at ? 'checked_out' : 'on_site') : 'assigned',
                  tone: 'default',
                  link: actor.workerId ? `/registry/workers/${actor.workerId}` : '/',
                },
              ]
            : [],
        ),
      );
      break;
    }
    default:
      break;
  }

  // Leaders and administrators (and every regulator without work sections of their own) get this
  // month's jurisdiction figures, the same numbers /api/dashboard answers.
  if (actor.role === 'leader' || actor.role === 'admin') {
    if (REGULATOR_ROLES.includes(actor.role)) {
      const d = await sharedDashboard(deps, actor, {});
      dashboard = { from: d.from, to: d.to, figures: d.figures };
    }
  }

  return { role: actor.role, asOf: now.toISOString(), today, sections, dashboard };
}
