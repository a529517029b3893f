import { useNavigate } from 'react-router';
import { Card, Checkbox, Flex, Select, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { REPORT_STATUSES, type PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { KeysetPager } from '../../components/KeysetPager';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { useT } from '../../i18n';
import { fmtTime, ReportStatusTag, statusKey, type ReportStatus } from './shared';

export interface ReportItem {
  id: string;
  trackingCode: string;
  kind: 'hazard' | 'suggestion';
  channel: 'public' | 'worker' | null;
  status: ReportStatus;
  regionCode: string;
  regionName: string | null;
  siteId: string | null;
  siteName: string | null;
  enterpriseName: string | null;
  address: string;
  description: string;
  createdAt: string;
  deadline: string;
  overdue: boolean;
  escalated: boolean;
  suspectedDuplicateOf: string | null;
}

/** 举报受理: the reports of the jurisdiction (regulators), of one's sites (enterprise) or one's own (worker). */
export default function ReportsPage() {
  const t = useT();
  const navigate = useNavigate();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    status: sp.get('status') ?? undefined,
    kind: sp.get('kind') ?? undefined,
    overdue: sp.get('overdue') === 'true' ? true : undefined,
  };
  const list = useQuery({
    queryKey: ['public-reports', query],
    queryFn: () => api<PageOf<ReportItem>>('/public-reports', { query }),
    placeholderData: keepPreviousData,
  });
  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <div data-testid="reports-page">
      <PageHeader
        title={t('rpt.list.title')}
        sub={<Typography.Text type="secondary">{t('rpt.list.sub')}</Typography.Text>}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} align="center">
          <Select
            allowClear
            placeholder={t('rpt.list.status')}
            style={{ width: 180 }}
            value={query.status}
            onChange={(v) => set({ status: v })}
            options={REPORT_STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) }))}
          />
          <Select
            allowClear
            placeholder={t('rpt.list.kind')}
            style={{ width: 140 }}
            value={query.kind}
            onChange={(v) => set({ kind: v })}
            options={[
              { value: 'hazard', label: t('rpt.kind.hazard') },
              { value: 'suggestion', label: t('rpt.kind.suggestion') },
            ]}
          />
          <Checkbox
            checked={query.overdue === true}
            onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })}
          >
            {t('rpt.list.overdueOnly')}
          </Checkbox>
        </Flex>
      </Card>
      <Card size="small">
        <Table<ReportItem>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={(r) => ({
            onClick: () => navigate(`/public-reports/${r.id}`),
            style: { cursor: 'pointer' },
          })}
          data-testid="report-list"
          columns={[
            { title: t('rpt.col.received'), render: (_, r) => fmtTime(r.createdAt), width: 150 },
            {
              title: t('rpt.col.code'),
              dataIndex: 'trackingCode',
              width: 130,
              render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
            },
            {
              title: t('rpt.col.kind'),
              width: 110,
              render: (_, r) => (
                <>
                  {t(r.kind === 'hazard' ? 'rpt.kind.hazard' : 'rpt.kind.suggestion')}
                  {r.channel === 'worker' ? (
                    <Tag style={{ marginLeft: 4 }}>{t('rpt.channel.worker')}</Tag>
                  ) : null}
                </>
              ),
            },
            {
              title: t('rpt.col.place'),
              render: (_, r) => r.siteName ?? `${r.regionName ?? r.regionCode} ${r.address}`,
            },
            { title: t('rpt.col.what'), dataIndex: 'description', ellipsis: true },
            {
              title: t('rpt.col.status'),
              width: 190,
              render: (_, r) => (
                <>
                  <ReportStatusTag status={r.status} />
                  {r.overdue ? <Tag color="red">{t('rpt.overdue')}</Tag> : null}
                  {r.escalated ? <Tag color="volcano">{t('rpt.escalated')}</Tag> : null}
                  {r.suspectedDuplicateOf && r.status === 'received' ? (
                    <Tag color="gold">{t('rpt.maybeDuplicate')}</Tag>
                  ) : null}
                </>
              ),
            },
            { title: t('rpt.col.deadline'), render: (_, r) => fmtTime(r.deadline), width: 150 },
          ]}
        />
        <KeysetPager paging={paging} page={list.data} />
      </Card>
    </div>
  );
}
