import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, DatePicker, Flex, Select, Space, Table, Typography } from 'antd';
import { BarChartOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ACCIDENT_GRADES, type AccidentListItem, type PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { KeysetPager } from '../../components/KeysetPager';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useT } from '../../i18n';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { AccidentGradeTag, fmtInstant, useAccidentLabels } from './shared';
import { ReportAccidentForm } from './ReportAccidentForm';

type Item = AccidentListItem;

/** 生产安全事故: the reports of the jurisdiction, newest first, with grade and casualties. */
export default function AccidentsPage() {
  const t = useT();
  const L = useAccidentLabels();
  const navigate = useNavigate();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const [open, setOpen] = useState(false);
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    from: sp.get('from') ?? undefined,
    to: sp.get('to') ?? undefined,
    grade: sp.get('grade') ?? undefined,
    typeCode: sp.get('typeCode') ?? undefined,
  };
  const list = useQuery({
    queryKey: ['accidents', query],
    queryFn: () => api<PageOf<Item>>('/accidents', { query }),
    placeholderData: keepPreviousData,
  });
  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <div data-testid="accidents-page">
      <PageHeader
        title={t('acc.title')}
        sub={<Typography.Text type="secondary">{t('acc.sub')}</Typography.Text>}
        extra={
          <Space>
            <Link to="/accidents/stats">
              <Button icon={<BarChartOutlined />}>{t('acc.stats')}</Button>
            </Link>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setOpen(true)}
              data-testid="accident-new"
            >
              {t('acc.new')}
            </Button>
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8}>
          <DatePicker.RangePicker
            value={query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null}
            onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          />
          <Select
            allowClear
            placeholder={t('acc.filter.grade')}
            aria-label={t('acc.filter.grade')}
            style={{ width: 140 }}
            value={query.grade}
            onChange={(v) => set({ grade: v })}
            options={ACCIDENT_GRADES.map((g) => ({ value: g, label: L.grade(g) }))}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('acc.filter.type')}
            aria-label={t('acc.filter.type')}
            style={{ width: 180 }}
            value={query.typeCode}
            onChange={(v) => set({ typeCode: v })}
            options={L.typeOptions}
          />
        </Flex>
      </Card>
      <Card size="small">
        <Table<Item>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={(r) => ({ onClick: () => navigate(`/accidents/${r.id}`), style: { cursor: 'pointer' } })}
          data-testid="accident-list"
          columns={[
            { title: t('acc.col.occurredAt'), render: (_, r) => fmtInstant(r.occurredAt), width: 170 },
            {
              title: t('acc.col.place'),
              render: (_, r) => `${L.region(r.regionCode, r.regionName)} ${r.address}`,
            },
            { title: t('acc.col.unit'), render: (_, r) => r.enterpriseName ?? r.projectName ?? '—' },
            { title: t('acc.col.type'), render: (_, r) => L.type(r.typeCode), width: 110 },
            { title: t('acc.col.grade'), render: (_, r) => <AccidentGradeTag grade={r.grade} />, width: 110 },
            {
              title: t('acc.col.casualties'),
              render: (_, r) => `${r.deaths} / ${r.seriousInjuries} / ${r.minorInjuries} / ${r.missing}`,
              width: 170,
            },
            { title: t('acc.col.loss'), render: (_, r) => L.money(r.directLossYuan), width: 130 },
          ]}
        />
        <KeysetPager paging={paging} page={list.data} />
      </Card>
      <ReportAccidentForm
        open={open}
        onClose={() => setOpen(false)}
        onDone={(id) => navigate(`/accidents/${id}`)}
      />
    </div>
  );
}
