import { Card, Col, Row, Statistic, Tag, Tooltip, Typography } from 'antd';
import type { CampaignProgress } from '@redline/contracts';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';

/** Tags and the progress figures shared by the campaign, group and accountability pages. */

const ACTION_COLOURS: Record<string, string> = {
  notification: 'blue',
  warning: 'orange',
  interview: 'purple',
  proposal: 'red',
};
export function ActionKindTag({ kind }: { kind: string }) {
  const t = useT();
  return <Tag color={ACTION_COLOURS[kind]}>{t(`ac.kind.${kind}` as MessageKey)}</Tag>;
}

const STATUS_COLOURS: Record<string, string> = { open: 'gold', followed_up: 'blue', closed: 'green' };
export function ActionStatusTag({ status, overdue }: { status: string; overdue?: boolean }) {
  const t = useT();
  return (
    <>
      <Tag color={STATUS_COLOURS[status]}>{t(`ac.status.${status}` as MessageKey)}</Tag>
      {overdue && <Tag color="red">{t('ac.overdue')}</Tag>}
    </>
  );
}

export function CampaignStatusTag({ status }: { status: string }) {
  const t = useT();
  return (
    <Tag color={status === 'open' ? 'processing' : 'default'}>{t(`cp.status.${status}` as MessageKey)}</Tag>
  );
}

/** "25.0 % (1 / 4)" — the rate rounded down by the server, with its counts; "—" when nothing counted. */
export const rateText = (percent: string | null, n: number, d: number) =>
  percent === null ? '—' : `${percent} % (${n} / ${d})`;

/** The progress figures of a group or a campaign as a row of numbers. */
export function ProgressFigures({ p, testId }: { p: CampaignProgress; testId?: string }) {
  const t = useT();
  const items: Array<{ key: string; label: MessageKey; value: string | number; danger?: boolean }> = [
    {
      key: 'coverage',
      label: 'pg.coverage',
      value: rateText(p.coveragePercent, p.assignedInspected, p.targetsAssigned),
    },
    { key: 'targets', label: 'pg.targetsInspected', value: p.targetsInspected },
    { key: 'inspections', label: 'pg.finished', value: `${p.inspectionsFinished} / ${p.inspections}` },
    { key: 'problems', label: 'pg.problems', value: p.problemsFound },
    {
      key: 'rectified',
      label: 'pg.rectifiedRate',
      value: rateText(p.rectifiedPercent, p.rectified, p.problemsFound),
    },
    { key: 'overdue', label: 'pg.overdue', value: p.overdue, danger: p.overdue > 0 },
  ];
  return (
    <Card size="small" data-testid={testId}>
      <Row gutter={[16, 12]}>
        {items.map((i) => (
          <Col key={i.key} xs={12} md={8} xl={4}>
            <Statistic
              title={
                i.label === 'pg.rectifiedRate' ? (
                  <Tooltip title={t('pg.rateNote')}>{t(i.label)}</Tooltip>
                ) : (
                  t(i.label)
                )
              }
              value={i.value}
              valueStyle={{ fontSize: 18, ...(i.danger ? { color: '#cf1322' } : {}) }}
              data-testid={`pg-${i.key}`}
            />
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('pg.rateNote')}
      </Typography.Text>
    </Card>
  );
}
