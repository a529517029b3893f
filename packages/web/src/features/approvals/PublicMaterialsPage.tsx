import { useParams } from 'react-router';
import { Card, Empty, Layout, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Static } from '@sinclair/typebox';
import type { PublicMaterialsView } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { LangSwitch } from '../../components/LangSwitch';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtInstant } from './shared';

type View = Static<typeof PublicMaterialsView>;

/** The project's public page (no login): materials its parties marked public, with their SHA-256. */
export default function PublicMaterialsPage() {
  const { id } = useParams();
  const t = useT();
  const q = useQuery({
    queryKey: ['public-materials', id],
    queryFn: () => api<View>(`/public/projects/${id}/materials`),
  });
  return (
    <Layout style={{ minHeight: '100vh', padding: 24 }} data-testid="public-materials">
      <div style={{ maxWidth: 1000, margin: '0 auto', width: '100%' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={3}>{t('appr.publicTitle')}</Typography.Title>
          <LangSwitch />
        </div>
        {q.error && isApiError(q.error) && q.error.status === 404 ? (
          <Empty description={t('appr.publicEmpty')} />
        ) : q.error ? (
          <ErrorState error={q.error} onRetry={() => q.refetch()} />
        ) : (
          <Card
            loading={!q.data}
            title={
              q.data
                ? `${q.data.project.name}${q.data.project.regionName ? ` · ${q.data.project.regionName}` : ''}`
                : ''
            }
          >
            <Typography.Paragraph type="secondary">{t('appr.publicSub')}</Typography.Paragraph>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={q.data?.items ?? []}
              columns={[
                {
                  title: t('appr.kind'),
                  render: (_, m) => t(`appr.kind.${m.approvalKind}` as MessageKey),
                  width: 180,
                },
                { title: t('appr.name'), dataIndex: 'approvalTitle' },
                {
                  title: t('appr.status'),
                  render: (_, m) => <Tag>{t(`appr.status.${m.approvalStatus}` as MessageKey)}</Tag>,
                  width: 130,
                },
                {
                  title: t('appr.materialName'),
                  render: (_, m) => (
                    <a href={m.url} target="_blank" rel="noreferrer">
                      {m.name}
                    </a>
                  ),
                },
                {
                  title: t('appr.sha256'),
                  render: (_, m) => (
                    <Typography.Text code copyable={{ text: m.sha256 }}>
                      {m.sha256.slice(0, 16)}…
                    </Typography.Text>
                  ),
                  width: 200,
                },
                { title: t('appr.created'), render: (_, m) => fmtInstant(m.addedAt), width: 150 },
              ]}
            />
          </Card>
        )}
      </div>
    </Layout>
  );
}
