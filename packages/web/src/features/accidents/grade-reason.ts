import { gradeAccident, ORDER_493_THRESHOLDS, type AccidentFacts } from '@redline/domain';
import type { TFunction } from '../../i18n';
import { moneyText } from './format';

type Measure = keyof AccidentFacts;
const MEASURES: readonly Measure[] = ['deaths', 'seriousInjuries', 'directLossYuan'];

/**
 * The grade's reason in English, built from the facts with the same rule the server applies
 * ("Deaths 3 ≥ 3 → Larger"); the server sends the reason in Chinese only, so the Chinese page shows
 * the server's text and the English page this one.
 */
export function gradeReasonEn(t: TFunction, facts: AccidentFacts): string {
  const g = gradeAccident(facts);
  if (!g.ok) return '';
  const value = (m: Measure, v: number) => (m === 'directLossYuan' ? moneyText(String(v), 'en') : String(v));
  const part = (m: Measure, op: string, threshold: number) =>
    `${t(`acc.measure.${m}`)} ${value(m, facts[m])} ${op} ${value(m, threshold)}`;
  const name = t(`acc.gradeShort.${g.value.grade}`);
  if (g.value.decidedBy.length > 0)
    return `${g.value.decidedBy.map((d) => part(d.measure, '≥', d.threshold)).join('; ')} → ${name}`;
  const lowest = ORDER_493_THRESHOLDS[ORDER_493_THRESHOLDS.length - 1]!;
  return `${MEASURES.map((m) => part(m, '<', lowest.min[m])).join('; ')} → ${name}`;
}
