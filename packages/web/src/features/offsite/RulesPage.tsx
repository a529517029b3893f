import { Flex, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Static } from '@sinclair/typebox';
import type { AlarmRuleView, AlarmStats } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useLang, useT } from '../../i18n';
import { SeverityTag, tx, typeLabel } from './shared';
import { rateText } from '../../lib/rates';

type Rule = Static<typeof AlarmRuleView>;

/** The alarm rules in force, as data: trigger, registry cross-check, de-duplication, and how often each rule was wrong. */
export default function RulesPage() {
  const t = useT();
  const [lang] = useLang();
  const rules = useQuery({ queryKey: ['alarm-rules'], queryFn: () => api<Rule[]>('/alarm-rules') });
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
      <Table<Rule>
        rowKey="code"
        size="middle"
        loading={rules.isLoading}
        dataSource={rules.data}
        pagination={false}
        scroll={{ x: 1000 }}
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
        ]}
      />
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
