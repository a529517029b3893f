import { Type } from '@sinclair/typebox';
import { AlarmRuleBody, AlarmRuleView, RuleCodeParams } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { notFound } from '../../../errors.ts';
import { ensureShippedRules } from '../ensure-shipped-rules.ts';
import { addRuleVersion } from '../add-rule-version.ts';
import { activeRuleRows, ruleVersion, ruleVersions } from '../rules-repo.ts';
import { ruleView } from '../presenters.ts';
import { errors } from './errors.ts';

const tags = ['alarm rules'];

/** Alarm rules: the versions in force, their history, and new versions from the console. */
export const rulesRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

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
      return (await activeRuleRows(db)).map(ruleView);
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
      const list = await ruleVersions(db, req.params.code);
      if (!list.length) throw notFound('Alarm rule');
      return list.map(ruleView);
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
      const version = await addRuleVersion(db, actor, req.params.code, req.body);
      reply.status(201);
      return ruleView(await ruleVersion(db, req.params.code, version));
    },
  );
};
