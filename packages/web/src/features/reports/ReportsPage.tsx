import { useState } from 'react';
import { App, Button, Card, DatePicker, Flex, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, FileAddOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  PERIODIC_REPORT_KINDS,
  type PeriodicReportKind,
  type PeriodicReportListItem,
  type PeriodicReportPage,
  type PeriodicReportView,
} from '@redline/contracts';
import { lastClosedPeriod } from '@redline/domain';
import { api, downloadFile } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { KeysetPager } from '../../components/KeysetPager';
import { RegionSelect } from '../../components/RegionSelect';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';

type Item = PeriodicReportListItem;

/** The period name the API takes from the picker's day: 2026-11, 2026-Q4, 2026. */
function periodOf(kind: PeriodicReportKind, d: Dayjs): string {
  if (kind === 'month') return d.format('YYYY-MM');
  if (kind === 'quarter') return `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
  return String(d.year());
}

/** The first day of the last closed period of a kind, for the picker's default. */
const lastClosedDay = (kind: PeriodicReportKind) =>
  dayjs(lastClosedPeriod(kind, dayjs().format('YYYY-MM-DD')).start);

/**
 * 定期报告: the jurisdiction's monthly, quarterly and yearly reports — generate one now for a region
 * and period, list those kept (newest first, a page by key) and download each as PDF or Excel.
 */
export default function ReportsPage() {
  const t = useT();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const kindFilter = (sp.get('kind') ?? undefined) as PeriodicReportKind | undefined;
  const query = { cursor: paging.cursor, pageSize: 20, kind: kindFilter };
  const list = useQuery({
    queryKey: ['reports', query],
    queryFn: () => api<PeriodicReportPage>('/reports', { query }),
    placeholderData: keepPreviousData,
  });

  const [regionCode, setRegionCode] = useState<string | undefined>(me.regionCode || undefined);
  const [kind, setKind] = useState<PeriodicReportKind>('month');
  const [day, setDay] = useState<Dayjs | null>(lastClosedDay('month'));
  const generate = useMutation({
    mutationFn: () =>
      api<PeriodicReportView>('/reports', {
        method: 'POST',
        body: { regionCode, kind, period: periodOf(kind, day!) },
      }),
    onSuccess: async (r) => {
      message.success(t('reports.generated', { number: r.number }));
      await queryClient.invalidateQueries({ queryKey: ['reports'] });
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });

  const download = (r: Item, format: 'pdf' | 'xlsx') =>
    downloadFile(`/reports/${r.id}/${format}`, {}, `${r.number}.${format}`).catch((e: unknown) =>
      message.error(errorMessage(t, e)),
    );

  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <div data-testid="reports-page">
      <PageHeader
        title={t('reports.title')}
        sub={<Typography.Text type="secondary">{t('reports.sub')}</Typography.Text>}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form layout="inline" onFinish={() => generate.mutate()}>
          <Form.Item label={t('reports.region')}>
            <RegionSelect
              value={regionCode}
              onChange={(v: string | undefined) => setRegionCode(v)}
              allowClear={false}
              style={{ width: 240 }}
              data-testid="report-region"
            />
          </Form.Item>
          <Form.Item label={t('reports.kind')}>
            <Select<PeriodicReportKind>
              value={kind}
              style={{ width: 110 }}
              data-testid="report-kind"
              onChange={(k) => {
                setKind(k);
                setDay(lastClosedDay(k));
              }}
              options={PERIODIC_REPORT_KINDS.map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('reports.period')}>
            <DatePicker
              picker={kind === 'month' ? 'month' : kind}
              value={day}
              onChange={(d) => setDay(d)}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              allowClear={false}
              data-testid="report-period"
            />
          </Form.Item>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              icon={<FileAddOutlined />}
              loading={generate.isPending}
              disabled={!regionCode || !day}
              data-testid="report-generate"
            >
              {generate.isPending ? t('reports.generating') : t('reports.generate')}
            </Button>
          </Form.Item>
        </Form>
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('reports.scheduleNote')}
        </Typography.Text>
      </Card>
      <Card size="small">
        <Flex gap={8} style={{ marginBottom: 8 }}>
          <Select<PeriodicReportKind>
            allowClear
            placeholder={t('reports.allKinds')}
            style={{ width: 140 }}
            value={kindFilter}
            onChange={(v) => set({ kind: v })}
            options={PERIODIC_REPORT_KINDS.map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))}
          />
        </Flex>
        <Table<Item>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: t('reports.empty') }}
          data-testid="report-list"
          columns={[
            {
              title: t('reports.number'),
              render: (_, r) => <span data-testid="report-number">{r.number}</span>,
              width: 210,
            },
            {
              title: t('reports.region'),
              render: (_, r) => `${r.regionName}（${r.regionCode}）`,
              width: 200,
            },
            {
              title: t('reports.kind'),
              render: (_, r) => <Tag color="blue">{t(`reports.kind.${r.kind}`)}</Tag>,
              width: 80,
            },
            { title: t('reports.period'), render: (_, r) => `${r.periodStart} ~ ${r.periodEnd}`, width: 200 },
            {
              title: t('reports.generatedBy'),
              render: (_, r) => (r.generatedBySystem ? t('reports.system') : (r.generatedBy?.name ?? '—')),
              width: 140,
            },
            {
              title: t('reports.generatedAt'),
              render: (_, r) => dayjs(r.generatedAt).format('YYYY-MM-DD HH:mm'),
              width: 150,
            },
            {
              title: t('reports.download'),
              width: 170,
              render: (_, r) => (
                <Space size={4}>
                  <Button
                    size="small"
                    icon={<FilePdfOutlined />}
                    onClick={() => download(r, 'pdf')}
                    data-testid="report-pdf"
                  >
                    {t('reports.pdf')}
                  </Button>
                  <Button
                    size="small"
                    icon={<FileExcelOutlined />}
                    onClick={() => download(r, 'xlsx')}
                    data-testid="report-xlsx"
                  >
                    {t('reports.xlsx')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
        <KeysetPager paging={paging} page={list.data} />
      </Card>
    </div>
  );
}
