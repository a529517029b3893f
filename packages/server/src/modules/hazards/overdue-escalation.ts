import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { dueEscalations, validateEscalationSteps, type EscalationStep } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../http/context.ts';
import { appendAudit } from '../../audit/chain.ts';
import { DATA_DIR } from '../reference/load.ts';
import { authorityLeaders, enterpriseManagers, notifyUsers } from '../notifications/notify.ts';
import { latestEventOf, userAuthorityId, type HazardRow } from './repo.ts';
import { claimEscalation, overdueHazards, setEscalationNotified } from './escalation-repo.ts';
import { stateOf } from './presenters.ts';
import { zhDateTime } from './time.ts';
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
  const rows = await overdueHazards(trx, now, last, BATCH);
  let notices = 0;
  let stagesDone = 0;
  for (const h of rows) {
    const state = stateOf(h);
    for (const step of dueEscalations(state, now.toISOString(), all)) {
      const stage = { hazardId: h.id, stage: step.stage, deadline: h.deadline! };
      if (!(await claimEscalation(trx, { ...stage, at: now }))) continue;
      const deadlineText = zhDateTime(deps.config.TIME_ZONE, h.deadline!, true);
      const users =
        step.notify === 'enterprise'
          ? await enterpriseManagers(trx, h.enterprise_id, h.project_id)
          : await authorityLeaders(trx, await orderingAuthority(trx, h));
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
      await setEscalationNotified(trx, stage, notified);
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

/** The authority whose inspector ordered (or last reviewed, or extended) the rectification; else the finder's. */
async function orderingAuthority(trx: Kysely<DB>, h: HazardRow): Promise<string | null> {
  const order = await latestEventOf(trx, h.id, ['order_rectification', 'review', 'decide_extension']);
  if (order?.authority_id) return order.authority_id;
  return h.found_by ? userAuthorityId(trx, h.found_by) : null;
}

export const overdueEscalationJob: Job = {
  name: 'overdue-escalation',
  everyMs: 5 * 60_000,
  run: (trx, deps) => escalateOverdue(trx, deps),
};
