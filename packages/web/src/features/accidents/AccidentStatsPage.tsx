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
import { ACCIDENT_GRADES, ACCIDENT_STAT_GROUPS, type AccidentStats } from '@redline/contracts';
import { api, downloadFile, isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useT } from '../../i18n';
import { useAccidentLabels, type AccidentLabels, type Grade } from './shared';

const GROUPS = ACCIDENT_STAT_GROUPS;
type Group = (typeof GROUPS)[number];
type Yoy = AccidentStats['total']['accidents'];
type Row = AccidentStats['groups'][number];

/** "下降 45 %" / "up 84 %" / "no base" / "unchanged", coloured: a fall green, a rise red. */
function YoyText({ y, testId }: { y: Yoy; testId?: string }) {
  const t = useT();
  const text =
    y.direction === 'no_base'
      ? t('acc.yoy.noBase')
      : y.direction === 'flat'
        ? t('acc.yoy.flat')
        : y.direction === 'down'
          ? y.changePercent === 0
            ? t('acc.yoy.downUnderOne')
            : t('acc.yoy.down', { p: -(y.changePercent ?? 0) })
          : t('acc.yoy.up', { p: y.changePercent });
  const color = y.direction === 'down' ? '#389e0d' : y.direction === 'up' ? '#cf1322' : undefined;
  return (
    <span style={{ color }} data-testid={testId}>
      {text}
    </span>
  );
}

function Cell({ y }: { y: Yoy }) {
  const t = useT();
  return (
    <span>
      {t('acc.stats.cell', { current: y.current, previous: y.previous })}
      <YoyText y={y} />
    </span>
  );
}

/** A group's name from its key in the current language; the server's (Chinese) name as the fallback. */
function groupName(L: AccidentLabels, groupBy: Group, g: Row): string {
  switch (groupBy) {
    case 'region':
      return L.region(g.key, g.name);
    case 'industry':
      return L.industry(g.key, g.name);
    case 'type':
      return L.type(g.key);
    case 'grade':
      return (ACCIDENT_GRADES as readonly string[]).includes(g.key) ? L.gradeShort(g.key as Grade) : g.name;
    case 'equipment':
      return g.key ? L.equip(g.key, g.name) : L.noEquipmentGroup;
    case 'month':
      return g.key;
  }
}

/** Accident statistics of a period with year-on-year change, counts beside every percentage. */
export default function AccidentStatsPage() {
  const { message } = AntApp.useApp();
  const t = useT();
  const L = useAccidentLabels();
  const [sp, set] = useUrlFilters({ resetPage: false });
  const thisYear = dayjs().format('YYYY');
  const groupBy: Group = GROUPS.find((g) => g === sp.get('groupBy')) ?? 'type';
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
        title={t('acc.stats.title')}
        sub={<Typography.Text type="secondary">{t('acc.stats.sub')}</Typography.Text>}
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={download}
            loading={downloading}
            data-testid="accident-stats-export"
          >
            {t('common.exportXlsx')}
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
            options={GROUPS.map((value) => ({ value, label: t(`acc.group.${value}`) }))}
          />
          <Select
            allowClear
            placeholder={t('acc.stats.equipment')}
            style={{ width: 170 }}
            value={query.equipmentCategoryCode}
            onChange={(v) => set({ equipment: v })}
            options={L.equipOptions}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('acc.filter.type')}
            style={{ width: 170 }}
            value={query.typeCode}
            onChange={(v) => set({ typeCode: v })}
            options={L.typeOptions}
          />
        </Flex>
        {s && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('acc.stats.period', {
              from: s.period.from,
              to: s.period.to,
              prevFrom: s.previousPeriod.from,
              prevTo: s.previousPeriod.to,
            })}
          </Typography.Text>
        )}
      </Card>
      {s && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="accident-stats-total">
          {(
            [
              [
                'acc.stats.accidents',
                s.total.accidents,
                'acc.stats.unitAccidents',
                'acc.stats.prevAccidents',
              ],
              ['acc.stats.deaths', s.total.deaths, 'acc.stats.unitPeople', 'acc.stats.prevDeaths'],
              ['acc.stats.serious', s.total.seriousInjuries, 'acc.stats.unitPeople', 'acc.stats.prevSerious'],
            ] as const
          ).map(([title, y, unit, prev]) => (
            <Col xs={24} md={6} key={title}>
              <Card size="small">
                <Statistic title={t(title)} value={y.current} suffix={t(unit, { n: y.current })} />
                <Typography.Text type="secondary">
                  {t(prev, { n: y.previous })} <YoyText y={y} />
                </Typography.Text>
              </Card>
            </Col>
          ))}
          <Col xs={24} md={6}>
            <Card size="small">
              <Statistic title={t('acc.stats.loss')} value={L.money(s.total.directLossYuan)} />
              <Typography.Text type="secondary">
                {t('acc.stats.prevLoss', { money: L.money(s.total.previousDirectLossYuan) })}
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
            { title: t(`acc.group.${groupBy}`), render: (_, g) => groupName(L, groupBy, g) },
            { title: t('acc.stats.colAccidents'), render: (_, g) => <Cell y={g.accidents} /> },
            { title: t('acc.stats.colDeaths'), render: (_, g) => <Cell y={g.deaths} /> },
            { title: t('acc.stats.colSerious'), render: (_, g) => <Cell y={g.seriousInjuries} /> },
            { title: t('acc.stats.loss'), render: (_, g) => L.money(g.directLossYuan) },
          ]}
        />
      </Card>
    </div>
  );
}
