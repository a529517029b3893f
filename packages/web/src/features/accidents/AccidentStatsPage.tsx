import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Row,
  Segmented,
  Select,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AccidentStats } from '@redline/contracts';
import { api, downloadFile, isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { EQUIPMENT_OPTIONS, moneyText, TYPE_OPTIONS } from './shared';

const GROUPS = [
  ['region', '区域'],
  ['industry', '行业'],
  ['type', '事故类型'],
  ['grade', '事故等级'],
  ['equipment', '特种设备'],
  ['month', '月份'],
] as const;
type Yoy = AccidentStats['total']['accidents'];

/** "−45 %" / "+84 %" / "无基数" / "持平", coloured: a fall green, a rise red. */
function YoyText({ y, testId }: { y: Yoy; testId?: string }) {
  const text =
    y.direction === 'no_base'
      ? '无基数'
      : y.direction === 'flat'
        ? '持平'
        : y.direction === 'down'
          ? y.changePercent === 0
            ? '下降不足 1 %'
            : `下降 ${-(y.changePercent ?? 0)} %`
          : `上升 ${y.changePercent} %`;
  const color = y.direction === 'down' ? '#389e0d' : y.direction === 'up' ? '#cf1322' : undefined;
  return (
    <span style={{ color }} data-testid={testId}>
      {text}
    </span>
  );
}

const cell = (y: Yoy) => (
  <span>
    {y.current}（去年 {y.previous}）<YoyText y={y} />
  </span>
);

/** Accident statistics of a period with year-on-year change, counts beside every percentage. */
export default function AccidentStatsPage() {
  const { message } = AntApp.useApp();
  const [sp, set] = useUrlFilters({ resetPage: false });
  const thisYear = dayjs().format('YYYY');
  const groupBy = GROUPS.some(([g]) => g === sp.get('groupBy')) ? sp.get('groupBy')! : 'type';
  const query = {
    from: sp.get('from') ?? `${thisYear}-01-01`,
    to: sp.get('to') ?? dayjs().format('YYYY-MM-DD'),
    groupBy,
    equipmentCategoryCode: sp.get('equipment') ?? undefined,
    typeCode: sp.get('typeCode') ?? undefined,
  };
  const q = useQuery({
    queryKey: ['accidents', 'stats', query],
    queryFn: () => api<AccidentStats>('/accidents/stats', { query }),
    placeholderData: keepPreviousData,
  });
  const [downloading, setDownloading] = useState(false);
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const s = q.data;

  async function download() {
    setDownloading(true);
    try {
      await downloadFile('/accidents/stats/export', query, `accident-stats-${query.from}-${query.to}.xlsx`);
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <div data-testid="accident-stats-page">
      <PageHeader
        title="事故统计"
        sub={
          <Typography.Text type="secondary">
            本期与去年同期对比。同比取整：精确计算后向上取整到整数百分比（下降向零取整、上升远离零取整，不美化数据）；去年同期为
            0 时记“无基数”。
          </Typography.Text>
        }
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={download}
            loading={downloading}
            data-testid="accident-stats-export"
          >
            导出 Excel
          </Button>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} align="center">
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(query.from), dayjs(query.to)]}
            onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
            data-testid="accident-stats-period"
          />
          <Segmented
            value={groupBy}
            onChange={(v) => set({ groupBy: String(v) })}
            options={GROUPS.map(([value, label]) => ({ value, label }))}
          />
          <Select
            allowClear
            placeholder="特种设备类别"
            style={{ width: 170 }}
            value={query.equipmentCategoryCode}
            onChange={(v) => set({ equipment: v })}
            options={EQUIPMENT_OPTIONS}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="事故类型"
            style={{ width: 170 }}
            value={query.typeCode}
            onChange={(v) => set({ typeCode: v })}
            options={TYPE_OPTIONS}
          />
        </Flex>
        {s && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            本期 {s.period.from} 至 {s.period.to}；去年同期 {s.previousPeriod.from} 至 {s.previousPeriod.to}
          </Typography.Text>
        )}
      </Card>
      {s && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="accident-stats-total">
          {(
            [
              ['事故起数', s.total.accidents, '起'],
              ['死亡人数', s.total.deaths, '人'],
              ['重伤人数', s.total.seriousInjuries, '人'],
            ] as const
          ).map(([title, y, unit]) => (
            <Col xs={24} md={6} key={title}>
              <Card size="small">
                <Statistic title={title} value={y.current} suffix={unit} />
                <Typography.Text type="secondary">
                  去年同期 {y.previous} {unit}，同比 <YoyText y={y} />
                </Typography.Text>
              </Card>
            </Col>
          ))}
          <Col xs={24} md={6}>
            <Card size="small">
              <Statistic title="直接经济损失" value={moneyText(s.total.directLossYuan)} />
              <Typography.Text type="secondary">
                去年同期 {moneyText(s.total.previousDirectLossYuan)}
              </Typography.Text>
            </Card>
          </Col>
        </Row>
      )}
      <Card size="small">
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          loading={q.isFetching}
          dataSource={s?.groups ?? []}
          data-testid="accident-stats-groups"
          columns={[
            { title: GROUPS.find(([g]) => g === groupBy)?.[1], dataIndex: 'name' },
            { title: '事故起数（同比）', render: (_, g) => cell(g.accidents) },
            { title: '死亡人数（同比）', render: (_, g) => cell(g.deaths) },
            { title: '重伤人数（同比）', render: (_, g) => cell(g.seriousInjuries) },
            { title: '直接经济损失', render: (_, g) => moneyText(g.directLossYuan) },
          ]}
        />
      </Card>
    </div>
  );
}
