import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Flex,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ruleScopeLevel } from '@redline/domain';
import type { Static } from '@sinclair/typebox';
import type { AlarmRuleView, AlarmStats } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { useMe } from '../../api/session';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useLang, useT } from '../../i18n';
import { SeverityTag, tx, typeLabel } from './shared';
import { rateText } from '../../lib/rates';

type Rule = Static<typeof AlarmRuleView>;

const SCOPE_COLOUR: Record<string, string> = {
  national: 'blue',
  province: 'purple',
  city: 'cyan',
  district: 'orange',
};

/** Where a version applies: 全国 or the override's region and level. */
function ScopeTag({ scope }: { scope: Rule['scope'] }) {
  const t = useT();
  return (
    <Tag color={SCOPE_COLOUR[scope.level]} data-testid="rule-scope">
      {scope.level === 'national'
        ? t('rule.scope.national')
        : `${scope.regionName ?? scope.regionCode} · ${t(`rule.level.${scope.level}`)}`}
    </Tag>
  );
}

/**
 * The alarm rules in force, as data: trigger, registry cross-check, de-duplication, and how often
 * each rule was wrong. Per rule the national version and each override the user may see, with where
 * it applies; a leader or administrator of a province, city or district overrides a rule for their
 * own jurisdiction only (and can retire that override).
 */
export default function RulesPage() {
  const t = useT();
  const [lang] = useLang();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const me = useMe().data;
  const myLevel = me ? ruleScopeLevel(me.regionCode) : null;
  const canSet = !!me && (me.role === 'admin' || me.role === 'leader') && !!myLevel;
  const [editing, setEditing] = useState<Rule | null>(null);
  const rules = useQuery({ queryKey: ['alarm-rules'], queryFn: () => api<Rule[]>('/alarm-rules') });
  const retire = async (r: Rule) => {
    try {
      await api(`/alarm-rules/${r.code}/override`, { method: 'DELETE' });
      message.success(t('rule.retired'));
      void qc.invalidateQueries({ queryKey: ['alarm-rules'] });
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  };
  const stats = useQuery({
    queryKey: ['alarms', 'stats'],
    queryFn: () => api<Static<typeof AlarmStats>>('/alarms/stats'),
  });
  const fp = new Map((stats.data?.falsePositive.byRule ?? []).map((r) => [r.ruleCode, r]));
  if (rules.error) return <ErrorState error={rules.error} onRetry={() => rules.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={t('rule.title')}
        sub={<Typography.Text type="secondary">{t('rule.sub')}</Typography.Text>}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('rule.scopeNote')}
      </Typography.Text>
      <Table<Rule>
        rowKey={(r) => `${r.code}@${r.scope.regionCode}`}
        rowClassName={(r) => (r.appliesToCaller ? 'rule-applies' : '')}
        onRow={(r) => ({ 'data-testid': `rule-${r.code}-${r.scope.regionCode || 'national'}` }) as never}
        size="middle"
        loading={rules.isLoading}
        dataSource={rules.data}
        pagination={false}
        scroll={{ x: 1400 }}
        columns={[
          {
            title: t('rule.col.code'),
            render: (_, r) => (
              <Flex vertical>
                <Typography.Text strong>{lang === 'zh' ? r.name.zh : r.name.en}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.code} · {typeLabel(t, r.alarmType)}
                </Typography.Text>
              </Flex>
            ),
          },
          { title: t('rule.col.version'), render: (_, r) => <Tag>v{r.version}</Tag>, width: 80 },
          {
            title: t('rule.col.scope'),
            width: 260,
            render: (_, r) => (
              <Flex vertical gap={4}>
                <Flex gap={4} wrap>
                  <ScopeTag scope={r.scope} />
                  {r.appliesToCaller && (
                    <Tag color="green" data-testid="rule-applies-here">
                      {t('rule.appliesHere')}
                    </Tag>
                  )}
                </Flex>
                {r.overriddenIn.length > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="rule-overridden-in">
                    {t('rule.overriddenIn', {
                      w: r.overriddenIn.map((o) => o.regionName ?? o.regionCode).join('、'),
                    })}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
          {
            title: t('os.filter.severity'),
            render: (_, r) => <SeverityTag severity={r.severity} />,
            width: 90,
          },
          {
            title: t('rule.col.trigger'),
            render: (_, r) => (
              <Typography.Text style={{ fontSize: 12 }}>{describeTrigger(r)}</Typography.Text>
            ),
          },
          {
            title: t('rule.col.crossCheck'),
            render: (_, r) =>
              r.crossCheck ? (
                <Tag color="purple">{tx(t, `os.cc.${r.crossCheck.kind}`, r.crossCheck.kind)}</Tag>
              ) : (
                '—'
              ),
            width: 170,
          },
          {
            title: t('rule.col.dedup'),
            render: (_, r) => `${r.dedupSeconds} s / ${r.cooldownSeconds} s`,
            width: 130,
          },
          {
            title: <Tooltip title={t('rate.rounding')}>{t('rule.col.fp')}</Tooltip>,
            width: 170,
            render: (_, r) => {
              const s = fp.get(r.code);
              return s ? rateText(s.falsePositive, s.real + s.falsePositive) : '—';
            },
          },
          {
            title: '',
            width: 80,
            render: (_, r) => (
              <Tag color={r.enabled ? 'green' : 'default'}>
                {r.enabled ? t('rule.enabled') : t('rule.disabled')}
              </Tag>
            ),
          },
          ...(canSet
            ? [
                {
                  title: '',
                  width: 150,
                  render: (_: unknown, r: Rule) =>
                    r.appliesToCaller ? (
                      <Flex gap={4} vertical>
                        <Button
                          size="small"
                          onClick={() => setEditing(r)}
                          data-testid={`rule-override-${r.code}`}
                        >
                          {r.scope.regionCode === me!.regionCode ? t('rule.editMine') : t('rule.override')}
                        </Button>
                        {r.scope.regionCode === me!.regionCode && r.scope.level !== 'national' && (
                          <Popconfirm title={t('rule.retireConfirm')} onConfirm={() => retire(r)}>
                            <Button size="small" danger type="link" data-testid={`rule-retire-${r.code}`}>
                              {t('rule.retire')}
                            </Button>
                          </Popconfirm>
                        )}
                      </Flex>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {editing && me && (
        <OverrideDialog
          rule={editing}
          scopeLabel={
            myLevel === 'national'
              ? t('rule.scope.national')
              : `${me.regionName ?? me.regionCode} · ${t(`rule.level.${myLevel ?? 'district'}`)}`
          }
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void qc.invalidateQueries({ queryKey: ['alarm-rules'] });
          }}
        />
      )}
    </Flex>
  );

  function describeTrigger(r: Rule): string {
    const tr = r.trigger as any;
    const m = tr.match;
    const op = (o: string) => ({ '>=': '≥', '<=': '≤' })[o] ?? o;
    const what = !m
      ? ''
      : m.event === 'reading'
        ? `${tx(t, `os.metric.${m.metric}`, m.metric)} ${op(m.op)} ${m.value}`
        : m.event === 'detection'
          ? `${m.types.map((x: string) => tx(t, `os.det.${x}`, x)).join('/')} ≥ ${Math.round(m.minConfidence * 100)}%`
          : `${m.event}${m.codes?.length ? ` ${m.codes.join(',')}` : ''}`;
    switch (tr.kind) {
      case 'threshold':
        return [
          what,
          t('rule.for', { s: tr.forSeconds }),
          tr.clearAt !== undefined ? t('rule.clear', { v: tr.clearAt }) : '',
        ]
          .filter(Boolean)
          .join(' · ');
      case 'repetition':
        return tr.count > 1 ? `${what} · ${t('rule.repeat', { n: tr.count, s: tr.withinSeconds })}` : what;
      case 'time_window':
        return `${what} · ${t('rule.outside', { w: tr.permitted.map((w: any) => `${w.from}–${w.to}`).join(', ') })}`;
      case 'offline':
        return t('rule.offline', { s: tr.afterSeconds });
      default:
        return '';
    }
  }
}

const RESPONSE_ONLY = [
  'code',
  'version',
  'active',
  'source',
  'createdAt',
  'createdBy',
  'scope',
  'overriddenIn',
  'appliesToCaller',
] as const;

/**
 * A new version of a rule for the user's own jurisdiction: the version in force there, with the
 * values an operations centre tunes (severity, on/off, limits, de-duplication) changed.
 */
function OverrideDialog({
  rule,
  scopeLabel,
  onClose,
  onSaved,
}: {
  rule: Rule;
  scopeLabel: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const tr = rule.trigger as any;
  const [form] = Form.useForm();
  const save = async () => {
    const v = await form.validateFields();
    const body: Record<string, any> = Object.fromEntries(
      Object.entries(rule).filter(([k]) => !(RESPONSE_ONLY as readonly string[]).includes(k)),
    );
    body.severity = v.severity;
    body.enabled = v.enabled;
    body.dedupSeconds = v.dedupSeconds;
    body.cooldownSeconds = v.cooldownSeconds;
    if (tr.kind === 'threshold') {
      body.trigger = { ...tr, match: { ...tr.match, value: v.value }, forSeconds: v.forSeconds };
      if (tr.clearAt !== undefined) body.trigger.clearAt = v.clearAt;
    } else if (tr.kind === 'repetition')
      body.trigger = { ...tr, count: v.count, withinSeconds: v.withinSeconds };
    else if (tr.kind === 'offline') body.trigger = { ...tr, afterSeconds: v.afterSeconds };
    setBusy(true);
    try {
      await api(`/alarm-rules/${rule.code}/versions`, { method: 'POST', body });
      message.success(t('rule.saved'));
      onSaved();
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('rule.overrideTitle', { name: rule.name.zh })}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okText={t('rule.saveOverride')}
      okButtonProps={{ 'data-testid': 'rule-override-save' } as never}
    >
      <Typography.Paragraph type="secondary">
        {t('rule.overrideNote', { where: scopeLabel })}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          severity: rule.severity,
          enabled: rule.enabled,
          dedupSeconds: rule.dedupSeconds,
          cooldownSeconds: rule.cooldownSeconds,
          value: tr.match?.value,
          forSeconds: tr.forSeconds,
          clearAt: tr.clearAt,
          count: tr.count,
          withinSeconds: tr.withinSeconds,
          afterSeconds: tr.afterSeconds,
        }}
      >
        <Form.Item name="severity" label={t('os.filter.severity')}>
          <Select
            data-testid="rule-severity"
            options={['info', 'low', 'medium', 'high', 'critical'].map((s) => ({
              value: s,
              label: tx(t, `os.sev.${s}`, s),
            }))}
          />
        </Form.Item>
        <Form.Item name="enabled" label={t('rule.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {tr.kind === 'threshold' && (
          <>
            <Form.Item name="value" label={t('rule.f.value')} rules={[{ required: true }]}>
              <InputNumber data-testid="rule-value" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="forSeconds" label={t('rule.f.forSeconds')} rules={[{ required: true }]}>
              <InputNumber min={0} style={{ width: 160 }} />
            </Form.Item>
            {tr.clearAt !== undefined && (
              <Form.Item name="clearAt" label={t('rule.f.clearAt')} rules={[{ required: true }]}>
                <InputNumber data-testid="rule-clear-at" style={{ width: 160 }} />
              </Form.Item>
            )}
          </>
        )}
        {tr.kind === 'repetition' && (
          <Flex gap={12}>
            <Form.Item name="count" label={t('rule.f.count')} rules={[{ required: true }]}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="withinSeconds" label={t('rule.f.withinSeconds')} rules={[{ required: true }]}>
              <InputNumber min={1} />
            </Form.Item>
          </Flex>
        )}
        {tr.kind === 'offline' && (
          <Form.Item name="afterSeconds" label={t('rule.f.afterSeconds')} rules={[{ required: true }]}>
            <InputNumber min={1} />
          </Form.Item>
        )}
        <Flex gap={12}>
          <Form.Item name="dedupSeconds" label={t('rule.f.dedup')} rules={[{ required: true }]}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="cooldownSeconds" label={t('rule.f.cooldown')} rules={[{ required: true }]}>
            <InputNumber min={0} />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}
