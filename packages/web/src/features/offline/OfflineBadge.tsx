import { Badge, Button, Tooltip } from 'antd';
import { CloudSyncOutlined, DisconnectOutlined } from '@ant-design/icons';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../../i18n';
import { startBackgroundSync, useOnline, useOutboxCounts } from './client';

/** The header's count of writes not yet sent (red when one is a conflict), and the network state. */
export function OfflineBadge() {
  const t = useT();
  const navigate = useNavigate();
  const online = useOnline();
  const { total, conflicts } = useOutboxCounts();
  useEffect(() => startBackgroundSync(), []);
  if (online && !total) return null;
  return (
    <Tooltip title={online ? t('off.badge', { count: total }) : t('off.offline')}>
      <Button
        type="text"
        onClick={() => navigate('/offline')}
        data-testid="outbox-badge"
        aria-label={t('off.badge', { count: total })}
        style={{ color: '#fff' }}
        icon={
          <Badge
            count={total}
            size="small"
            color={conflicts ? '#faad14' : '#1677ff'}
            data-testid="outbox-count"
          >
            {online ? (
              <CloudSyncOutlined style={{ color: '#fff', fontSize: 18 }} />
            ) : (
              <DisconnectOutlined style={{ color: '#fff', fontSize: 18 }} data-testid="offline-icon" />
            )}
          </Badge>
        }
      />
    </Tooltip>
  );
}
