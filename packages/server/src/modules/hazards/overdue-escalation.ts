import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { dueEscalations, validateEscalationSteps, type EscalationStep } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../http/context.ts';
import { appendAudit } from '../../audit/chain.ts';
import { DATA_DIR } from '../reference/load.ts';
import { stateOf } from './repo.ts';
import { zhDateTime } from './time.ts';
import { authorityLeaders, enterpriseManagers, notifyUsers } from '../notifications/notify.ts';
import type { Job } from '../../jobs/scheduler.ts';

/**
 * Overdue rectification escalation (stages from data/hazards/escalation.json): when a deadline
 * passes while the enterprise still owes the fix, notify its safety managers; later, the leaders
 * of the authority whose inspector ordered the rectification. Each stage happens once per deadline
 * (hazard_escalations' primary key), is audited, and a new deadline starts over.
 */
let steps: EscalationStep[] | null = null;
export function escalationSteps(): EscalationStep[] {
  if (steps) return steps;
  const file = JSON.parse(readFileSync(path.join(DATA_DIR, 'hazards', 'escalation.json'), 'utf8')) as {
    steps: EscalationStep[];
  };
  const problems = validateEscalationSteps(file.steps);
  if (problems.length) throw new Error(`data/hazards/escalation.json: ${problems.join('; ')}`);
  steps = file.steps;
  return steps;
}

const BATCH = 500;

export async function escalateOverdue(trx: Kysely<DB>, deps: Pick<Deps, 'now' | 'config'>): Promise<string> {
  const all = escalationSteps();
  const last = Math.max(...all.map((s) => s.stage));
  const now = deps.now();
  const rows = await trx
    .selectFrom('hazards as h')
    .selectAll('h')
    .where('h.status', 'in', ['rectification_ordered', 'rectifying'])
    .where('h.deadline', '<', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('hazard_escalations as x')
            .select('x.stage')
            .whereRef('x.hazard_id', '=', 'h.id')
            .whereRef('x.deadline', '=', 'h.deadline')
            .where('x.stage', '=', last),
        ),
      ),
    )
    .orderBy('h.deadline')
    .limit(BATCH)
    .execute();
  let notices = 0;
  let stagesDone = 0;
  for (const h of rows) {
    const state = stateOf(h);
    for (const step of dueEscalations(state, now.toISOString(), all)) {
      const inserted = await trx
        .insertInto('hazard_escalations')
        .values({ hazard_id: h.id, stage: step.stage, deadline: h.deadline!, escalated_at: now })
        .onConflict((oc) => oc.columns(['hazard_id', 'stage', 'deadline']).doNothing())
        .returning('stage')
        .executeTakeFirst();
      if (!inserted) continue;
      const deadlineText = zhDateTime(deps.config.TIME_ZONE, h.deadline!, true);
      let users: string[] = [];
      if (step.notify === 'enterprise') users = await enterpriseManagers(trx, h.enterprise_id, h.project_id);
      else {
        const order = await trx
          .selectFrom('hazard_events')
          .select(['authority_id'])
          .where('hazard_id', '=', h.id)
          .where('type', 'in', ['order_rectification', 'review', 'decide_extension'])
          .orderBy('seq', 'desc')
          .executeTakeFirst();
        let authorityId = order?.authority_id ?? null;
        if (!authorityId && h.found_by)
          authorityId =
            (
              await trx
                .selectFrom('users')
                .select('authority_id')
                .where('id', '=', h.found_by)
                .executeTakeFirst()
            )?.authority_id ?? null;
        users = await authorityLeaders(trx, authorityId);
      }
      const notified = await notifyUsers(trx, users, {
        kind: `hazard.overdue.${step.stage}`,
        title:
          step.notify === 'enterprise' ? `隐患整改已逾期：${h.title}` : `督办提醒：企业逾期未整改 ${h.title}`,
        body: `整改期限 ${deadlineText} 已过，请${step.notify === 'enterprise' ? '立即完成整改并提交整改材料，或说明情况' : '督促企业整改，必要时依法处理'}。`,
        link: `/hazards/${h.id}`,
        subjectType: 'hazard',
        subjectId: h.id,
        dedupeKey: `overdue:${h.id}:${step.stage}:${new Date(h.deadline!).toISOString()}`,
      });
      await trx
        .updateTable('hazard_escalations')
        .set({ notified_user_ids: notified })
        .where('hazard_id', '=', h.id)
        .where('stage', '=', step.stage)
        .where('deadline', '=', h.deadline!)
        .execute();
      await appendAudit(trx, {
        actor: { system: 'overdue-escalation' },
        action: 'hazard.escalate',
        subjectType: 'hazard',
        subjectId: h.id,
        regionCode: h.region_code,
        details: {
          stage: step.stage,
          notify: step.notify,
          deadline: new Date(h.deadline!).toISOString(),
          notified: notified.length,
        },
        at: now,
      });
      notices += notified.length;
      stagesDone++;
    }
  }
  return `${rows.length} overdue hazard(s) looked at, ${stagesDone} escalation stage(s), ${notices} notice(s)`;
}

export const overdueEscalationJob: Job = {
  name: 'overdue-escalation',
  everyMs: 5 * 60_000,
  run: (trx, deps) => escalateOverdue(trx, deps),
};
