import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  App as AntApp,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  List,
  Row,
  Segmented,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DesktopOutlined, DownloadOutlined, FileTextOutlined, WifiOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dashboard, DashboardChild } from '@redline/contracts';
import { downloadFile } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n';
import { useCurrentUser } from '../../app/current-user';
import type { MessageKey } from '../../i18n/zh';
import { fmtShort, SeverityTag, typeLabel } from '../offsite/shared';
import { GradePie, MEASURES, ModulesBar, RegionTreemap, TrendChart, type Measure } from './charts';
import { PRESETS, presetRange, useDashboard, useLiveAlarms } from './shared';
import { tilesOf, type Tile } from './tiles';
import { formatClockSeconds } from '../../lib/time';
import './dashboard.css';

/**
 * The jurisdiction dashboard for leaders and every regulator (their own jurisdiction only): period
 * selector, drill-down breadcrumb (province → city → county → town → enterprises / projects), tiles,
 * the monthly trend, a region view coloured by a chosen measure, grades, top modules and the live
 * alarms of the console's stream. 大屏模式 opens the same figures on /dashboard/screen.
 */
export default function DashboardPage() {
  const t = useT();
  const nav = useNavigate();
  const me = useCurrentUser();
  const { message } = AntApp.useApp();
  const { q, query, set, sp } = useDashboard();
  const [measure, setMeasure] = useState<Measure>('problemsFound');
  const alarms = useLiveAlarms(query.regionCode ?? q.data?.regionCode);
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const drill = (code: string) => set({ regionCode: code });
  const screenUrl = `/dashboard/screen?${sp.toString()}`;
  return (
    <div data-testid="dashboard-page" className="dash">
      <PageHeader
        title={t('dash.title')}
        sub={
          <Typography.Text type="secondary">
            {t('dash.sub')} <span data-testid="rate-rounding">{t('rate.rounding')}</span>
            {d && (
              <span data-testid="dash-as-of"> {t('dash.asOf', { time: formatClockSeconds(d.asOf) })}</span>
            )}
          </Typography.Text>
        }
        extra={
          <>
            {(me.role === 'leader' || me.role === 'admin') && (
              <Link to="/reports" data-testid="dash-reports">
                <Button icon={<FileTextOutlined />}>{t('reports.fromDashboard')}</Button>
              </Link>
            )}
            <Button
              icon={<DownloadOutlined />}
              data-testid="dash-export"
              onClick={() =>
                downloadFile('/dashboard.xlsx', query, 'dashboard.xlsx').catch((e: Error) =>
                  message.error(e.message),
                )
              }
            >
              {t('dash.export')}
            </Button>
            <Button
              type="primary"
              icon={<DesktopOutlined />}
              data-testid="dash-screen"
              onClick={() => nav(screenUrl)}
            >
              {t('dash.screen')}
            </Button>
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={12} align="center" justify="space-between">
          <Breadcrumb
            data-testid="dash-breadcrumb"
            items={(d?.breadcrumb ?? []).map((b, i, all) => ({
              key: b.code,
              title:
                i === all.length - 1 ? (
                  <span data-testid="dash-region-name">{b.name}</span>
                ) : (
                  <a
                    data-testid={`crumb-${b.code || 'national'}`}
                    onClick={() => set({ regionCode: b.code || undefined })}
                  >
                    {b.name}
                  </a>
                ),
            }))}
          />
          <Flex wrap gap={8} align="center">
            <Typography.Text type="secondary">{t('dash.period')}</Typography.Text>
            <Segmented
              data-testid="dash-preset"
              value={PRESETS.find((p) => presetRange(p).join() === [query.from, query.to].join()) ?? ''}
              onChange={(v) => {
                const [from, to] = presetRange(v as (typeof PRESETS)[number]);
                set({ from, to });
              }}
              options={PRESETS.map((p) => ({ value: p, label: t(`dash.period.${p}` as MessageKey) }))}
            />
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(query.from), dayjs(query.to)]}
              onChange={(r) =>
                r?.[0] && r[1] && set({ from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') })
              }
            />
          </Flex>
        </Flex>
      </Card>
      {d && (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="dash-tiles">
            {tilesOf(d, t).map((tile) => (
              <Col key={tile.key} flex="1 1 220px">
                <TileCard tile={tile} />
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={24} xl={14}>
              <Card size="small" title={t('dash.trend')}>
                <TrendChart d={d} />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card
                size="small"
                title={t(d.childKind === 'region' ? 'dash.regions' : 'dash.units')}
                extra={
                  d.childKind === 'region' && (
                    <Segmented
                      size="small"
                      data-testid="dash-measure"
                      value={measure}
                      onChange={(v) => setMeasure(v as Measure)}
                      options={MEASURES.map((m) => ({
                        value: m,
                        label: t(`dash.measure.${m}` as MessageKey),
                      }))}
                    />
                  )
                }
              >
                {d.children.length === 0 ? (
                  <Empty description={t('dash.empty')} />
                ) : d.childKind === 'region' ? (
                  <RegionTreemap d={d} measure={measure} onPick={drill} height={260} />
                ) : (
                  <ModulesBar d={d} height={260} />
                )}
              </Card>
            </Col>
          </Row>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={24} xl={8}>
              <Card size="small" title={t('dash.modules')}>
                {d.topModules.length ? (
                  <ModulesBar d={d} height={240} />
                ) : (
                  <Empty description={t('dash.empty')} />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Card size="small" title={t('dash.grades')} data-testid="dash-grades">
                {d.figures.grades ? (
                  <GradePie grades={d.figures.grades} height={240} />
                ) : (
                  <Empty description={t('dash.notAvailable')} />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Card
                size="small"
                title={t('dash.alarms')}
                data-testid="dash-alarms"
                extra={
                  <Tag
                    icon={<WifiOutlined />}
                    color={alarms.live ? 'success' : 'warning'}
                    data-live={alarms.live}
                  >
                    {t(alarms.live ? 'dash.alarms.live' : 'dash.alarms.reconnecting')}
                  </Tag>
                }
              >
                <List
                  size="small"
                  style={{ height: 240, overflow: 'auto' }}
                  locale={{ emptyText: t('dash.alarms.none') }}
                  dataSource={alarms.items}
                  renderItem={(a) => (
                    <List.Item className={alarms.fresh.has(a.id) ? 'dash-fresh' : undefined}>
                      <Flex gap={8} align="center" style={{ width: '100%', minWidth: 0 }}>
                        <SeverityTag severity={a.severity} />
                        <Link
                          to={`/offsite?id=${a.id}`}
                          style={{ flex: 1, minWidth: 0 }}
                          className="dash-ellipsis"
                        >
                          {typeLabel(t, a.type)} · {a.site.name}
                        </Link>
                        <Typography.Text type="secondary">{fmtShort(a.createdAt)}</Typography.Text>
                      </Flex>
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t(d.childKind === 'region' ? 'dash.regions' : 'dash.units')}>
            <ChildrenTable d={d} onDrill={drill} />
          </Card>
        </>
      )}
    </div>
  );
}

function TileCard({ tile }: { tile: Tile }) {
  return (
    <Card size="small" className={`dash-tile dash-tone-${tile.tone}`} data-testid={`tile-${tile.key}`}>
      <div className="dash-tile-label">{tile.label}</div>
      <div className="dash-tile-value" data-testid={`tile-${tile.key}-value`}>
        {tile.value}
      </div>
      <div className="dash-tile-sub">{tile.sub || '\u00a0'}</div>
    </Card>
  );
}

function ChildrenTable({ d, onDrill }: { d: Dashboard; onDrill: (code: string) => void }) {
  const t = useT();
  const num = (k: keyof DashboardChild, title: MessageKey) => ({
    title: t(title),
    dataIndex: k,
    align: 'right' as const,
    sorter: (x: DashboardChild, y: DashboardChild) => Number(x[k] ?? -1) - Number(y[k] ?? -1),
  });
  return (
    <Table<DashboardChild>
      size="small"
      rowKey="key"
      data-testid="dash-children"
      pagination={d.children.length > 50 ? { pageSize: 50 } : false}
      dataSource={d.children}
      scroll={{ x: 900 }}
      columns={[
        {
          title: t('dash.col.name'),
          dataIndex: 'name',
          render: (name: string, c) =>
            c.drillable ? (
              <a data-testid={`drill-${c.key}`} onClick={() => onDrill(c.key)}>
                {name}
              </a>
            ) : (
              <Link
                to={c.kind === 'project' ? `/registry/projects/${c.key}` : `/registry/enterprises/${c.key}`}
              >
                {name}
              </Link>
            ),
        },
        ...(d.childKind === 'region'
          ? [num('enterprises', 'dash.col.enterprises')]
          : [
              {
                title: t('dash.col.kind'),
                dataIndex: 'kind',
                render: (k: string) => t(k === 'project' ? 'dash.kind.project' : 'dash.kind.enterprise'),
              },
            ]),
        num('inspectionsDone', 'dash.col.inspections'),
        num('problemsFound', 'dash.col.found'),
        {
          title: t('dash.col.rate'),
          dataIndex: 'ratePercent',
          align: 'right' as const,
          render: (p: string | null, c: DashboardChild) =>
            p === null ? '—' : `${p} % (${c.closed}/${c.problemsFound})`,
        },
        num('overdue', 'dash.col.overdue'),
        num('majorFound', 'dash.col.major'),
        num('equipmentOverdue', 'dash.col.equipment'),
        {
          title: t('dash.col.accidents'),
          dataIndex: 'accidents',
          align: 'right' as const,
          render: (n: number | null, c: DashboardChild) =>
            n === null ? t('dash.notAvailable') : `${n} / ${c.deaths}`,
        },
      ]}
    />
  );
}
