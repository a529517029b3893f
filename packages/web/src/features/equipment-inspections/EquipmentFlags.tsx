import { Link } from 'react-router';
import { Alert } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { EquipmentOverdueCounts } from '@redline/contracts';
import { api } from '../../api/client';

/**
 * The overdue flag of an enterprise or a site: its special equipment overdue for periodic inspection
 * or failed (must not be used), and what falls due within a month. Nothing when all is in date (or
 * when the caller may not read the due lists).
 */
export function EquipmentFlags(props: { enterpriseId?: string; siteId?: string }) {
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
          ? `特种设备超期未检 ${f.overdue} 台、检验不合格 ${f.failed} 台，不得使用`
          : `特种设备 ${f.dueSoon} 台一个月内到期，请及时申请定期检验`
      }
      description={
        <Link to={`/equipment-inspections?list=${stop > 0 ? 'overdue' : 'due'}`}>
          {stop > 0 ? `查看超期与不合格设备` : '查看到期设备'}
          {stop > 0 && f.dueSoon > 0 ? `（另有 ${f.dueSoon} 台一个月内到期）` : ''}
        </Link>
      }
    />
  );
}
