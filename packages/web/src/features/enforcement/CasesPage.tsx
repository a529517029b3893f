import { Link } from 'react-router';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { KeysetPager } from '../../components/KeysetPager';
import { Card, Empty, Flex, Select, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CaseSummary, PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { SearchBox } from '../../components/SearchBox';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtDate } from '../hazards/shared';

const STATUS_COLOURS: Record<string, string> = {
  open: 'blue',
  filed: 'orange',
  decided: 'purple',
  closed: 'green',
};
export function CaseStatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag color={STATUS_COLOURS[status]}>{t(`case.status.${status}` as MessageKey)}</Tag>;
}

/** Enforcement cases of the jurisdiction. */
export default function CasesPage() {
  const t = useT();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    q: sp.get('q') ?? undefined,
    status: sp.get('status') ?? undefined,
  };
  const list = useQuery({
    queryKey: ['cases', query],
    queryFn: () => api<PageOf<CaseSummary>>('/cases', { query }),
    placeholderData: keepPreviousData,
  });
  return (
    <div data-testid="cases-page">
      <PageHeader
        title={t('case.title')}
        sub={<Typography.Text type="secondary">{t('case.sub')}</Typography.Text>}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8}>
          <SearchBox
            value={query.q ?? ''}
            onSearch={(q) => set({ q })}
            placeholder={t('case.caseTitle')}
            width={240}
          />
          <Select
            allowClear
            placeholder={t('hz.status')}
            value={query.status}
            onChange={(v) => set({ status: v })}
            style={{ width: 140 }}
            options={['open', 'filed', 'decided', 'closed'].map((s) => ({
              value: s,
              label: t(`case.status.${s}` as MessageKey),
            }))}
          />
        </Flex>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<CaseSummary>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 720 }}
          locale={{ emptyText: <Empty description={t('case.empty')} /> }}
          pagination={false}
          footer={() => <KeysetPager paging={paging} page={list.data} />}
          columns={[
            {
              title: t('case.number'),
              dataIndex: 'number',
              width: 200,
              render: (v: string, c) => <Link to={`/cases/${c.id}`}>{v}</Link>,
            },
            { title: t('case.caseTitle'), dataIndex: 'title' },
            { title: t('doc.party'), key: 'party', render: (_, c) => c.enterpriseName ?? c.projectName },
            {
              title: t('hz.status'),
              key: 'status',
              width: 110,
              render: (_, c) => <CaseStatusTag status={c.status} />,
            },
            {
              title: t('common.createdAt'),
              key: 'openedAt',
              width: 110,
              render: (_, c) => fmtDate(c.openedAt),
            },
          ]}
        />
      )}
    </div>
  );
}
