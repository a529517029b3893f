import { Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { MessageKey } from '../../i18n/zh';
import { useT } from '../../i18n';

export const fmtInstant = (s: string | null | undefined) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '—');

const STATUS_COLOUR: Record<string, string> = { open: 'processing', approved: 'success', rejected: 'error' };

export function ApprovalStatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag color={STATUS_COLOUR[status]}>{t(`appr.status.${status}` as MessageKey)}</Tag>;
}

/** A SHA-256 shown short, whole on hover and copyable. */
export function Hash({
  value,
  len = 12,
  testId,
}: {
  value: string | null | undefined;
  len?: number;
  testId?: string;
}) {
  if (!value) return <>—</>;
  return (
    <Typography.Text code copyable={{ text: value }} title={value} data-testid={testId} data-hash={value}>
      {value.slice(0, len)}…
    </Typography.Text>
  );
}
