import { Link } from 'react-router';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { KeysetPager } from '../../components/KeysetPager';
import { Empty, Form, Grid, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DocumentSummary, PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { QueryForm } from '../../components/QueryForm';
import { useTableToolbar } from '../../components/TableToolbar';
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
  const columns: ColumnsType<DocumentSummary> = [
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
  ];
  const tb = useTableToolbar('documents', columns, {
    onRefresh: () => void list.refetch(),
    refreshing: list.isFetching,
  });
  return (
    <div data-testid="documents-page">
      <PageHeader
        title={t('doc.title')}
        sub={<Typography.Text type="secondary">{t('doc.sub')}</Typography.Text>}
      />
      <QueryForm
        testId="document-query"
        values={{ q: query.q, kind: query.kind, status: query.status }}
        onQuery={(v) => set(v)}
      >
        <Form.Item name="q">
          <Input
            allowClear
            placeholder={t('doc.number')}
            aria-label={t('doc.number')}
            style={{ width: screens.md ? 240 : '100%' }}
            data-testid="list-search"
          />
        </Form.Item>
        <Form.Item name="kind">
          <Select
            allowClear
            placeholder={t('doc.kind')}
            aria-label={t('doc.kind')}
            style={{ width: 220 }}
            options={DOC_KINDS.map((k) => ({ value: k, label: t(`doc.kind.${k}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('hz.status')}
            aria-label={t('hz.status')}
            style={{ width: 120 }}
            options={['draft', 'issued'].map((x) => ({
              value: x,
              label: t(`doc.status.${x}` as MessageKey),
            }))}
          />
        </Form.Item>
      </QueryForm>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : screens.md ? (
        <div ref={tb.ref} className="table-box">
          {tb.toolbar}
          <Table<DocumentSummary>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items}
            locale={{ emptyText: <Empty description={t('doc.empty')} /> }}
            onRow={(r) => ({ 'data-testid': 'document-row', 'data-id': r.id }) as never}
            pagination={false}
            footer={() => <KeysetPager paging={paging} page={list.data} />}
            columns={tb.columns}
            size={tb.size}
          />
        </div>
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
