import { Link } from 'react-router';
import { Alert } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { EquipmentOverdueCounts } from '@redline/contracts';
import { api } from '../../api/client';
import { useT } from '../../i18n';

/**
 * The overdue flag of an enterprise or a site: its special equipment overdue for periodic inspection
 * or failed (must not be used), and what falls due within a month. Nothing when all is in date (or
 * when the caller may not read the due lists).
 */
export function EquipmentFlags(props: { enterpriseId?: string; siteId?: string }) {
  const t = useT();
  const query = { enterpriseId: props.enterpriseId, siteId: props.siteId };
  const q = useQuery({
    queryKey: ['equipment-due', 'flags', query],
    queryFn: () => api<EquipmentOverdueCounts>('/equipment-inspections/flags', { query }),
    retry: false,
  });
  const f = q.data;
  if (!f) return null;
  const stop = f.overdue + f.failed;
  if (stop === 0 && f.dueSoon === 0) return null;
  return (
    <Alert
      type={stop > 0 ? 'error' : 'warning'}
      showIcon
      data-testid="equipment-overdue-flag"
      message={
        stop > 0
          ? t('eqd.alert.stop', { overdue: f.overdue, failed: f.failed })
          : t('eqd.alert.due', { n: f.dueSoon })
      }
      description={
        <Link to={`/equipment-inspections?list=${stop > 0 ? 'overdue' : 'due'}`}>
          {t(stop > 0 ? 'eqd.alert.seeStop' : 'eqd.alert.seeDue')}
          {stop > 0 && f.dueSoon > 0 ? t('eqd.alert.alsoDue', { n: f.dueSoon }) : ''}
        </Link>
      }
    />
  );
}
