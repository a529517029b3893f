import { useUrlFilters } from '../../lib/useUrlFilters';
import { Card, Col, DatePicker, Flex, Progress, Row, Segmented, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { HazardStats } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { ratePercentText, ratePercentValue, rateText } from '../../lib/rates';

const GROUPS = ['region', 'enterprise', 'project', 'module', 'inspector'] as const;
type Group = HazardStats['groups'][number];

/** Rectification figures of the jurisdiction: overall, and by county, enterprise, project, module or inspector. */
export default function HazardStatsPage() {
  const t = useT();
  const [sp, set] = useUrlFilters({ resetPage: false });
  const groupBy = (GROUPS as readonly string[]).includes(sp.get('groupBy') ?? '')
    ? sp.get('groupBy')!
    : 'enterprise';
  const query = { groupBy, from: sp.get('from') ?? undefined, to: sp.get('to') ?? undefined, limit: 50 };
  const q = useQuery({
    queryKey: ['hazards', 'stats', query],
    queryFn: () => api<HazardStats>('/hazards/stats', { query }),
    placeholderData: keepPreviousData,
  });
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const total = q.data?.total;
  const top = (q.data?.groups ?? []).slice(0, 12);
  return (
    <div data-testid="hazard-stats-page">
      <PageHeader
        title={t('hz.stats.title')}
        sub={
          <Typography.Text type="secondary">
            {t('hz.stats.sub')} <span data-testid="rate-rounding">{t('rate.rounding')}</span>
          </Typography.Text>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} align="center">
          <Segmented
            value={groupBy}
            onChange={(v) => set({ groupBy: String(v) })}
            options={GROUPS.map((g) => ({ value: g, label: t(`hz.stats.group.${g}` as MessageKey) }))}
          />
          <DatePicker.RangePicker
            value={query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null}
            onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
            placeholder={[t('hz.stats.from'), '']}
          />
        </Flex>
      </Card>
      {total && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          {(
            [
              ['hz.stats.found', total.found],
              ['hz.stats.closed', total.closed],
              ['hz.stats.rate', rateText(total.closed, total.found)],
              ['hz.stats.onTime', rateText(total.closedOnTime, total.found)],
              ['hz.stats.overdue', total.overdue],
              ['hz.stats.majorOpen', total.majorOpen],
            ] as Array<[MessageKey, string | number]>
          ).map(([k, v]) => (
            <Col xs={12} md={4} key={k}>
              <Card size="small">
                <Statistic title={t(k)} value={v} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {top.length > 0 && (
        <Card size="small" title={t('hz.stats.rate')} style={{ marginBottom: 12 }}>
          <RateBars rows={top} />
        </Card>
      )}
      <Table<Group>
        rowKey="key"
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.groups}
        pagination={false}
        scroll={{ x: 720 }}
        columns={[
          { title: t('hz.stats.name'), dataIndex: 'name' },
          { title: t('hz.stats.found'), dataIndex: 'found', width: 80, align: 'right' },
          { title: t('hz.stats.closed'), dataIndex: 'closed', width: 80, align: 'right' },
          {
            title: t('hz.stats.rate'),
            key: 'rate',
            width: 200,
            // Rounded down with its counts; the bar's own rounding would show 100 for 2,852 / 2,853.
            render: (_, r) => (
              <Progress
                percent={ratePercentValue(r.closed, r.found)}
                format={() => rateText(r.closed, r.found)}
                size="small"
                aria-label={t('hz.stats.rate')}
              />
            ),
          },
          {
            title: t('hz.stats.onTime'),
            key: 'onTime',
            width: 170,
            render: (_, r) => rateText(r.closedOnTime, r.found),
          },
          {
            title: t('hz.stats.overdue'),
            dataIndex: 'overdue',
            width: 80,
            align: 'right',
            render: (v: number) => <span style={{ color: v ? '#cf1322' : undefined }}>{v}</span>,
          },
          { title: t('hz.stats.majorOpen'), dataIndex: 'majorOpen', width: 110, align: 'right' },
        ]}
      />
    </div>
  );
}

/** Horizontal bars of closed and on-time rates (dependency-free SVG, so the page stays light). */
function RateBars({ rows }: { rows: Group[] }) {
  const w = 560;
  const label = 180;
  const bar = 16;
  const gap = 10;
  const h = rows.length * (bar + gap);
  return (
    <svg viewBox={`0 0 ${w} ${h}`} width="100%" role="img" aria-label="rates" style={{ maxWidth: 760 }}>
      {rows.map((r, i) => {
        const y = i * (bar + gap);
        // Bars from the same rounded-down percentages as the labels.
        const rate = ratePercentValue(r.closed, r.found) / 100;
        const onTime = ratePercentValue(r.closedOnTime, r.found) / 100;
        const span = w - label - 50;
        return (
          <g key={r.key}>
            <text x={label - 6} y={y + bar - 3} textAnchor="end" fontSize="12" fill="#333">
              {r.name.length > 14 ? `${r.name.slice(0, 13)}…` : r.name}
            </text>
            <rect x={label} y={y} width={span} height={bar} fill="#f0f0f0" />
            <rect x={label} y={y} width={span * rate} height={bar} fill="#73a9f0" />
            <rect x={label} y={y + bar / 3} width={span * onTime} height={bar / 3} fill="#1d5fbf" />
            <text x={label + span + 6} y={y + bar - 3} fontSize="12" fill="#333">
              {ratePercentText(r.closed, r.found)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
