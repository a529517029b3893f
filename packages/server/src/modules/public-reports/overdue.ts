import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../http/context.ts';
import type { Job } from '../../jobs/scheduler.ts';
import { appendAudit } from '../../audit/chain.ts';
import {
  authorityLeaders,
  enterpriseManagers,
  jurisdictionLeaders,
  notifyUsers,
} from '../notifications/notify.ts';
import { overdueReports, updateReport } from './repo.ts';

/**
 * Overdue handling escalates like hazards: a report still unanswered at its deadline goes to the
 * leaders of the authority it was routed to (or of the nearest jurisdiction); a suggestion to the
 * enterprise's managers as well. Once per report, audited.
 */
export async function escalateOverdueReports(trx: Kysely<DB>, deps: Pick<Deps, 'now'>): Promise<string> {
  const now = deps.now();
  const rows = await overdueReports(trx, now, 200);
  let notices = 0;
  for (const r of rows) {
    const leaders = r.authority_id
      ? await authorityLeaders(trx, r.authority_id)
      : await jurisdictionLeaders(trx, r.region_code);
    const users =
      r.kind === 'suggestion'
        ? [...leaders, ...(await enterpriseManagers(trx, r.enterprise_id, r.project_id))]
        : leaders;
    const sent = await notifyUsers(trx, users, {
      kind: 'public_report.overdue',
      title: `举报逾期未处理：${r.tracking_code}`,
      body: '该举报已超过处理期限仍未核查答复，请督促尽快核查。',
      link: `/public-reports/${r.id}`,
      subjectType: 'public_report',
      subjectId: r.id,
      dedupeKey: `report-overdue:${r.id}`,
    });
    await updateReport(trx, r.id, { escalated_at: now });
    await appendAudit(trx, {
      actor: { system: 'report-escalation' },
      action: 'public_report.escalate',
      subjectType: 'public_report',
      subjectId: r.id,
      regionCode: r.region_code,
      details: { deadline: new Date(r.deadline).toISOString(), notified: sent.length },
      at: now,
    });
    notices += sent.length;
  }
  return `${rows.length} overdue report(s) escalated, ${notices} notice(s)`;
}

export const reportEscalationJob: Job = {
  name: 'public-report-escalation',
  everyMs: 5 * 60_000,
  run: (trx, deps) => escalateOverdueReports(trx, deps),
};
