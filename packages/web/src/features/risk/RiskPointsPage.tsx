import { Link } from 'react-router';
import { Card, Empty, Flex, Select, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PageOf, RiskPoint } from '@redline/contracts';
import { api } from '../../api/client';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { KeysetPager } from '../../components/KeysetPager';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { SearchBox } from '../../components/SearchBox';
import { RiskColourTag } from '../../components/StatusTag';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtTime } from '../hazards/shared';
import { RISK_ORDER } from './shared';

/** The risk points of the jurisdiction (or of the enterprise), with their latest colour and attention. */
export default function RiskPointsPage() {
  const t = useT();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    q: sp.get('q') ?? undefined,
    colour: sp.get('colour') ?? undefined,
  };
  const list = useQuery({
    queryKey: ['risk-points', query],
    queryFn: () => api<PageOf<RiskPoint>>('/risk-points', { query }),
    placeholderData: keepPreviousData,
  });
  return (
    <div data-testid="risk-points-page">
      <PageHeader
        title={t('risk.title')}
        sub={<Typography.Text type="secondary">{t('risk.sub')}</Typography.Text>}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8}>
          <SearchBox
            value={query.q ?? ''}
            onSearch={(q) => set({ q })}
            placeholder={t('risk.searchPlaceholder')}
            width={240}
          />
          <Select
            allowClear
            placeholder={t('risk.colourFilter')}
            value={query.colour}
            onChange={(v) => set({ colour: v })}
            style={{ width: 160 }}
            options={RISK_ORDER.map((c) => ({ value: c, label: t(`risk.${c}` as MessageKey) }))}
          />
        </Flex>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<RiskPoint>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 760 }}
          locale={{ emptyText: <Empty description={t('risk.empty')} /> }}
          pagination={false}
          footer={() => <KeysetPager paging={paging} page={list.data} />}
          columns={[
            {
              key: 'name',
              title: t('risk.pointName'),
              render: (_, r) => <Link to={`/risk/sites/${r.siteId}`}>{r.name}</Link>,
            },
            {
              key: 'kind',
              title: t('risk.kind'),
              render: (_, r) => <Tag>{t(`risk.kind.${r.kind}` as MessageKey)}</Tag>,
            },
            {
              key: 'colour',
              title: t('risk.colourFilter'),
              render: (_, r) =>
                r.colour ? <RiskColourTag colour={r.colour} /> : <Tag>{t('risk.notAssessed')}</Tag>,
            },
            {
              key: 'score',
              title: t('risk.latest'),
              render: (_, r) =>
                r.latest ? t('risk.score', { method: r.latest.method, value: r.latest.value }) : '—',
            },
            {
              key: 'site',
              title: t('risk.site'),
              render: (_, r) => <Link to={`/risk/sites/${r.siteId}`}>{r.siteName}</Link>,
            },
            {
              key: 'attention',
              title: '',
              render: (_, r) =>
                r.attention.openHazards > 0 ? (
                  <Tag color="red">{t('risk.openHazards', { n: r.attention.openHazards })}</Tag>
                ) : null,
            },
            {
              key: 'updatedAt',
              title: t('common.updatedAt'),
              render: (_, r) => fmtTime(r.updatedAt),
              responsive: ['lg'],
            },
          ]}
        />
      )}
    </div>
  );
}
