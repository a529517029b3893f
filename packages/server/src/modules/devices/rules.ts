import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Value } from '@sinclair/typebox/value';
import { AlarmRuleBody } from '@redline/contracts';
import { effectiveRuleVersion, ruleAppliesInStage, validateRule, type AlarmRule } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import { DATA_DIR } from '../reference/load.ts';
import { elapsedMs } from '../../clock.ts';
import { activeRuleDefinitions } from './rules-repo.ts';
import { asObject } from './presenters.ts';

/**
 * Alarm rules as data: shipped in data/alarm-rules.yaml as the national defaults, stored in
 * alarm_rules with every version kept and one version in force per code and scope (national, or a
 * province / city / district override). An edit in the console adds a version in its author's own
 * jurisdiction; the shipped file adds a national version when its `version` goes up.
 */
export const RULES_FILE = path.join(DATA_DIR, 'alarm-rules.yaml');

export interface RuleFileError {
  code: string;
  message: string;
}

/** Reads and checks the shipped rules (schema, then the domain's semantic checks). */
export function readShippedRules(file = RULES_FILE): AlarmRule[] {
  const doc = YAML.parse(readFileSync(file, 'utf8')) as { rules?: unknown[] };
  if (!doc || !Array.isArray(doc.rules)) throw new Error(`${file}: expected a top-level "rules" list`);
  return doc.rules.map((raw, i) => parseRule(raw, `${path.basename(file)} rules[${i}]`));
}

export function parseRule(raw: unknown, where: string): AlarmRule {
  const { code, version, ...body } = raw as { code: string; version: number } & Record<string, unknown>;
  const bodyErr = Value.Errors(AlarmRuleBody, body).First();
  if (bodyErr) throw new Error(`${where} (${code}): ${bodyErr.path || '/'} ${bodyErr.message}`);
  const rule = { code, version, ...(body as object) } as AlarmRule;
  const checked = validateRule(rule);
  if (!checked.ok) throw new Error(`${where} (${code}): ${checked.field ?? ''} ${checked.message}`);
  return rule;
}

/** A version in force and the scope it applies in ('' national, else a province / city / district code). */
export interface ScopedRule {
  scope: string;
  rule: AlarmRule;
  /** Project stages the version applies in (migration 0700); null = every stage. */
  stages?: string[] | null;
}

export async function activeRules(db: Db): Promise<ScopedRule[]> {
  const rows = await activeRuleDefinitions(db);
  return rows.map((r) => ({
    scope: r.region_code,
    rule: { ...(asObject(r.definition) as AlarmRule), code: r.code, version: r.version },
    stages: r.project_stages ?? null,
  }));
}

/**
 * The versions in force in memory. Ingest asks for the rules of a device kind at a region and gets,
 * per rule code, the most specific version covering the region (district > city > province >
 * national; domain `effectiveRuleVersion`), kept only when it watches that kind. Answers are memoised
 * per (kind, region), so a batch costs a map look-up per device. Reloaded when any instance changes a
 * rule (NOTIFY redline_live 'R') and every minute as a safety net.
 */
export class RulesCache {
  private byCodeScoped = new Map<string, ScopedRule[]>();
  private resolved = new Map<string, AlarmRule[]>();
  private loadedAt = -Infinity; // never loaded
  private loading: Promise<void> | null = null;

  constructor(private readonly db: Db) {}

  async ensure(): Promise<void> {
    if (elapsedMs() - this.loadedAt < 60_000) return;
    await this.reload();
  }

  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const rules = await activeRules(this.db);
        const byCode = new Map<string, ScopedRule[]>();
        for (const r of rules) byCode.set(r.rule.code, [...(byCode.get(r.rule.code) ?? []), r]);
        this.byCodeScoped = byCode;
        this.resolved = new Map();
        this.loadedAt = elapsedMs();
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /**
   * The rules that judge a device of this kind at this region (its site's division code), in its
   * project's stage (a rule bound to stages is left out in the others; domain ruleAppliesInStage).
   */
  forKind(kind: string, regionCode = '', projectStage: string | null = null): AlarmRule[] {
    const key = `${kind}|${regionCode}|${projectStage ?? ''}`;
    let list = this.resolved.get(key);
    if (!list) {
      list = [];
      for (const versions of this.byCodeScoped.values()) {
        const v = effectiveRuleVersion(versions, regionCode);
        if (
          v &&
          (v.rule.deviceKinds as string[]).includes(kind) &&
          ruleAppliesInStage(v.stages, projectStage)
        )
          list.push(v.rule);
      }
      if (this.resolved.size > 50_000) this.resolved.clear();
      this.resolved.set(key, list);
    }
    return list;
  }

  /** Every version of one rule in force, whatever its scope. */
  versionsOf(code: string): AlarmRule[] {
    return (this.byCodeScoped.get(code) ?? []).map((v) => v.rule);
  }

  /** The version of one rule that applies at a region (national when no override covers it). */
  byCode(code: string, regionCode = ''): AlarmRule | undefined {
    return effectiveRuleVersion(this.byCodeScoped.get(code) ?? [], regionCode)?.rule;
  }
}
