import type { ReactNode } from 'react';
import { Link } from 'react-router';
import {
  Button,
  Card,
  Col,
  Empty,
  Flex,
  List,
  Row,
  Skeleton,
  Statistic,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { DashboardOutlined, ReloadOutlined, RightOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { Workbench, WorkbenchEntry, WorkbenchSection } from '@redline/contracts';
import { api } from '../../api/client';
import { useCurrentUser } from '../../app/current-user';
import { ErrorState } from '../../components/ErrorState';
import { useT, type TFunction } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { rateText } from '../../lib/rates';
import { SEVERITY_COLOUR, SeverityTag, tx, typeLabel } from '../offsite/shared';
import { HazardStatusTag } from '../hazards/shared';
import { notificationKindLabel } from '../notifications/labels';
import './workbench.css';

const HAZARD_SECTIONS = new Set(['reviews_due', 'overdue_to_check', 'my_hazards']);
const ALARM_SECTIONS = new Set(['open_alarms', 'site_alarms', 'handoffs_waiting']);
const TONE_COLOUR: Record<WorkbenchEntry['tone'], string | undefined> = {
  default: undefined,
  info: 'blue',
  warning: 'orange',
  danger: 'red',
};
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function when(iso: string | null) {
  if (!iso) return null;
  return DATE_ONLY.test(iso) ? iso : dayjs(iso).format('MM-DD HH:mm');
}

function EntryTag({ t, section, entry }: { t: TFunction; section: string; entry: WorkbenchEntry }) {
  if (!entry.status) return null;
  // a notice's status is its kind (hazard.ordered …): its words, never the code
  if (section === 'unread_notifications')
    return (
      <Tag color={TONE_COLOUR[entry.tone]} data-testid="wb-notice-kind" data-kind={entry.status}>
        {notificationKindLabel(t, entry.status)}
      </Tag>
    );
  if (entry.status === 'overdue' || !HAZARD_SECTIONS.has(section)) {
    if (ALARM_SECTIONS.has(section) && section !== 'handoffs_waiting')
      return <SeverityTag severity={entry.status} />;
    return <Tag color={TONE_COLOUR[entry.tone]}>{tx(t, `wb.st.${entry.status}`, entry.status)}</Tag>;
  }
  return <HazardStatusTag status={entry.status} />;
}

function entryTitle(t: TFunction, section: string, e: WorkbenchEntry) {
  return ALARM_SECTIONS.has(section) ? typeLabel(t, e.title) : e.title;
}

function entryDetail(t: TFunction, section: string, e: WorkbenchEntry) {
  if (section === 'group_tasks') return t('wb.targets', { n: e.detail });
  if (section === 'drafts' || section === 'tasks_today')
    return e.detail ? tx(t, `wb.st.${e.detail}`, e.detail) : '';
  return e.detail;
}

function SectionCard({ t, s }: { t: TFunction; s: WorkbenchSection }) {
  const title = t(`wb.s.${s.key}` as MessageKey);
  const count = s.capped ? t('wb.capped', { n: s.count }) : String(s.count);
  const urgent = s.items.some((i) => i.tone === 'danger');
  const head = (
    <Flex align="baseline" gap={8}>
      <span>{title}</span>
      <Typography.Text
        strong
        className={`wb-count${s.count && urgent ? ' urgent' : ''}`}
        data-testid={`wb-count-${s.key}`}
        data-count={s.count}
      >
        {count}
      </Typography.Text>
    </Flex>
  );
  return (
    <Card
      size="small"
      className="wb-card"
      data-testid={`wb-${s.key}`}
      data-count={s.count}
      title={
        <Tooltip title={t(`wb.s.${s.key}.hint` as MessageKey)} placement="topLeft">
          {head}
        </Tooltip>
      }
      extra={
        s.link ? (
          <Link to={s.link} data-testid={`wb-link-${s.key}`}>
            {t('wb.viewAll')} <RightOutlined />
          </Link>
        ) : null
      }
    >
      {s.breakdown.length > 0 && (
        <Flex gap={6} wrap style={{ marginBottom: 8 }} data-testid={`wb-breakdown-${s.key}`}>
          {s.breakdown.map((b) => (
            <Link key={b.key} to={b.link} data-testid={`wb-b-${s.key}-${b.key}`} data-count={b.count}>
              <Tag
                color={SEVERITY_COLOUR[b.key] ?? (b.key === 'overdue' ? 'red' : 'orange')}
                style={{ cursor: 'pointer' }}
              >
                {tx(t, `os.sev.${b.key}`, tx(t, `wb.b.${b.key}`, b.key))} {b.count}
              </Tag>
            </Link>
          ))}
        </Flex>
      )}
      {s.items.length === 0 ? (
        <Typography.Text type="secondary" className="wb-none">
          {t('wb.none')}
        </Typography.Text>
      ) : (
        <List
          size="small"
          split={false}
          dataSource={s.items}
          renderItem={(e) => (
            <List.Item className="wb-entry" data-testid="wb-entry" data-id={e.id} data-tone={e.tone}>
              <Link to={e.link} className="wb-entry-link">
                <Flex justify="space-between" gap={8} align="center">
                  <Typography.Text ellipsis strong={e.tone === 'danger'} style={{ minWidth: 0 }}>
                    {e.tone === 'danger' && (
                      <WarningOutlined style={{ color: '#cf1322', marginInlineEnd: 4 }} />
                    )}
                    {entryTitle(t, s.key, e)}
                  </Typography.Text>
                  <EntryTag t={t} section={s.key} entry={e} />
                </Flex>
                <Flex justify="space-between" gap={8} className="wb-entry-sub">
                  <Typography.Text type="secondary" ellipsis style={{ minWidth: 0 }}>
                    {entryDetail(t, s.key, e)}
                  </Typography.Text>
                  {e.at && (
                    <Typography.Text
                      type={e.tone === 'danger' ? 'danger' : 'secondary'}
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {HAZARD_SECTIONS.has(s.key) ? t('wb.deadline', { date: when(e.at) }) : when(e.at)}
                    </Typography.Text>
                  )}
                </Flex>
              </Link>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function Figure({
  testId,
  title,
  value,
  detail,
  danger,
  to,
}: {
  testId: string;
  title: string;
  value: string | number;
  detail?: ReactNode;
  danger?: boolean;
  to: string;
}) {
  return (
    <Col xs={12} md={8} xl={6}>
      <Link to={to} data-testid={testId} data-value={value}>
        <Card size="small" className="count-card" style={{ height: '100%' }}>
          <Statistic title={title} value={value} valueStyle={danger ? { color: '#cf1322' } : undefined} />
          {detail && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {detail}
            </Typography.Text>
          )}
        </Card>
      </Link>
    </Col>
  );
}

function DashboardSummary({ t, d }: { t: TFunction; d: NonNullable<Workbench['dashboard']> }) {
  const f = d.figures;
  return (
    <Card
      size="small"
      data-testid="wb-dashboard"
      title={`${t('wb.dash.title')} · ${d.from} — ${d.to}`}
      extra={
        <Link to="/dashboard" data-testid="wb-open-dashboard">
          <DashboardOutlined /> {t('wb.dash.open.full')}
        </Link>
      }
    >
      <Row gutter={[12, 12]}>
        <Figure testId="wb-fig-open" title={t('wb.dash.open')} value={f.open} to="/hazards?tab=todo" />
        <Figure
          testId="wb-fig-overdue"
          title={t('wb.dash.overdue')}
          value={f.overdue}
          danger={f.overdue > 0}
          to="/hazards?tab=overdue"
        />
        <Figure
          testId="wb-fig-major"
          title={t('wb.dash.major')}
          value={f.majorFound}
          detail={t('wb.dash.majorDetail', {
            found: f.majorFound,
            listed: f.majorListed,
            closed: f.majorClosed,
          })}
          to="/hazards?tab=listed"
        />
        <Figure
          testId="wb-fig-rate"
          title={t('wb.dash.rate')}
          value={rateText(f.closed, f.problemsFound)}
          detail={t('wb.dash.rateDetail', { closed: f.closed, found: f.problemsFound })}
          to="/hazards/stats"
        />
        <Figure
          testId="wb-fig-inspections"
          title={t('wb.dash.inspections')}
          value={f.inspectionsDone}
          detail={t('wb.dash.inspected', { n: f.enterprisesInspected })}
          to="/inspections"
        />
        <Figure
          testId="wb-fig-devices"
          title={t('wb.dash.devices')}
          value={`${f.devicesOnline} / ${f.devices}`}
          to="/offsite/devices"
        />
        <Figure
          testId="wb-fig-equipment"
          title={t('wb.dash.equipmentOverdue')}
          value={f.equipmentOverdue}
          danger={f.equipmentOverdue > 0}
          to="/equipment-inspections?list=overdue"
        />
      </Row>
    </Card>
  );
}

/**
 * The worker's points, built by another feature: the slot shows nothing unless the endpoint exists
 * and answers (a 404 before that feature is installed is expected, not an error).
 */
function PointsSlot({ t }: { t: TFunction }) {
  const q = useQuery({
    queryKey: ['points', 'me'],
    queryFn: () => api<{ points?: number; balance?: number }>('/points/me'),
    retry: false,
    staleTime: 5 * 60_000,
  });
  const n = q.data?.points ?? q.data?.balance;
  if (typeof n !== 'number') return null;
  return (
    <Card size="small" data-testid="wb-points">
      <Statistic title={t('wb.points')} value={n} />
    </Card>
  );
}

/** The home page: what waits for this user, from one request (GET /api/workbench). */
export default function WorkbenchPage() {
  const t = useT();
  const me = useCurrentUser();
  const q = useQuery({
    queryKey: ['workbench'],
    queryFn: () => api<Workbench>('/workbench'),
    refetchInterval: 60_000,
  });
  const jurisdiction = me.enterpriseName ?? me.authority?.name ?? (me.regionName || t('header.wholeCountry'));
  const w = q.data;

  return (
    <Flex vertical gap={12} data-testid="workbench-page" data-role={me.role}>
      <Flex justify="space-between" align="center" wrap gap={8} className="wb-hello">
        <div>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="wb-hello">
            {t('wb.hello', { name: me.displayName })}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t(`role.${me.role}` as MessageKey)} · {jurisdiction}
            {w && ` · ${t('wb.today', { date: w.today })}`}
          </Typography.Text>
        </div>
        <Flex gap={8} align="center">
          {me.role === 'worker' && (
            <Link to="/report" data-testid="wb-report">
              <Button
                type="primary"
                danger
                size="large"
                icon={<WarningOutlined />}
                title={t('wb.report.hint')}
              >
                {t('wb.report')}
              </Button>
            </Link>
          )}
          {w && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('wb.asOf', { time: dayjs(w.asOf).format('HH:mm') })}
            </Typography.Text>
          )}
          <Button
            icon={<ReloadOutlined />}
            onClick={() => q.refetch()}
            loading={q.isFetching}
            aria-label={t('wb.refresh')}
            data-testid="wb-refresh"
          />
        </Flex>
      </Flex>

      {q.error ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : !w ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          {w.dashboard && <DashboardSummary t={t} d={w.dashboard} />}
          {me.role === 'worker' && <PointsSlot t={t} />}
          {w.sections.length > 0 && (
            <Row gutter={[12, 12]}>
              {w.sections.map((s) => (
                <Col key={s.key} xs={24} md={12} xl={w.sections.length > 4 ? 8 : 12}>
                  <SectionCard t={t} s={s} />
                </Col>
              ))}
            </Row>
          )}
          {!w.dashboard && w.sections.length === 0 && <Empty description={t('wb.none')} />}
        </>
      )}
    </Flex>
  );
}
