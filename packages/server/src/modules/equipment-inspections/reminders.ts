import type { Job } from '../../jobs/scheduler.ts';
import { daysBetween } from '@redline/domain';
import { enterpriseManagers, notifyUsers } from '../notifications/notify.ts';
import { queueWebhookEvent } from '../webhooks/queue.ts';
import { claimReminder, countNotified, reminderCandidates } from './repo.ts';

const BATCH = 500;

/**
 * Daily-work reminders of periodic inspection (run every hour; idempotent): when a piece of equipment
 * enters its warning window (warn_days before the next-inspection date) its use unit's managers get
 * an in-app notice and the jurisdiction's webhooks a message, once per equipment, due date and kind;
 * when the date passes with no newer pass, once more as overdue (must not be used). The claim row in
 * equipment_reminders (primary key equipment, due date, kind) is what makes a second run send nothing;
 * a pass moves the due date on, so the next cycle reminds again.
 */
export const equipmentReminderJob: Job = {
  name: 'equipment-inspection-reminders',
  everyMs: 60 * 60 * 1000,
  async run(trx, deps) {
    const today = deps.today();
    const now = deps.now();
    const rows = await reminderCandidates(trx, today, BATCH);
    let sent = 0;
    for (const r of rows) {
      const due = r.next_inspection_on!;
      const kind = r.status === 'overdue' ? 'overdue' : 'due_soon';
      if (!(await claimReminder(trx, r.id, due, kind, now))) continue;
      const days = daysBetween(today, due);
      const title =
        kind === 'overdue'
          ? `特种设备超期未检（不得使用）：${r.category_name} ${r.registration_code}`
          : `特种设备定期检验到期提醒：${r.category_name} ${r.registration_code}，${days} 天后到期`;
      const body = `下次检验日期 ${due}；设备地点：${r.location || '—'}。请在检验有效期届满 1 个月前向检验机构提出定期检验申请；超期未检或检验不合格的特种设备不得继续使用。`;
      const dedupeKey = `equipment-${kind}:${r.id}:${due}`;
      const users = await notifyUsers(trx, await enterpriseManagers(trx, r.user_enterprise_id, null), {
        kind: `equipment.${kind}`,
        title,
        body,
        link: `/equipment-inspections?list=${kind === 'overdue' ? 'overdue' : 'due'}`,
        subjectType: 'equipment',
        subjectId: r.id,
        dedupeKey,
      });
      await queueWebhookEvent(trx, {
        event: `equipment.${kind}`,
        regionCode: r.region_code,
        dedupeKey,
        subjectId: r.id,
        title,
        lines: [
          ['设备', `${r.category_name} ${r.type_name}`.trim()],
          ['使用登记证编号', r.registration_code],
          ['下次检验日期', due],
          ['设备地点', r.location || '—'],
        ],
        link: null,
      });
      await countNotified(trx, r.id, due, kind, users.length);
      sent++;
    }
    return `${sent} reminders`;
  },
};
