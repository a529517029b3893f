import { Link } from 'react-router';
import { Card, Empty, List, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { AccountabilitySummary, PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { ActionKindTag, ActionStatusTag } from './shared';

/** The accountability actions on an enterprise (or a person of it), on its supervision file. */
export function AccountabilityCard({ enterpriseId }: { enterpriseId: string }) {
  const t = useT();
  const q = useQuery({
    queryKey: ['accountability', { enterpriseId }],
    queryFn: () =>
      api<PageOf<AccountabilitySummary>>('/accountability-actions', {
        query: { enterpriseId, pageSize: 50 },
      }),
  });
  if (q.error) return null; // the file itself still shows; the list is an addition
  return (
    <Card size="small" title={t('ac.onFile')} style={{ marginBottom: 12 }} data-testid="file-accountability">
      <List
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('ac.emptyFile')} /> }}
        renderItem={(a) => (
          <List.Item data-testid="file-action">
            <Space wrap>
              <ActionKindTag kind={a.kind} />
              <Link to={`/accountability/${a.id}`}>{a.title}</Link>
              <Typography.Text type="secondary">
                {a.targetName}
                {a.issuedBy ? ` · ${a.issuedBy}` : ''}
              </Typography.Text>
            </Space>
            <Space>
              <Typography.Text type="secondary">{a.deadline}</Typography.Text>
              <ActionStatusTag status={a.status} overdue={a.overdue} />
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
