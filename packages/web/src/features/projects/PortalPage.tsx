import { Link } from 'react-router';
import { Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { PageOf, PortalProjectItem } from '@redline/contracts';
import { PROJECT_STAGES } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { KeysetPager } from '../../components/KeysetPager';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../../app/current-user';
import { useT, type MessageKey } from '../../i18n/index.tsx';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { useUrlFilters } from '../../lib/useUrlFilters';

/** A party's portal (issue 17): the projects the caller's enterprise takes part in, what waits for them. */
export default function PortalPage() {
  const t = useT();
  const me = useCurrentUser();
  const [params, set] = useUrlFilters();
  const paging = useKeysetPaging(params, set);
  const stage = params.get('stage') ?? undefined;
  const q = useQuery({
    queryKey: ['portal-projects', stage, paging.cursor],
    queryFn: ({ signal }) =>
      api<PageOf<PortalProjectItem>>('/portal/projects', { query: { stage, cursor: paging.cursor }, signal }),
  });
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return (
    <div data-testid="portal">
      <PageHeader
        title={t('pj.portal.title')}
        sub={
          <Typography.Text type="secondary">
            {t(me.projectScoped ? 'pj.portal.subMember' : 'pj.portal.sub')}
          </Typography.Text>
        }
      />
      <Card size="small">
        <Space style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder={t('pj.stage')}
            style={{ width: 200 }}
            value={stage}
            onChange={(v) => set({ stage: v })}
            options={PROJECT_STAGES.map((s) => ({ value: s, label: t(`pj.stage.${s}` as MessageKey) }))}
          />
        </Space>
        <Table
          rowKey="id"
          size="small"
          loading={q.isLoading}
          pagination={false}
          dataSource={q.data?.items ?? []}
          locale={{
            emptyText: (
              <Empty description={t(me.projectScoped ? 'pj.portal.emptyMember' : 'pj.portal.empty')} />
            ),
          }}
          scroll={{ x: true }}
          columns={[
            {
              title: t('pj.site'),
              render: (_, p) => (
                <Link to={`/projects/${p.id}/site`} data-testid="portal-project">
                  {p.name}
                </Link>
              ),
            },
            { title: t('pj.region'), dataIndex: 'regionName' },
            { title: t('pj.stage'), render: (_, p) => <Tag>{t(`pj.stage.${p.stage}` as MessageKey)}</Tag> },
            {
              title: t('pj.member.party'),
              render: (_, p) => (p.myParty ? t(`pj.party.${p.myParty}` as MessageKey) : '—'),
            },
            {
              title: t('pj.portal.positions'),
              render: (_, p) =>
                p.myPositions.map((x) => t(`pj.position.${x}` as MessageKey)).join('、') || '—',
            },
            { title: t('pj.portal.open'), dataIndex: 'openHazards' },
            {
              title: t('pj.portal.awaiting'),
              render: (_, p) => (p.awaitingMe ? <Tag color="gold">{p.awaitingMe}</Tag> : '0'),
            },
          ]}
        />
        <KeysetPager paging={paging} page={q.data} />
      </Card>
    </div>
  );
}
