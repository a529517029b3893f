import { sql, type Kysely } from 'kysely';
import { addDays, dateInZone, offsetInZone } from '@redline/domain';
import { readMeta } from '../db/app-meta.ts';
import type { DB } from '../db/schema.ts';
import type { Deps } from '../http/context.ts';
import { toActor, type Actor } from '../auth/actor.ts';
import { inTransaction } from '../db/transaction.ts';
import { openCase } from '../modules/enforcement/open-case.ts';
import { draftDocument } from '../modules/enforcement/draft-document.ts';
import { editDraft } from '../modules/enforcement/edit-draft.ts';
import { confirmOfficer } from '../modules/enforcement/document-officers.ts';
import { issueDocument } from '../modules/enforcement/issue-document.ts';
import { createAction } from '../modules/accountability/create-action.ts';

/**
 * After the demo history (whose rectification orders are issued documents, see seed-inspections.ts):
 * one administrative case over a Jinshan order that was ignored — opened, its filing approval issued
 * (two officers named and confirmed, approved by the leader), the penalty decision drafted and
 * waiting for approval — and two accountability actions on enterprises with overdue hazards: a
 * notification (通报) in Jinshan and a warning (警示) in Ordos.
 *
 * Through the use cases on a simulated clock (`deps.now` set to each step's time in the demo's
 * two months), so numbers, case status and the audit chain are what use would have produced.
 * Fiction; deterministic (picks by date and id); idempotent (app_meta 'demo_enforcement').
 */
type SeedDeps = Pick<Deps, 'config' | 'database' | 'now' | 'today'>;
type Q = Kysely<DB>;

export interface DemoEnforcement {
  caseId: string | null;
  documentIds: string[];
  accountabilityIds: string[];
}

const USERS = ['jinshan.leader', 'jinshan.inspector', 'jinshan.inspector2', 'ordos.leader'] as const;

export async function seedDemoEnforcement(deps: SeedDeps): Promise<DemoEnforcement | null> {
  const db = deps.database.db;
  const done = await readMeta<DemoEnforcement>(db, 'demo_enforcement');
  if (done) return done;
  if (!(await readMeta(db, 'demo_inspections'))) return null;
  // A system someone has already used keeps its own cases.
  if (await db.selectFrom('cases').select('id').limit(1).executeTakeFirst()) return null;
  const users = await db.selectFrom('users').selectAll().where('username', 'in', USERS).execute();
  const actors = new Map<string, Actor>(users.map((u) => [u.username, toActor(u)]));
  if (USERS.some((u) => !actors.has(u))) return null;
  const actor = (name: (typeof USERS)[number]) => actors.get(name)!;

  let clock = deps.now();
  const sim = { ...deps, now: () => new Date(clock.getTime()) };
  const tz = deps.config.TIME_ZONE;
  const today = deps.today();
  /** An instant on a local calendar day of the time zone. */
  const at = (date: string, hhmm: string) =>
    new Date(`${date}T${hhmm}:00${offsetInZone(tz, new Date(`${date}T12:00:00Z`))}`);

  return inTransaction(db, async (trx) => {
    const result: DemoEnforcement = { caseId: null, documentIds: [], accountabilityIds: [] };
    const now = deps.now();
    const ignored = await overdueOrdered(trx, now, '310116', true);
    // Opened a few days after the ordered deadline passed unheeded (WSL art. 102), and filed before today.
    const openedOn = ignored ? addDays(dateInZone(tz, ignored.deadline), 3) : today;
    if (ignored && openedOn < addDays(today, -1)) {
      const inspector = actor('jinshan.inspector');
      const colleague = actor('jinshan.inspector2');
      const leader = actor('jinshan.leader');
      clock = at(openedOn, '10:00');
      const caseId = await openCase(trx, sim, inspector, {
        title: `${ignored.subject}逾期未整改事故隐患案`,
        source: 'hazard',
        sourceId: ignored.id,
        summary: `经复查，当事人对${ignored.number}责令限期整改的事故隐患“${ignored.title}”逾期未整改（演示数据，虚构）。`,
      });
      await sql`UPDATE cases SET opened_at = ${clock.toISOString()}, created_at = ${clock.toISOString()} WHERE id = ${caseId}`.execute(
        trx,
      );
      result.caseId = caseId;
      // The filing approval: drafted by the case officer naming a colleague, approved the next day.
      clock = at(openedOn, '14:30');
      const filing = await draft(trx, sim, inspector, {
        kind: 'case_filing',
        caseId,
        officerIds: [colleague.userId],
      });
      clock = at(openedOn, '15:10');
      await confirmOfficer(trx, sim, colleague, filing);
      clock = at(addDays(openedOn, 1), '09:20');
      await editDraft(trx, sim, leader, filing, {
        approverOpinion: '同意立案，由金山区应急管理局执法人员承办。',
      });
      await issueDocument(trx, sim, leader, filing);
      result.documentIds.push(filing);
      // The penalty decision: drafted after the investigation, waiting for the leader's approval.
      const draftedOn = addDays(openedOn, 8);
      if (draftedOn < today) {
        clock = at(draftedOn, '16:00');
        const penalty = await draft(trx, sim, inspector, {
          kind: 'penalty_decision',
          caseId,
          officerIds: [colleague.userId],
          facts: {
            evidenceText: `1. ${ignored.number}及送达回执；2. 复查现场检查记录；3. 现场照片4张；4. 询问笔录2份。`,
            basisText:
              '《中华人民共和国安全生产法》第一百零二条：未采取措施消除事故隐患的，责令立即消除或者限期消除，处五万元以下的罚款',
            penaltyText: '处人民币叁万元整罚款，并责令立即消除事故隐患',
            paymentText: '自收到本决定书之日起十五日内缴至指定银行，逾期每日按罚款数额的百分之三加处罚款。',
          },
        });
        clock = at(draftedOn, '16:40');
        await confirmOfficer(trx, sim, colleague, penalty);
        result.documentIds.push(penalty);
      }
    }

    // Accountability on enterprises whose ordered hazards are overdue.
    const targets = [
      { region: '310116', leader: actor('jinshan.leader'), kind: 'notification' as const, daysAgo: 4 },
      { region: '1506', leader: actor('ordos.leader'), kind: 'warning' as const, daysAgo: 2 },
    ];
    for (const t of targets) {
      const h = await overdueOrdered(trx, now, t.region, false, ignored?.id);
      if (!h) continue;
      clock = at(addDays(today, -t.daysAgo), '10:30');
      const notification = t.kind === 'notification';
      result.accountabilityIds.push(
        await createAction(trx, sim, t.leader, {
          kind: t.kind,
          targetKind: 'enterprise',
          enterpriseId: h.enterpriseId,
          hazardIds: [h.id],
          title: notification
            ? `关于${h.subject}事故隐患逾期未整改的通报`
            : `对${h.subject}隐患整改不力的警示`,
          reason: notification
            ? `${h.number}责令整改的事故隐患“${h.title}”逾期未整改，予以通报批评（演示数据，虚构）。`
            : `事故隐患“${h.title}”整改逾期，向企业主要负责人发出警示，限期整改并书面报告（演示数据，虚构）。`,
          deadline: addDays(today, notification ? 20 : 10),
        }),
      );
    }
    await trx
      .insertInto('app_meta')
      .values({ key: 'demo_enforcement', value: JSON.stringify(result) })
      .execute();
    return result;
  });
}

async function draft(
  trx: Q,
  deps: Parameters<typeof draftDocument>[1],
  actor: Actor,
  input: Parameters<typeof draftDocument>[3],
): Promise<string> {
  const id = await draftDocument(trx, deps, actor, input);
  // created_at is a database default (the real time); the draft's time is when it was drafted.
  await sql`UPDATE documents SET created_at = ${deps.now().toISOString()} WHERE id = ${id}`.execute(trx);
  return id;
}

/**
 * The oldest hazard of an enterprise in a region still under an order whose deadline has passed;
 * `byDocument`: only one ordered by an issued rectification order.
 */
async function overdueOrdered(trx: Q, now: Date, region: string, byDocument: boolean, not?: string) {
  const row = await trx
    .selectFrom('hazards as h')
    .innerJoin('enterprises as e', 'e.id', 'h.enterprise_id')
    .leftJoin('documents as d', (j) =>
      j
        .on('d.kind', '=', 'rectification_order')
        .on('d.status', '=', 'issued')
        .on(sql<boolean>`h.id = ANY(d.hazard_ids)`),
    )
    .select(['h.id', 'h.title', 'h.deadline', 'h.enterprise_id', 'e.name', 'd.number'])
    .where('h.region_code', 'like', `${region}%`)
    .where('h.project_id', 'is', null)
    .where('h.status', '=', 'rectification_ordered')
    .where('h.deadline', '<', now)
    .$if(byDocument, (q) => q.where('d.id', 'is not', null))
    .$if(!!not, (q) => q.where('h.id', '<>', not!))
    .orderBy('h.deadline')
    .orderBy('h.id')
    .executeTakeFirst();
  if (!row || !row.deadline || !row.enterprise_id) return null;
  return {
    id: row.id,
    title: row.title,
    deadline: new Date(row.deadline),
    enterpriseId: row.enterprise_id,
    subject: row.name,
    number: row.number ?? '责令限期整改指令书',
  };
}
