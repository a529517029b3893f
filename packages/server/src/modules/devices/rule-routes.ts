import { Type } from '@sinclair/typebox';
import { AlarmRuleBody, AlarmRuleView, ErrorBody, RuleCodeParams } from '@redline/contracts';
import { validateRule, type AlarmRule } from '@redline/domain';
import { sql } from 'kysely';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { AppError, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { iso } from '../../db/paging.ts';
import { asObject, ensureShippedRules } from './rules.ts';
import { notifyLive } from './live.ts';
import { inTransaction } from '../../db/transaction.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

const view = (r: any) => {
  const def = asObject(r.definition) as AlarmRule;
  const { code: _c, version: _v, ...body } = def;
  return {
    ...body,
    code: r.code,
    version: r.version,
    active: r.active,
    source: r.source,
    createdAt: iso(r.created_at),
    createdBy: r.display_name ?? null,
  };
};

/** Alarm rules: the versions in force, their history, and new versions from the console. */
export async function ruleRoutes(app: App, deps: Deps) {
  const tags = ['alarm rules'];
  const db = deps.database.db;
  const rows = () =>
    db
      .selectFrom('alarm_rules as r')
      .leftJoin('users as u', 'u.id', 'r.created_by')
      .selectAll('r')
      .select('u.display_name');

  app.get(
    '/api/alarm-rules',
    {
      schema: {
        tags,
        summary: 'The alarm rules in force (one version per code)',
        response: { 200: Type.Array(AlarmRuleView), ...errors },
      },
    },
    async (req) => {
      authorize(actorOf(req), 'read', 'alarm_rule');
      await ensureShippedRules(db);
      return (await rows().where('r.active', '=', true).orderBy('r.code').execute()).map(view);
    },
  );

  app.get(
    '/api/alarm-rules/:code',
    {
      schema: {
        tags,
        summary: 'Every version of one rule, newest first',
        params: RuleCodeParams,
        response: { 200: Type.Array(AlarmRuleView), ...errors },
      },
    },
    async (req) => {
      authorize(actorOf(req), 'read', 'alarm_rule');
      const list = await rows().where('r.code', '=', req.params.code).orderBy('r.version', 'desc').execute();
      if (!list.length) throw notFound('Alarm rule');
      return list.map(view);
    },
  );

  app.post(
    '/api/alarm-rules/:code/versions',
    {
      schema: {
        tags,
        summary: 'Add a version of a rule (it takes effect at once; earlier alarms keep their version)',
        params: RuleCodeParams,
        body: AlarmRuleBody,
        response: { 201: AlarmRuleView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'alarm_rule');
      const code = req.params.code;
      const created = await inTransaction(db, async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(727275)`.execute(trx);
        const last = await trx
          .selectFrom('alarm_rules')
          .select(sql<number>`coalesce(max(version), 0)::int`.as('v'))
          .where('code', '=', code)
          .executeTakeFirstOrThrow();
        const rule = { ...req.body, code, version: last.v + 1 } as AlarmRule;
        const checked = validateRule(rule);
        if (!checked.ok) throw new AppError('VALIDATION', checked.message, 400, checked.field);
        await trx
          .updateTable('alarm_rules')
          .set({ active: false })
          .where('code', '=', code)
          .where('active', '=', true)
          .execute();
        await trx
          .insertInto('alarm_rules')
          .values({
            code,
            version: rule.version,
            definition: JSON.stringify(rule),
            active: true,
            source: 'edited',
            created_by: actor.userId,
          })
          .execute();
        await appendAudit(trx, {
          actor,
          action: 'alarm_rule.version',
          subjectType: 'alarm_rule',
          subjectId: `${code}@${rule.version}`,
          regionCode: actor.regionCode,
          after: rule,
          details: { code, version: rule.version },
        });
        await notifyLive(trx, 'R');
        return rule.version;
      });
      reply.status(201);
      return view(
        await rows().where('r.code', '=', code).where('r.version', '=', created).executeTakeFirstOrThrow(),
      );
    },
  );
}
