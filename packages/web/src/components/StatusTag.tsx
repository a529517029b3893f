import { Tag } from 'antd';
import { useT } from '../i18n';
import type { MessageKey } from '../i18n/zh';

const CERT_COLOURS: Record<string, string> = {
  valid: 'green',
  review_due: 'orange',
  expired: 'red',
  none: 'default',
};
const EQUIP_COLOURS: Record<string, string> = {
  in_date: 'green',
  due_soon: 'orange',
  overdue: 'red',
  failed: 'magenta',
  unknown: 'default',
};
const RISK_COLOURS: Record<string, string> = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue' };

export const CERT_STATUS_HEX: Record<string, string> = {
  valid: '#389e0d',
  review_due: '#fa8c16',
  expired: '#cf1322',
  none: '#8c8c8c',
};
export const EQUIP_STATUS_HEX: Record<string, string> = {
  in_date: '#389e0d',
  due_soon: '#fa8c16',
  overdue: '#cf1322',
  failed: '#9e1068',
  unknown: '#8c8c8c',
};

/** Certificate status: valid green / review_due orange / expired red. */
export function CertificateStatusTag({ status }: { status: string }) {
  const t = useT();
  return (
    <Tag color={CERT_COLOURS[status] ?? 'default'} data-testid="status-tag" data-status={status}>
      {t(`status.certificate.${status}` as MessageKey)}
    </Tag>
  );
}

/** Equipment inspection status: in_date green / due_soon orange / overdue red / failed magenta / unknown grey. */
export function EquipmentStatusTag({ status }: { status: string }) {
  const t = useT();
  return (
    <Tag color={EQUIP_COLOURS[status] ?? 'default'} data-testid="status-tag" data-status={status}>
      {t(`status.equipment.${status}` as MessageKey)}
    </Tag>
  );
}

export function RiskColourTag({ colour }: { colour: string | null | undefined }) {
  const t = useT();
  if (!colour) return null;
  return (
    <Tag color={RISK_COLOURS[colour] ?? 'default'} data-testid="risk-tag" data-colour={colour}>
      {t(`risk.${colour}` as MessageKey)}
    </Tag>
  );
}
