import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { Card, Col, Empty, Flex, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import {
  BankOutlined,
  BuildOutlined,
  EnvironmentOutlined,
  IdcardOutlined,
  TeamOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import type { PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { useCurrentUser } from '../../app/current-user';
import { CERT_STATUS_HEX, EQUIP_STATUS_HEX } from '../../components/StatusTag';
import { useT, type TFunction } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { visibleKinds, type RegistryKind } from '../../lib/roles';
import type { Me } from '@redline/contracts';
import { Bars, Donut } from './MiniCharts';

const KIND_ICONS: Record<RegistryKind, ReactNode> = {
  enterprises: <BankOutlined />,
  projects: <BuildOutlined />,
  sites: <EnvironmentOutlined />,
  workers: <TeamOutlined />,
  certificates: <IdcardOutlined />,
  equipment: <ToolOutlined />,
};
const CERT_STATUSES = ['valid', 'review_due', 'expired'] as const;
const EQUIP_STATUSES = ['in_date', 'due_soon', 'overdue', 'failed', 'unknown'] as const;

/** Counts come from `total` of a one-row page, so they obey the user's jurisdiction like every list. */
function countQuery(kind: RegistryKind, filter: Record<string, string> = {}) {
  const query = { pageSize: 1, ...filter };
  return {
    queryKey: [kind, 'list', query],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      api<PageOf<unknown>>(`/${kind}`, { query, signal }).then((p) => p.total),
  };
}

interface Step {
  key: MessageKey;
  to?: string;
}

function nextSteps(me: Me): Step[] {
  const steps: Step[] = [];
  switch (me.role) {
    case 'admin':
      steps.push(
        { key: 'overview.step.users', to: '/admin/users' },
        { key: 'overview.step.registryRegulator', to: '/registry/enterprises' },
        { key: 'overview.step.importRegistry', to: '/registry/enterprises' },
      );
      break;
    case 'leader':
      steps.push(
        { key: 'overview.step.leader' },
        { key: 'overview.step.equipment', to: '/registry/equipment?status=overdue' },
        { key: 'overview.step.certificates', to: '/registry/certificates?status=expired' },
      );
      break;
    case 'inspector':
      steps.push(
        { key: 'overview.step.registryRegulator', to: '/registry/enterprises' },
        { key: 'overview.step.importRegistry', to: '/registry/projects' },
        { key: 'overview.step.certificates', to: '/registry/certificates?status=expired' },
        { key: 'overview.step.equipment', to: '/registry/equipment?status=overdue' },
      );
      break;
    case 'duty_officer':
      steps.push(
        { key: 'overview.step.duty', to: '/registry/sites?keyRiskSource=true' },
        { key: 'overview.step.equipment', to: '/registry/equipment?status=overdue' },
      );
      break;
    case 'enterprise_manager':
      steps.push(
        { key: 'overview.step.enterpriseWorkers', to: '/registry/workers' },
        { key: 'overview.step.enterpriseEquipment', to: '/registry/equipment' },
        { key: 'overview.step.enterpriseSites', to: '/registry/sites' },
      );
      break;
    case 'worker':
      steps.push({
        key: 'overview.step.workerSelf',
        to: me.workerId ? `/registry/workers/${me.workerId}` : '/registry/workers',
      });
      break;
  }
  steps.push({ key: 'overview.step.account', to: '/account/password' });
  return steps;
}

function StatusBreakdown({
  t,
  title,
  kind,
  statuses,
  counts,
  colours,
  labelPrefix,
  chart,
  testId,
}: {
  t: TFunction;
  title: string;
  kind: RegistryKind;
  statuses: readonly string[];
  counts: (number | undefined)[];
  colours: Record<string, string>;
  labelPrefix: 'status.certificate' | 'status.equipment';
  chart: 'pie' | 'bar';
  testId: string;
}) {
  const navigate = useNavigate();
  const loading = counts.some((c) => c === undefined);
  const data = statuses.map((s, i) => ({
    key: s,
    name: t(`${labelPrefix}.${s}` as MessageKey),
    value: counts[i] ?? 0,
    color: colours[s],
  }));
  const total = data.reduce((n, d) => n + d.value, 0);
  return (
    <Card title={title} size="small" data-testid={testId} style={{ height: '100%' }}>
      {loading ? (
        <Skeleton active />
      ) : total === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overview.noData')} />
      ) : (
        <div data-testid={`${testId}-chart`}>
          {chart === 'pie' ? (
            <Donut
              data={data}
              label={t('common.sum')}
              onPick={(s) => navigate(`/registry/${kind}?status=${s}`)}
            />
          ) : (
            <Bars data={data} onPick={(s) => navigate(`/registry/${kind}?status=${s}`)} />
          )}
        </div>
      )}
      <Flex gap={8} wrap justify="center" style={{ marginTop: 8 }}>
        {data.map((d) => (
          <Link
            key={d.key}
            to={`/registry/${kind}?status=${d.key}`}
            data-testid={`${testId}-${d.key}`}
            data-count={loading ? undefined : d.value}
          >
            <Tag color={d.color} style={{ cursor: 'pointer' }}>
              {d.name} {loading ? '…' : d.value}
            </Tag>
          </Link>
        ))}
      </Flex>
    </Card>
  );
}

export default function OverviewPage() {
  const me = useCurrentUser();
  const t = useT();
  const kinds = visibleKinds(me);
  const counts = useQueries({ queries: kinds.map((k) => countQuery(k)) });
  const showCerts = kinds.includes('certificates');
  const showEquip = kinds.includes('equipment');
  const certCounts = useQueries({
    queries: showCerts ? CERT_STATUSES.map((s) => countQuery('certificates', { status: s })) : [],
  });
  const equipCounts = useQueries({
    queries: showEquip ? EQUIP_STATUSES.map((s) => countQuery('equipment', { status: s })) : [],
  });

  const jurisdiction = me.enterpriseName ?? me.authority?.name ?? (me.regionName || t('header.wholeCountry'));
  const steps = nextSteps(me);

  return (
    <Flex vertical gap={16} data-testid="overview-page">
      <Card data-testid="overview-welcome">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('overview.welcome', { name: me.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('overview.youAre', { role: t(`role.${me.role}` as MessageKey), jurisdiction })}
        </Typography.Text>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('overview.nextSteps')}
        </Typography.Title>
        <ul className="next-steps" data-testid="overview-next-steps">
          {steps.map((s) => (
            <li key={s.key}>{s.to ? <Link to={s.to}>{t(s.key)}</Link> : t(s.key)}</li>
          ))}
        </ul>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('overview.comingNext')}
        </Typography.Text>
      </Card>

      <Typography.Title level={5} style={{ margin: 0 }}>
        {t(
          me.role === 'enterprise_manager'
            ? 'overview.countsOwn'
            : me.role === 'worker'
              ? 'overview.countsSelf'
              : 'overview.counts',
        )}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {kinds.map((k, i) => {
          const q = counts[i];
          return (
            <Col xs={12} sm={8} xl={4} key={k}>
              <Link to={`/registry/${k}`} data-testid={`overview-count-${k}`} data-count={q.data}>
                <Card size="small" className="count-card">
                  <Statistic
                    title={t(`nav.${k}` as MessageKey)}
                    value={q.data ?? 0}
                    loading={q.isPending}
                    prefix={KIND_ICONS[k]}
                    formatter={q.error ? () => '—' : undefined}
                  />
                </Card>
              </Link>
            </Col>
          );
        })}
      </Row>

      {(showCerts || showEquip) && (
        <Row gutter={[16, 16]}>
          {showCerts && (
            <Col xs={24} lg={12}>
              <StatusBreakdown
                t={t}
                title={t('overview.certByStatus')}
                kind="certificates"
                statuses={CERT_STATUSES}
                counts={certCounts.map((q) => q.data)}
                colours={CERT_STATUS_HEX}
                labelPrefix="status.certificate"
                chart="pie"
                testId="overview-cert-status"
              />
            </Col>
          )}
          {showEquip && (
            <Col xs={24} lg={12}>
              <StatusBreakdown
                t={t}
                title={t('overview.equipByStatus')}
                kind="equipment"
                statuses={EQUIP_STATUSES}
                counts={equipCounts.map((q) => q.data)}
                colours={EQUIP_STATUS_HEX}
                labelPrefix="status.equipment"
                chart="bar"
                testId="overview-equip-status"
              />
            </Col>
          )}
        </Row>
      )}
    </Flex>
  );
}
