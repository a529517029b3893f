import { Tag } from 'antd';
import type { Static } from '@sinclair/typebox';
import type { Alarm as AlarmSchema } from '@redline/contracts';
import type { TFunction } from '../../i18n';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { formatDateTimeSeconds, formatShort } from '../../lib/time';

/** Types, tags and fact rendering shared by the off-site pages. */
export type Alarm = Static<typeof AlarmSchema>;
export type Fact = { code: string; params: Record<string, string | number> };

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
/** Dark enough to read at 4.5:1 or more (WCAG 1.4.3) as the tag's text on its own light tint. */
export const SEVERITY_COLOUR: Record<string, string> = {
  critical: '#cf1322',
  high: '#b8320b',
  medium: '#ad4e00',
  low: '#0958d9',
  info: '#636363',
};
const STATUS_COLOUR: Record<string, string> = {
  new: 'red',
  escalated: 'magenta',
  acknowledged: 'orange',
  verified: 'volcano',
  false_positive: 'default',
  dispatched: 'blue',
  closed: 'green',
};
export const ALARM_TYPES = [
  'uncertified_special_operation',
  'unattributed_special_operation',
  'hot_work_outside_window',
  'fire_smoke',
  'gas_leak',
  'toxic_gas',
  'crane_overload',
  'crane_overload_warning',
  'crane_high_wind',
  'hoist_overload',
  'elevator_fault',
  'ppe_violation',
  'danger_zone_intrusion',
  'dust_exceedance',
  'noise_exceedance',
  'device_offline',
] as const;

/** A message key that may not exist (a type or code added on the server later): fall back to the raw text. */
export function tx(t: TFunction, key: string, fallback: string, vars?: Record<string, string | number>) {
  const s = t(key as MessageKey, vars);
  return s === key ? fallback : s;
}

export const typeLabel = (t: TFunction, type: string) => tx(t, `os.type.${type}`, type.replace(/_/g, ' '));

export function SeverityTag({ severity }: { severity: string }) {
  const t = useT();
  return (
    <Tag
      color={SEVERITY_COLOUR[severity]}
      data-testid="alarm-severity"
      data-severity={severity}
      style={{ marginInlineEnd: 0 }}
    >
      {tx(t, `os.sev.${severity}`, severity)}
    </Tag>
  );
}

export function AlarmStatusTag({ status }: { status: string }) {
  const t = useT();
  return (
    <Tag
      color={STATUS_COLOUR[status] ?? 'default'}
      data-testid="alarm-status"
      data-status={status}
      style={{ marginInlineEnd: 0 }}
    >
      {tx(t, `os.st.${status}`, status)}
    </Tag>
  );
}

/** Times in the jurisdiction's zone (lib/time.ts): the alarm card, the table and the document agree. */
export const fmtTime = (iso: string | null | undefined) => formatDateTimeSeconds(iso);
export const fmtShort = (iso: string | null | undefined) => formatShort(iso);

const OP_ZH: Record<string, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤' };

/** One machine-readable fact (code + params) as a sentence in the UI language. */
export function factText(t: TFunction, f: Fact, trade?: (code: string) => string): string {
  const p: Record<string, string | number> = { ...f.params };
  if (typeof p.confidence === 'number') p.confidence = `${Math.round(p.confidence * 100)}%`;
  if (typeof p.minConfidence === 'number') p.minConfidence = `${Math.round(p.minConfidence * 100)}%`;
  if (typeof p.type === 'string') p.type = tx(t, `os.det.${p.type}`, p.type);
  if (typeof p.metric === 'string') p.metric = tx(t, `os.metric.${p.metric}`, p.metric);
  if (typeof p.op === 'string') p.op = OP_ZH[p.op] ?? p.op;
  if (typeof p.checkInAt === 'string') p.checkInAt = formatShort(p.checkInAt);
  if (typeof p.trade === 'string' && trade) p.trade = trade(p.trade);
  return tx(t, `os.f.${f.code}`, `${f.code} ${JSON.stringify(f.params)}`, p);
}

/** Facts that mean trouble are shown in red. */
export const BAD_FACTS = new Set([
  'NOBODY_ON_DUTY',
  'NO_WELDING_CERTIFICATE',
  'WELDING_CERTIFICATE_EXPIRED',
  'WELDING_CERTIFICATE_NOT_YET_VALID',
  'NO_VALID_WELDING_CERTIFICATE_ON_DUTY',
  'NO_OPERATION_CERTIFICATE',
  'OPERATION_CERTIFICATE_EXPIRED',
  'OPERATION_CERTIFICATE_NOT_YET_VALID',
  'UNCERTIFIED_ON_DUTY',
  'CANNOT_ATTRIBUTE',
  'EQUIPMENT_NOT_REGISTERED',
  'INSPECTION_OVERDUE',
  'LAST_INSPECTION_FAILED',
  'NO_INSPECTION_RECORD',
]);
