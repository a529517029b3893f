import { useNavigate } from 'react-router';
import { Badge, Button, Dropdown, Empty, Flex, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationList } from '@redline/contracts';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { fmtTime } from '../hazards/shared';
import { notificationKindLabel } from './labels';

/** The header bell: unread notices (overdue rectification, submissions to review…), polled every minute. */
export function NotificationBell() {
  const t = useT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['notifications'],
    queryFn: () => api<NotificationList>('/notifications', { query: { limit: 10 } }),
    refetchInterval: 60_000,
  });
  const items = q.data?.items ?? [];
  const open = async (id: string, link: string | null) => {
    await api(`/notifications/${id}/read`, { method: 'POST' }).catch(() => undefined);
    qc.invalidateQueries({ queryKey: ['notifications'] });
    if (link) navigate(link);
  };
  const readAll = async () => {
    await api('/notifications/read-all', { method: 'POST' }).catch(() => undefined);
    qc.invalidateQueries({ queryKey: ['notifications'] });
  };
  return (
    <Dropdown
      trigger={['click']}
      popupRender={() => (
        <div
          className="notification-panel"
          style={{
            width: 340,
            maxHeight: 420,
            overflow: 'auto',
            background: '#fff',
            borderRadius: 8,
            boxShadow: '0 6px 16px rgba(0,0,0,.12)',
            padding: 8,
          }}
          data-testid="notification-panel"
        >
          <Flex justify="space-between" align="center" style={{ padding: '4px 8px' }}>
            <Typography.Text strong>{t('notif.title')}</Typography.Text>
            {q.data?.unread ? (
              <Button size="small" type="link" onClick={readAll}>
                {t('notif.readAll')}
              </Button>
            ) : null}
          </Flex>
          {items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.empty')} />
          ) : (
            items.map((n) => (
              <div
                key={n.id}
                role="button"
                tabIndex={0}
                onClick={() => open(n.id, n.link)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    open(n.id, n.link);
                  }
                }}
                style={{
                  padding: '8px',
                  cursor: 'pointer',
                  borderRadius: 6,
                  background: n.readAt ? undefined : '#f0f6ff',
                }}
                data-testid="notification"
              >
                <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                {n.body && (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {n.body}
                    </Typography.Text>
                  </div>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                  {notificationKindLabel(t, n.kind)} · {fmtTime(n.createdAt)}
                </Typography.Text>
              </div>
            ))
          )}
        </div>
      )}
    >
      <Badge count={q.data?.unread ?? 0} size="small" offset={[-2, 2]}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t('notif.title')}
          style={{ color: '#fff' }}
          data-testid="notification-bell"
        />
      </Badge>
    </Dropdown>
  );
}
