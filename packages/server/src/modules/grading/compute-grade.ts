import type { Kysely } from 'kysely';
import {
  closedOnTime,
  dateInZone,
  emptyGradingFacts,
  gradeTarget,
  type GradeLine,
  type GradingModel,
  type HazardState,
  type RiskColour,
} from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../http/context.ts';
import {
  accidentsOf,
  alarmsReal,
  awardsOf,
  creditEnterprises,
  creditInForceOf,
  equipmentOverdue,
  hazardsFound,
  hazardsOverdue,
  highestRiskSite,
  inspectionGrades,
  uncertifiedOperations,
  type TargetKind,
} from './facts-repo.ts';
import { activeModel, storeComputation, targetById, type TargetRow } from './repo.ts';

/** How many records each fact keeps as links (its count is always exact). */
export const RECORDS_PER_FACT = 20;

export interface RecordRef {
  kind:
    'hazard' | 'alarm' | 'inspection' | 'credit_record' | 'model_award' | 'site' | 'accident' | 'equipment';
  id: string;
  label: string;
  href: string;
}

export interface StoredFact extends GradeLine {
  records: RecordRef[];
  recordsTruncated: boolean;
}

const HREF: Record<RecordRef['kind'], (id: string, enterpriseId?: string) => string> = {
  hazard: (id) => `/hazards/${id}`,
  alarm: (id) => `/offsite?status=all&id=${id}`,
  inspection: (id) => `/inspections/${id}`,
  credit_record: (id, e) => `/registry/enterprises/${e}#credit-${id}`,
  model_award: (id) => `#award-${id}`,
  site: (id) => `/registry/sites/${id}`,
  accident: (id) => `/accidents/${id}`,
  equipment: (id) => `/registry/equipment/${id}`,
};

const ref = (kind: RecordRef['kind'], id: string, label: string, enterpriseId?: string): RecordRef => ({
  kind,
  id,
  label,
  href: HREF[kind](id, enterpriseId),
});

/** The start of the window: `months` calendar months before `now` (UTC month arithmetic). */
export function windowStart(now: Date, months: number): Date {
  const from = new Date(now.getTime());
  from.setUTCMonth(from.getUTCMonth() - months);
  return from;
}

/**
 * Collects a target's facts over the model's window, grades them with the domain's gradeTarget and
 * stores the computation (facts with their records, weights, points, total, thresholds, version) as
 * the target's latest. Runs inside the caller's transaction.
 */
export async function computeGrade(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now' | 'today' | 'config'>,
  target: TargetRow,
  reason: string,
  model?: GradingModel,
): Promise<{ computationId: string; grade: 'A' | 'B' | 'C'; total: number }> {
  const m = model ?? (await activeModel(trx)).model;
  const now = deps.now();
  const today = deps.today();
  const from = windowStart(now, m.windowMonths);
  const fromDay = dateInZone(deps.config.TIME_ZONE, from);
  const { kind, id } = target;
  const facts = emptyGradingFacts();
  const records = new Map<string, RecordRef[]>();
  const put = (code: string, refs: RecordRef[]) => records.set(code, refs);

  const hazards = await hazardsFound(trx, kind, id, from);
  const general = hazards.filter((h) => h.grade === 'general');
  const major = hazards.filter((h) => h.grade === 'major');
  const onTime = hazards.filter((h) => closedOnTime(h.state as HazardState));
  facts.hazards_general = general.length;
  facts.hazards_major = major.length;
  facts.rectified_on_time = onTime.length;
  put(
    'hazards_general',
    general.map((h) => ref('hazard', h.id, h.title)),
  );
  put(
    'hazards_major',
    major.map((h) => ref('hazard', h.id, h.title)),
  );
  put(
    'rectified_on_time',
    onTime.map((h) => ref('hazard', h.id, h.title)),
  );
  // Repeat: the same checklist item found again at the same site within the window (each later one).
  const seen = new Set<string>();
  const repeats = hazards.filter((h) => {
    if (!h.site_id || !h.checklist_item_code) return false;
    const k = `${h.site_id}|${h.checklist_item_code}`;
    if (seen.has(k)) return true;
    seen.add(k);
    return false;
  });
  facts.hazards_repeat = repeats.length;
  put(
    'hazards_repeat',
    repeats.map((h) => ref('hazard', h.id, `${h.checklist_item_code} · ${h.title}`)),
  );

  const overdue = await hazardsOverdue(trx, kind, id, now);
  facts.hazards_overdue = overdue.length;
  put(
    'hazards_overdue',
    overdue.map((h) => ref('hazard', h.id, h.title)),
  );

  const real = await alarmsReal(trx, kind, id, from);
  facts.alarms_real = real.length;
  put(
    'alarms_real',
    real.map((a) => ref('alarm', a.id, `${a.number} ${a.type}`)),
  );
  const uncertified = await uncertifiedOperations(trx, kind, id, from);
  facts.uncertified_operations = uncertified.length;
  put(
    'uncertified_operations',
    uncertified.map((a) => ref('alarm', a.id, `${a.number} ${a.type}`)),
  );

  const { graded } = await creditEnterprises(trx, kind, id);
  const listings = await creditInForceOf(trx, graded, today);
  facts.credit_listings = listings.length;
  put(
    'credit_listings',
    listings.map((c) =>
      ref(
        'credit_record',
        c.id,
        `${c.enterprise_name} · ${c.condition_code} · 至 ${c.planned_end_on}`,
        c.enterprise_id,
      ),
    ),
  );

  const inspections = await inspectionGrades(trx, kind, id, from);
  const unqualified = inspections.filter((i) => i.jgj59_grade === 'unqualified');
  const excellent = inspections.filter((i) => i.jgj59_grade === 'excellent');
  facts.jgj59_unqualified = unqualified.length;
  facts.jgj59_excellent = excellent.length;
  put(
    'jgj59_unqualified',
    unqualified.map((i) => ref('inspection', i.id, i.number)),
  );
  put(
    'jgj59_excellent',
    excellent.map((i) => ref('inspection', i.id, i.number)),
  );

  const awards = await awardsOf(trx, kind, id, fromDay);
  facts.model_awards = awards.length;
  put(
    'model_awards',
    awards.map((a) => ref('model_award', a.id, `${a.title} (${a.awarded_on})`)),
  );

  // Model v2: accidents by grade (and deaths) and special equipment that must not be used. Counted
  // for every model (a model without these facts ignores them), so the records are there to link.
  const accidents = await accidentsOf(trx, kind, id, from);
  const byGrade = (g: string) => accidents.filter((x) => x.grade === g);
  const accidentLabel = (x: (typeof accidents)[number]) =>
    `${x.occurred_on} · 死亡 ${x.deaths} 人 · 重伤 ${x.serious_injuries} 人`;
  for (const [code, g] of [
    ['accidents_general', 'general'],
    ['accidents_larger', 'larger'],
    ['accidents_serious', 'serious'],
    ['accidents_especially_serious', 'especially_serious'],
  ] as const) {
    const rows = byGrade(g);
    facts[code] = rows.length;
    put(
      code,
      rows.map((x) => ref('accident', x.id, accidentLabel(x))),
    );
  }
  const fatal = accidents.filter((x) => x.deaths > 0);
  facts.accident_deaths = fatal.reduce((n, x) => n + x.deaths, 0);
  put(
    'accident_deaths',
    fatal.map((x) => ref('accident', x.id, accidentLabel(x))),
  );
  const equipment = await equipmentOverdue(trx, kind, id, today);
  facts.equipment_overdue = equipment.length;
  put(
    'equipment_overdue',
    equipment.map((q) =>
      ref(
        'equipment',
        q.id,
        `${q.category_name} ${q.registration_code} · ${
          q.status === 'failed' ? '检验不合格' : `超期未检（应检 ${q.next_inspection_on}）`
        }`,
      ),
    ),
  );

  const site = await highestRiskSite(trx, kind, id);
  facts.riskColour = (site?.risk_colour as RiskColour | null | undefined) ?? null;
  if (site) put('risk_colour', [ref('site', site.id, site.name)]);

  const result = gradeTarget(facts, m);
  const stored: StoredFact[] = result.lines.map((line) => {
    const all = records.get(line.code) ?? [];
    return {
      ...line,
      records: all.slice(0, RECORDS_PER_FACT),
      recordsTruncated: all.length > RECORDS_PER_FACT,
    };
  });
  const computationId = await storeComputation(trx, {
    target_kind: kind,
    target_id: id,
    region_code: target.region_code,
    model_version: m.version,
    grade: result.grade,
    total: result.total,
    thresholds: JSON.stringify({ ...result.thresholds, base: result.base, forcedBy: result.forcedBy }),
    facts: JSON.stringify(stored),
    explanation: JSON.stringify(result.explanation),
    window_from: from,
    window_to: now,
    reason,
    computed_at: now,
  });
  return { computationId, grade: result.grade, total: result.total };
}

/** Recomputes one target by kind and id (jobs, CLI, demo); false when it no longer exists. */
export async function recomputeById(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now' | 'today' | 'config'>,
  kind: TargetKind,
  id: string,
  reason: string,
  model?: GradingModel,
): Promise<boolean> {
  const target = await targetById(trx, kind, id);
  if (!target) return false;
  await computeGrade(trx, deps, target, reason, model);
  return true;
}
