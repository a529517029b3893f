import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Value } from '@sinclair/typebox/value';
import { AlarmRuleBody } from '@redline/contracts';
import { validateRule, type AlarmRule } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import { DATA_DIR } from '../reference/load.ts';
import { elapsedMs } from '../../clock.ts';
import { activeRuleDefinitions } from './rules-repo.ts';
import { asObject } from './presenters.ts';

/**
 * Alarm rules as data: shipped in data/alarm-rules.yaml, stored in alarm_rules with every version
 * kept and one active version per code. An edit in the console adds a version; the shipped file
 * adds a version when its `version` goes up.
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

export async function activeRules(db: Db): Promise<AlarmRule[]> {
  const rows = await activeRuleDefinitions(db);
  return rows.map((r) => ({ ...(asObject(r.definition) as AlarmRule), code: r.code, version: r.version }));
}

/**
 * The active rules in memory, by device kind. Reloaded when any instance changes a rule
 * (NOTIFY redline_live 'R') and every minute as a safety net.
 */
export class RulesCache {
  private byKind = new Map<string, AlarmRule[]>();
  private all: AlarmRule[] = [];
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
        const byKind = new Map<string, AlarmRule[]>();
        for (const r of rules) for (const k of r.deviceKinds) byKind.set(k, [...(byKind.get(k) ?? []), r]);
        this.byKind = byKind;
        this.all = rules;
        this.loadedAt = elapsedMs();
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  forKind(kind: string): AlarmRule[] {
    return this.byKind.get(kind) ?? [];
  }

  byCode(code: string): AlarmRule | undefined {
    return this.all.find((r) => r.code === code);
  }
}
