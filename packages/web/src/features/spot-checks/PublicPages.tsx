import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Card, Descriptions, Empty, Flex, Layout, List, Spin, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { HIGH_RISK_REASON_NAMES, type PublicNotices, type PublishedDrawView } from '@redline/contracts';
import { verifyPublishedDraw, type DrawTask, type PublishedDraw } from '@redline/domain';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { KIND_NAMES, PLAN_STATUS_COLOURS, PLAN_STATUS_NAMES } from './PlansPage';

/**
 * One public (一公开), without login: the authorities publishing, each authority's four notices
 * (item list, plans, tasks, results), and per plan the published draw recomputed in the browser by
 * the same domain function the server ran (pure TypeScript SHA-256, so plain http works too).
 */
function PublicShell({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
        <Link to="/public/spot-checks" style={{ color: '#fff', fontWeight: 600, fontSize: 16 }}>
          {t('pub.title')}
        </Link>
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 1100, width: '100%', margin: '0 auto' }}>
        {children}
      </Layout.Content>
    </Layout>
  );
}

interface PublicAuthority {
  id: string;
  name: string;
  regionCode: string;
  regionName: string | null;
  plans: number;
}

export function PublicAuthoritiesPage() {
  const t = useT();
  const list = useQuery({
    queryKey: ['public-authorities'],
    queryFn: () => api<PublicAuthority[]>('/public/spot-checks'),
  });
  return (
    <PublicShell>
      <Typography.Title level={3}>{t('pub.authorities')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('pub.sub')}</Typography.Paragraph>
      {list.error ? (
        <ErrorState error={list.error} />
      ) : (
        <List
          bordered
          loading={list.isLoading}
          dataSource={list.data ?? []}
          locale={{ emptyText: <Empty description={t('pub.empty')} /> }}
          renderItem={(a) => (
            <List.Item data-testid="public-authority">
              <Link to={`/public/spot-checks/authorities/${a.id}`}>{a.name}</Link>
              <Typography.Text type="secondary">
                {a.regionName} · {a.plans}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </PublicShell>
  );
}

export function PublicAuthorityPage() {
  const { id = '' } = useParams();
  const t = useT();
  const n = useQuery({
    queryKey: ['public-notices', id],
    queryFn: () => api<PublicNotices>(`/public/spot-checks/authorities/${id}`),
  });
  if (n.error)
    return (
      <PublicShell>
        <ErrorState error={n.error} />
      </PublicShell>
    );
  if (!n.data)
    return (
      <PublicShell>
        <Spin />
      </PublicShell>
    );
  const d = n.data;
  return (
    <PublicShell>
      <Typography.Title level={3} data-testid="public-authority-name">
        {d.authority.name}
      </Typography.Title>
      <Card size="small" title={t('pub.items')} style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey={(r) => `${r.planId}:${r.title}`}
          pagination={false}
          dataSource={d.items}
          columns={[
            { title: t('sc.form.itemTitle'), dataIndex: 'title' },
            { title: t('sc.form.itemBasis'), dataIndex: 'basis' },
          ]}
        />
      </Card>
      <Card size="small" title={t('pub.plans')} style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={d.plans}
          data-testid="public-plans"
          columns={[
            {
              title: t('sc.col.title'),
              dataIndex: 'title',
              render: (v: string, p) => <Link to={`/public/spot-checks/plans/${p.id}`}>{v}</Link>,
            },
            { title: t('sc.col.kind'), dataIndex: 'kind', render: (k: string) => KIND_NAMES[k] },
            {
              title: t('sc.col.period'),
              key: 'period',
              render: (_, p) => `${p.periodStart} ～ ${p.periodEnd}`,
            },
            {
              title: t('sc.col.status'),
              dataIndex: 'status',
              render: (s: string) => <Tag color={PLAN_STATUS_COLOURS[s]}>{PLAN_STATUS_NAMES[s]}</Tag>,
            },
            { title: t('pub.targets'), dataIndex: 'targets' },
          ]}
        />
      </Card>
      <Card size="small" title={t('pub.tasks')} style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey={(r) => `${r.planId}:${r.targetName}:${r.inspectedOn}`}
          pagination={false}
          dataSource={d.tasks}
          columns={[
            { title: t('sc.task.target'), dataIndex: 'targetName' },
            { title: t('pub.region'), dataIndex: 'regionName' },
            { title: t('sc.task.inspectors'), dataIndex: 'officers', render: (o: string[]) => o.join('、') },
            { title: t('pub.inspectedOn'), dataIndex: 'inspectedOn' },
          ]}
        />
      </Card>
      <Card size="small" title={t('pub.results')}>
        <Table
          size="small"
          rowKey={(r) => `${r.planId}:${r.targetName}:${r.inspectedOn}`}
          pagination={false}
          dataSource={d.results}
          columns={[
            { title: t('sc.task.target'), dataIndex: 'targetName' },
            { title: t('pub.inspectedOn'), dataIndex: 'inspectedOn' },
            {
              title: t('pub.results'),
              key: 'r',
              render: (_, r) =>
                r.outcome === 'no_problems' ? (
                  <Tag color="green">{t('pub.noProblems')}</Tag>
                ) : (
                  <Tag color="orange">{t('pub.problems', { n: r.problems, m: r.rectified })}</Tag>
                ),
            },
          ]}
        />
      </Card>
    </PublicShell>
  );
}

export function PublicDrawPage() {
  const { id = '' } = useParams();
  const t = useT();
  const file = useQuery({
    queryKey: ['public-draw', id],
    queryFn: () => api<PublishedDrawView>(`/public/spot-checks/plans/${id}/draw`),
  });
  if (file.error)
    return (
      <PublicShell>
        <ErrorState error={file.error} />
      </PublicShell>
    );
  if (!file.data)
    return (
      <PublicShell>
        <Spin />
      </PublicShell>
    );
  const f = file.data as unknown as PublishedDraw;
  const v = verifyPublishedDraw(f);
  const names = new Map(f.pool.inspectors.map((i) => [i.id, i.name]));
  const url = `${location.origin}/api/public/spot-checks/plans/${id}/draw`;
  return (
    <PublicShell>
      <Typography.Title level={3}>{f.plan.title}</Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('pub.authority')}>{f.plan.authority}</Descriptions.Item>
        <Descriptions.Item label={t('sc.col.period')}>
          {f.plan.periodStart} ～ {f.plan.periodEnd}（{KIND_NAMES[f.plan.kind]}）
        </Descriptions.Item>
        <Descriptions.Item label={t('sc.commitment')}>
          <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="public-commitment">
            {f.commitment}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('sc.seed')}>
          <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="public-seed">
            {f.seed ?? '—'}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('sc.form.targetKinds')}>
          {t('sc.pool', { targets: f.pool.targets.length, inspectors: f.pool.inspectors.length })}
        </Descriptions.Item>
        <Descriptions.Item label={t('sc.rule')}>
          A {f.rules.perYear.A} / B {f.rules.perYear.B} / C {f.rules.perYear.C} 次/年，{f.rules.periodMonths}{' '}
          个月，每个对象 {f.rules.inspectorsPerTarget} 人
        </Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('pub.verifyTitle')} data-testid="public-verify">
        {v.status === 'verified' ? (
          <Alert type="success" showIcon title={t('pub.verified')} data-testid="public-verified" />
        ) : v.status === 'mismatch' ? (
          <Alert
            type="error"
            showIcon
            title={t('pub.mismatch')}
            description={v.differences.join('；')}
            data-testid="public-mismatch"
          />
        ) : v.status === 'commitment_mismatch' ? (
          <Alert type="error" showIcon title={t('pub.commitMismatch')} data-testid="public-mismatch" />
        ) : (
          <Alert type="info" showIcon title={t('pub.notRevealed')} data-testid="public-not-revealed" />
        )}
        {'outcome' in v && (
          <>
            <Typography.Paragraph style={{ marginTop: 12 }}>
              {t('sc.digest')}：
              <Typography.Text code data-testid="public-digest">
                {v.outcome.digest}
              </Typography.Text>
            </Typography.Paragraph>
            <Table<DrawTask>
              size="small"
              rowKey={(x) => `${x.targetKind}:${x.targetId}`}
              pagination={false}
              dataSource={v.outcome.tasks}
              data-testid="public-recomputed"
              columns={[
                { title: t('sc.task.target'), dataIndex: 'targetName' },
                {
                  title: t('sc.task.basis'),
                  key: 'basis',
                  render: (_, x) => (
                    <Flex gap={4} wrap>
                      <Tag>{t(`sc.basis.${x.basis}` as MessageKey)}</Tag>
                      {x.reasons.map((r) => (
                        <Tag key={r} color="red">
                          {HIGH_RISK_REASON_NAMES[r]}
                        </Tag>
                      ))}
                    </Flex>
                  ),
                },
                {
                  title: t('sc.task.inspectors'),
                  key: 'who',
                  render: (_, x) => (
                    <span data-testid="public-task-inspectors">
                      {x.inspectorIds.map((i) => names.get(i) ?? i).join('、')}
                    </span>
                  ),
                },
              ]}
            />
          </>
        )}
        <Typography.Paragraph style={{ marginTop: 12 }} type="secondary">
          {t('pub.cli')}{' '}
          <Typography.Text code copyable>{`npm run redline -- draw-verify ${url}`}</Typography.Text>{' '}
          <a href={url} download={`draw-${id}.json`}>
            {t('pub.download')}
          </a>
        </Typography.Paragraph>
      </Card>
    </PublicShell>
  );
}
