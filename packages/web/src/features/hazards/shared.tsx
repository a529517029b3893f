import { Tag } from 'antd';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { formatDate, formatDateTime } from '../../lib/time';

/** Tags and formats shared by the rectification pages. */
const STATUS_COLOURS: Record<string, string> = {
  reported: 'default',
  confirmed: 'blue',
  rejected: 'default',
  rectification_ordered: 'orange',
  rectifying: 'gold',
  submitted: 'purple',
  accepted: 'cyan',
  closed: 'green',
};

export function HazardStatusTag({ status }: { status: string }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOURS[status] ?? 'default'} data-testid="hazard-status" data-status={status}>
      {t(`hz.status.${status}` as MessageKey)}
    </Tag>
  );
}

export function HazardGradeTag({ grade }: { grade: string }) {
  const t = useT();
  return (
    <Tag color={grade === 'major' ? 'red' : 'blue'} data-testid="hazard-grade" data-grade={grade}>
      {t(`hz.grade.${grade}` as MessageKey)}
    </Tag>
  );
}

export function OverdueTag({ days }: { days: number }) {
  const t = useT();
  return (
    <Tag color="red" data-testid="overdue-tag">
      {t('hz.overdueDays', { n: days })}
    </Tag>
  );
}

/** Times in the jurisdiction's zone (lib/time.ts), never the browser's. */
export const fmtTime = (iso: string | null | undefined) => formatDateTime(iso);
export const fmtDate = (iso: string | null | undefined) => formatDate(iso);

export const DOC_KINDS = [
  'inspection_record',
  'rectification_order',
  'treatment_decision',
  'review_opinion',
  'case_filing',
  'penalty_decision',
] as const;
