import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  List,
  Modal,
  Popconfirm,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SpotCheckPlanView } from '@redline/contracts';
import { sha256Hex } from '@redline/domain';
import { api } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import { KIND_NAMES, PLAN_STATUS_COLOURS, PLAN_STATUS_NAMES } from './PlansPage';
import { TaskTable } from './TaskTable';

const seedKey = (planId: string) => `redline.spot-check-seed.${planId}`;
/** 32 random bytes as hex, made in this browser (crypto.getRandomValues works on plain http too). */
function newSeed() {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
function keptSeed(planId: string) {
  try {
    return sessionStorage.getItem(seedKey(planId)) ?? '';
  } catch {
    return '';
  }
}

/** One plan: its lists, rules and pool; commit → draw → reveal; the tasks with done / due / overdue. */
export default function PlanPage() {
  const { id = '' } = useParams();
  const t = useT();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [seedShown, setSeedShown] = useState<string | null>(null);
  const [drawOpen, setDrawOpen] = useState(false);
  const [seedInput, setSeedInput] = useState('');
  const plan = useQuery({
    queryKey: ['spot-check-plan', id],
    queryFn: () => api<SpotCheckPlanView>(`/spot-check-plans/${id}`),
  });
  const act = useMutation({
    mutationFn: (x: { step: 'commit' | 'draw' | 'reveal'; body?: object }) =>
      api<SpotCheckPlanView>(`/spot-check-plans/${id}/${x.step}`, { method: 'POST', body: x.body }),
    onSuccess: (p) => {
      qc.setQueryData(['spot-check-plan', id], p);
      void qc.invalidateQueries({ queryKey: ['spot-check-plans'] });
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  if (plan.error) return <ErrorState error={plan.error} onRetry={() => plan.refetch()} />;
  if (!plan.data) return <Spin />;
  const p = plan.data;
  const mayDraw = me.role === 'admin' || me.role === 'leader';

  const commit = () => {
    const seed = newSeed();
    try {
      sessionStorage.setItem(seedKey(id), seed);
    } catch {
      /* storage unavailable: the seed is shown below */
    }
    act.mutate(
      { step: 'commit', body: { commitment: sha256Hex(seed) } },
      { onSuccess: () => setSeedShown(seed) },
    );
  };

  return (
    <div data-testid="spot-check-plan-page">
      <PageHeader
        title={p.title}
        sub={
          <Space wrap>
            <Tag>{KIND_NAMES[p.kind]}</Tag>
            <Tag color={PLAN_STATUS_COLOURS[p.status]} data-testid="plan-status">
              {PLAN_STATUS_NAMES[p.status]}
            </Tag>
            <Typography.Text type="secondary">
              {p.authorityName} · {p.periodStart} ～ {p.periodEnd}
            </Typography.Text>
          </Space>
        }
        extra={
          <>
            {mayDraw && p.status === 'draft' && (
              <Button type="primary" onClick={commit} loading={act.isPending} data-testid="plan-commit">
                {t('sc.commit')}
              </Button>
            )}
            {mayDraw && p.status === 'committed' && (
              <Button
                type="primary"
                onClick={() => {
                  setSeedInput(keptSeed(id));
                  setDrawOpen(true);
                }}
                data-testid="plan-draw"
              >
                {t('sc.draw')}
              </Button>
            )}
            {mayDraw && p.status === 'drawn' && (
              <Popconfirm title={t('sc.revealConfirm')} onConfirm={() => act.mutate({ step: 'reveal' })}>
                <Button type="primary" loading={act.isPending} data-testid="plan-reveal">
                  {t('sc.reveal')}
                </Button>
              </Popconfirm>
            )}
            {p.status !== 'draft' && (
              <Link to={`/public/spot-checks/plans/${p.id}`} data-testid="plan-public-link">
                {t('sc.public')}
              </Link>
            )}
          </>
        }
      />
      {seedShown && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setSeedShown(null)}
          style={{ marginBottom: 12 }}
          title={t('sc.seedKeep')}
          description={
            <Typography.Text code copyable data-testid="plan-seed-shown">
              {seedShown}
            </Typography.Text>
          }
        />
      )}
      {!p.gradesAvailable && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('sc.gradesMissing')} />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('sc.rule')} span={2}>
            {p.frequencyRule}（A {p.rules.perYear.A} / B {p.rules.perYear.B} / C {p.rules.perYear.C} 次/年，
            {p.rules.periodMonths} 个月，每个对象 {p.rules.inspectorsPerTarget} 人）
          </Descriptions.Item>
          {p.poolSize && (
            <Descriptions.Item label={t('sc.form.targetKinds')}>
              <span data-testid="plan-pool">{t('sc.pool', p.poolSize)}</span>
            </Descriptions.Item>
          )}
          {p.commitment && (
            <Descriptions.Item label={t('sc.commitment')}>
              <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="plan-commitment">
                {p.commitment}
              </Typography.Text>
            </Descriptions.Item>
          )}
          {p.digest && (
            <Descriptions.Item label={t('sc.digest')}>
              <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="plan-digest">
                {p.digest}
              </Typography.Text>
            </Descriptions.Item>
          )}
          {p.seed && (
            <Descriptions.Item label={t('sc.seed')}>
              <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="plan-seed">
                {p.seed}
              </Typography.Text>
            </Descriptions.Item>
          )}
          {p.groups && (
            <Descriptions.Item label="A / B / C" span={2}>
              <Space wrap>
                {(['C', 'B', 'A'] as const).map((g) => (
                  <Tag key={g}>{t('sc.groups', { grade: g, ...p.groups![g] })}</Tag>
                ))}
              </Space>
            </Descriptions.Item>
          )}
        </Descriptions>
        {p.unstaffed.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('sc.unstaffed', { names: p.unstaffed.map((u) => u.targetName).join('、') })}
          />
        )}
      </Card>
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Card size="small" title={t('sc.items')} style={{ flex: 1, minWidth: 280 }}>
          <List
            size="small"
            dataSource={p.items}
            renderItem={(i) => (
              <List.Item>
                <List.Item.Meta title={i.title} description={i.basis} />
              </List.Item>
            )}
          />
          <Typography.Text type="secondary">
            {t('sc.modules')}：{p.modules.map((m) => m.name).join('、')}
          </Typography.Text>
        </Card>
        <Card size="small" title={t('sc.inspectorPool')} style={{ flex: 1, minWidth: 280 }}>
          <List
            size="small"
            dataSource={p.inspectors}
            renderItem={(i) => (
              <List.Item>
                {i.name} · {i.regionName ?? i.regionCode}{' '}
                {i.licenceNo && <Typography.Text type="secondary">{i.licenceNo}</Typography.Text>}
              </List.Item>
            )}
          />
        </Card>
      </Flex>
      <Card size="small" title={t('sc.tasks')}>
        <TaskTable tasks={p.taskList} />
      </Card>
      <Modal
        open={drawOpen}
        title={t('sc.draw')}
        onCancel={() => setDrawOpen(false)}
        okButtonProps={{
          loading: act.isPending,
          disabled: seedInput.trim().length < 16,
          ...({ 'data-testid': 'draw-confirm' } as Record<string, string>),
        }}
        onOk={() =>
          act.mutate(
            { step: 'draw', body: { seed: seedInput.trim() } },
            { onSuccess: () => setDrawOpen(false) },
          )
        }
      >
        <Typography.Paragraph>{t('sc.drawIntro')}</Typography.Paragraph>
        <Input.TextArea
          rows={2}
          value={seedInput}
          onChange={(e) => setSeedInput(e.target.value)}
          data-testid="draw-seed"
        />
      </Modal>
    </div>
  );
}
