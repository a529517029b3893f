import { Type } from '@sinclair/typebox';
import {
  AlarmRuleBody,
  AlarmRuleView,
  RuleCodeParams,
  RuleStagesBody,
  RuleStagesView,
} from '@redline/contracts';
import { setRuleStages, stageBindings } from '../set-rule-stages.ts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { notFound } from '../../../errors.ts';
import { ensureShippedRules } from '../ensure-shipped-rules.ts';
import { addRuleVersion, retireRuleOverride } from '../add-rule-version.ts';
import { activeRuleRows, ruleVersion, ruleVersions } from '../rules-repo.ts';
import { ruleView } from '../presenters.ts';
import { errors } from './errors.ts';

const tags = ['alarm rules'];

/**
 * Alarm rules: the versions in force (the national defaults and the overrides of provinces, cities
 * and districts the caller can see), their history, new versions and retiring an override.
 */
export const rulesRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/api/alarm-rules',
    {
      schema: {
        tags,
        summary: 'The alarm rules in force: per rule the national version and each visible override',
        description:
          'An override applies only inside its province, city or district; a device is judged by the most specific version covering its site region (district > city > province > national). A regulator sees the national versions, the overrides above their jurisdiction and those of their jurisdiction and below — not those of other jurisdictions.',
        response: { 200: Type.Array(AlarmRuleView), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'alarm_rule');
      await ensureShippedRules(db);
      const inForce = await activeRuleRows(db, actor.regionCode);
      return inForce.map((r) => ruleView(r, { inForce, callerRegion: actor.regionCode }));
    },
  );

  app.get(
    '/api/alarm-rules/stage-bindings',
    {
      schema: {
        tags,
        summary:
          "Per rule, the version in force in the caller's jurisdiction and the project stages it applies in",
        response: { 200: Type.Array(RuleStagesView), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'alarm_rule');
      await ensureShippedRules(db);
      return stageBindings(await activeRuleRows(db, actor.regionCode), actor.regionCode);
    },
  );

  app.put(
    '/api/alarm-rules/:code/stages',
    {
      schema: {
        tags,
        summary: "Bind a rule to project stages in the caller's jurisdiction (null = every stage)",
        description:
          "A device on a project is judged by the rule only while its project is in one of these stages (a tower-crane rule while under construction). Without a version of the caller's own jurisdiction, an override copying the applying version is made. Leaders and administrators; audited.",
        params: RuleCodeParams,
        body: RuleStagesBody,
        response: { 200: RuleStagesView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'alarm_rule');
      return setRuleStages(db, actor, req.params.code, req.body);
    },
  );

  app.get(
    '/api/alarm-rules/:code',
    {
      schema: {
        tags,
        summary: 'Every version of one rule the caller can see (national and overrides), newest first',
        params: RuleCodeParams,
        response: { 200: Type.Array(AlarmRuleView), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'alarm_rule');
      const list = await ruleVersions(db, req.params.code, actor.regionCode);
      if (!list.length) throw notFound('Alarm rule');
      return list.map((r) => ruleView(r));
    },
  );

  app.post(
    '/api/alarm-rules/:code/versions',
    {
      schema: {
        tags,
        summary: "Add a version of a rule in the caller's own jurisdiction (national, or an override)",
        description:
          'A national administrator changes the national default; a leader or administrator of a province, city or district adds an override that applies only inside their jurisdiction. It takes effect at once; earlier alarms keep their version. 403 for other roles and for jurisdictions that are not a province, city or district; 404 for an unknown rule (overrides are of existing rules).',
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
      const inForce = await activeRuleRows(db, actor.regionCode);
      return ruleView(await ruleVersion(db, req.params.code, version), {
        inForce,
        callerRegion: actor.regionCode,
      });
    },
  );

  app.delete(
    '/api/alarm-rules/:code/override',
    {
      schema: {
        tags,
        summary: "Retire the caller's jurisdiction's override of a rule (it falls back to the version above)",
        params: RuleCodeParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'create', 'alarm_rule');
      await retireRuleOverride(db, actor, req.params.code);
      return reply.status(204).send(null);
    },
  );
};
