import { Link } from 'react-router';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { KeysetPager } from '../../components/KeysetPager';
import { Card, Empty, Flex, Grid, List, Select, Space, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DocumentSummary, PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { SearchBox } from '../../components/SearchBox';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { DOC_KINDS, fmtTime } from '../hazards/shared';

export function DocumentStatusTag({ d }: { d: Pick<DocumentSummary, 'status' | 'supersededBy'> }) {
  const t = useT();
  if (d.supersededBy) return <Tag color="default">{t('doc.superseded')}</Tag>;
  return (
    <Tag
      key={d.status}
      color={d.status === 'issued' ? 'green' : 'gold'}
      data-testid="document-status"
      data-status={d.status}
    >
      {t(`doc.status.${d.status}` as MessageKey)}
    </Tag>
  );
}

/** Enforcement documents of the jurisdiction (an enterprise: those issued to it). */
export default function DocumentsPage() {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    q: sp.get('q') ?? undefined,
    kind: sp.get('kind') ?? undefined,
    status: sp.get('status') ?? undefined,
    hazardId: sp.get('hazardId') ?? undefined,
    caseId: sp.get('caseId') ?? undefined,
  };
  const list = useQuery({
    queryKey: ['documents', query],
    queryFn: () => api<PageOf<DocumentSummary>>('/documents', { query }),
    placeholderData: keepPreviousData,
  });
  const party = (d: DocumentSummary) => d.enterpriseName ?? d.projectName ?? '—';
  return (
    <div data-testid="documents-page">
      <PageHeader
        title={t('doc.title')}
        sub={<Typography.Text type="secondary">{t('doc.sub')}</Typography.Text>}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8}>
          <SearchBox
            value={query.q ?? ''}
            onSearch={(q) => set({ q })}
            placeholder={t('doc.number')}
            width={screens.md ? 240 : '100%'}
          />
          <Select
            allowClear
            placeholder={t('doc.kind')}
            value={query.kind}
            onChange={(v) => set({ kind: v })}
            style={{ width: 220 }}
            options={DOC_KINDS.map((k) => ({ value: k, label: t(`doc.kind.${k}` as MessageKey) }))}
          />
          <Select
            allowClear
            placeholder={t('hz.status')}
            value={query.status}
            onChange={(v) => set({ status: v })}
            style={{ width: 120 }}
            options={['draft', 'issued'].map((s) => ({
              value: s,
              label: t(`doc.status.${s}` as MessageKey),
            }))}
          />
        </Flex>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : screens.md ? (
        <Table<DocumentSummary>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items}
          locale={{ emptyText: <Empty description={t('doc.empty')} /> }}
          onRow={(r) => ({ 'data-testid': 'document-row', 'data-id': r.id }) as never}
          pagination={false}
          footer={() => <KeysetPager paging={paging} page={list.data} />}
          columns={[
            {
              title: t('doc.kind'),
              key: 'kind',
              render: (_, d) => <Link to={`/documents/${d.id}`}>{d.kindName}</Link>,
            },
            { title: t('doc.number'), key: 'number', render: (_, d) => d.number ?? '—' },
            { title: t('doc.party'), key: 'party', render: (_, d) => party(d) },
            {
              title: t('hz.status'),
              key: 'status',
              width: 100,
              render: (_, d) => <DocumentStatusTag d={d} />,
            },
            {
              title: t('doc.issuedAt'),
              key: 'issuedAt',
              width: 150,
              render: (_, d) => fmtTime(d.issuedAt ?? d.createdAt),
            },
          ]}
        />
      ) : (
        <List
          loading={list.isFetching}
          dataSource={list.data?.items}
          locale={{ emptyText: t('doc.empty') }}
          renderItem={(d) => (
            <List.Item data-testid="document-row" data-id={d.id}>
              <Space direction="vertical" size={2}>
                <Link to={`/documents/${d.id}`}>{d.kindName}</Link>
                <Space size={4} wrap>
                  <DocumentStatusTag d={d} />
                  <Typography.Text>{d.number ?? ''}</Typography.Text>
                </Space>
                <Typography.Text type="secondary">{party(d)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
