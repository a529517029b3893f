import { useState, type HTMLAttributes } from 'react';
import { Link, useParams } from 'react-router';
import {
  App as AntApp,
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { OFFICER_ROLES } from '@redline/domain';
import type { GradeView } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtDate, fmtTime } from '../hazards/shared';
import { GradeTag, JointPunishmentTag, type GradeLetter, type TargetKind } from './shared';

type Fact = NonNullable<GradeView['computed']>['facts'][number];

const factKey = (code: string) => `gr.f.${code}` as MessageKey;
const reasonKey = (code: string) => `gr.reason.${code}` as MessageKey;

/** The grade page of an enterprise or project: the grade in force and why, history, overrides, measures. */
export default function GradePage() {
  const t = useT();
  const me = useCurrentUser();
  const { kind, id } = useParams() as { kind: TargetKind; id: string };
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const view = useQuery({
    queryKey: ['grade', kind, id],
    queryFn: () => api<GradeView>(`/grades/${kind}/${id}`),
  });
  const refresh = (v: GradeView) => {
    qc.setQueryData(['grade', kind, id], v);
    void qc.invalidateQueries({ queryKey: ['grades'] });
    void qc.invalidateQueries({ queryKey: ['grade-badges'] });
  };
  const recompute = useMutation({
    mutationFn: () => api<GradeView>(`/grades/${kind}/${id}/recompute`, { method: 'POST' }),
    onSuccess: (v) => {
      refresh(v);
      message.success(t('gr.recomputed'));
    },
    onError: (e) => message.error((e as Error).message),
  });

  const registryPath = `/registry/${kind === 'enterprise' ? 'enterprises' : 'projects'}/${id}`;
  const crumbs = (
    <Breadcrumb
      style={{ marginBottom: 8 }}
      items={[
        { title: <Link to="/grades">{t('gr.list.title')}</Link> },
        { title: view.data ? <Link to={registryPath}>{view.data.targetName}</Link> : '…' },
      ]}
    />
  );
  if (view.isPending)
    return (
      <>
        {crumbs}
        <Card>
          <Skeleton active />
        </Card>
      </>
    );
  if (view.error || !view.data)
    return (
      <>
        {crumbs}
        <ErrorState error={view.error} onRetry={() => view.refetch()} />
      </>
    );
  const v = view.data;
  const c = v.computed;
  const canRecompute = (OFFICER_ROLES as readonly string[]).includes(me.role);

  return (
    <div data-testid="grade-page">
      {crumbs}
      <PageHeader
        testId="grade-header"
        title={t('gr.page.title', { name: v.targetName })}
        sub={
          <Typography.Text type="secondary">
            {t('gr.page.sub', {
              kind: t(kind === 'enterprise' ? 'gr.kind.enterprise' : 'gr.kind.project'),
              version: c?.modelVersion ?? v.model.version,
              months: v.model.windowMonths,
            })}
          </Typography.Text>
        }
        extra={
          canRecompute ? (
            <Button
              icon={<ReloadOutlined />}
              loading={recompute.isPending}
              onClick={() => recompute.mutate()}
              data-testid="grade-recompute"
            >
              {t('gr.recompute')}
            </Button>
          ) : null
        }
      />
      <Flex vertical gap={16}>
        <Card size="small" data-testid="grade-summary">
          <Flex gap={24} wrap align="center">
            <div style={{ fontSize: 28 }} data-testid="grade-in-force" data-grade={v.grade ?? ''}>
              <GradeTag grade={v.grade as GradeLetter | null} overridden={v.overridden} testId="grade-main" />
            </div>
            {c && (
              <Typography.Text>
                {t('gr.computedGrade', { grade: c.grade, total: c.total })}
                {' · '}
                {t('gr.computedAt')} {fmtTime(c.computedAt)}
              </Typography.Text>
            )}
            {v.jointPunishment.length > 0 && <JointPunishmentTag />}
          </Flex>
          {!c && <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('gr.ungradedHint')} />}
          {v.override && (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              showIcon
              data-testid="override-in-force"
              message={t('gr.override.current', {
                grade: v.override.grade,
                until: fmtTime(v.override.expiresAt),
                by: v.override.createdByName,
              })}
              description={v.override.reason}
            />
          )}
          {v.jointPunishment.map((j) => (
            <Alert
              key={j.recordId}
              style={{ marginTop: 12 }}
              type="error"
              showIcon
              message={
                <Link to={`/registry/enterprises/${j.enterpriseId}#credit-${j.recordId}`}>
                  {t('gr.joint.flag', { name: j.enterpriseName, until: j.plannedEndOn })}
                </Link>
              }
            />
          ))}
        </Card>

        {c && <WhyCard v={v} />}

        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <MeasuresCard v={v} />
          </Col>
          <Col xs={24} lg={12}>
            <HistoryCard v={v} />
          </Col>
        </Row>

        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <OverrideCard v={v} kind={kind} id={id} onDone={refresh} />
          </Col>
          <Col xs={24} lg={12}>
            <AwardsCard v={v} kind={kind} id={id} onDone={refresh} />
          </Col>
        </Row>
      </Flex>
    </div>
  );
}

function RecordLinks({ f }: { f: Fact }) {
  const t = useT();
  if (f.records.length === 0) return <>{t('gr.noRecords')}</>;
  return (
    <Space size={[4, 4]} wrap>
      {f.records.map((r) =>
        r.href.startsWith('/') ? (
          <Link key={r.id} to={r.href} data-testid="fact-record" data-kind={r.kind}>
            {r.label}
          </Link>
        ) : (
          <a key={r.id} href={r.href} data-testid="fact-record" data-kind={r.kind}>
            {r.label}
          </a>
        ),
      )}
      {f.recordsTruncated && <Typography.Text type="secondary">{t('gr.moreRecords')}</Typography.Text>}
    </Space>
  );
}

function WhyCard({ v }: { v: GradeView }) {
  const t = useT();
  const c = v.computed!;
  const rows = c.facts.filter((f) => f.count > 0 || f.code === 'risk_colour');
  const idle = c.facts.filter((f) => f.count === 0 && f.code !== 'risk_colour');
  return (
    <Card
      size="small"
      title={t('gr.why')}
      extra={<Typography.Text type="secondary">{t('gr.why.sub')}</Typography.Text>}
      data-testid="grade-why"
    >
      {c.forcedBy.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="grade-forced"
          message={c.forcedBy
            .map((code) => t(code === 'credit_listings' ? 'gr.forcedC' : 'gr.forcedC.accident'))
            .filter((m, i, all) => all.indexOf(m) === i)
            .join('；')}
        />
      )}
      <Table<Fact>
        size="small"
        rowKey="code"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={[...rows, ...idle]}
        onRow={(f) => ({ 'data-testid': `fact-${f.code}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'fact',
            title: t('gr.fact'),
            render: (_, f) =>
              f.code === 'risk_colour' && f.colour
                ? `${t('gr.f.risk_colour')}：${t(`gr.colour.${f.colour}` as MessageKey)}`
                : t(factKey(f.code)),
          },
          { key: 'count', title: t('gr.count'), align: 'right', render: (_, f) => f.count },
          { key: 'per', title: t('gr.perUnit'), align: 'right', render: (_, f) => signed(f.pointsPerUnit) },
          { key: 'cap', title: t('gr.cap'), align: 'right', render: (_, f) => f.cap },
          {
            key: 'points',
            title: t('gr.points'),
            align: 'right',
            render: (_, f) => (
              <Space size={4}>
                <Typography.Text strong={f.points !== 0} type={f.points < 0 ? 'danger' : undefined}>
                  {signed(f.points)}
                </Typography.Text>
                {f.capped && <Tag>{t('gr.capped')}</Tag>}
              </Space>
            ),
          },
          { key: 'records', title: t('gr.records'), render: (_, f) => <RecordLinks f={f} /> },
        ]}
        summary={() => (
          <>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('gr.base')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} colSpan={3} />
              <Table.Summary.Cell index={4} align="right">
                {c.base}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} />
            </Table.Summary.Row>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('gr.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} colSpan={3} />
              <Table.Summary.Cell index={4} align="right">
                <Typography.Text strong data-testid="grade-total">
                  {c.total}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5}>
                <GradeTag grade={c.grade as GradeLetter} testId="grade-computed" />
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </>
        )}
      />
      <Descriptions
        style={{ marginTop: 12 }}
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'th', label: t('gr.thresholds'), children: t('gr.thresholdsText', c.thresholds) },
          { key: 'mv', label: t('gr.modelVersion'), children: `v${c.modelVersion} · ${v.model.source}` },
          { key: 'w', label: t('gr.window'), children: `${fmtDate(c.windowFrom)} ~ ${fmtDate(c.windowTo)}` },
          { key: 'r', label: t('gr.reason'), children: t(reasonKey(c.reason)) },
        ]}
      />
      {c.modelVersion < 2 && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          message={t('gr.noAccidents')}
          data-testid="no-accidents"
        />
      )}
    </Card>
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function MeasuresCard({ v }: { v: GradeView }) {
  const t = useT();
  const f = v.measures.frequency;
  return (
    <Card size="small" title={t('gr.measures')} data-testid="grade-measures">
      <Typography.Paragraph>
        {t('gr.frequency', { months: f.everyMonths, n: f.perYear })}
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={v.measures.codes}
        renderItem={(code) => <List.Item>{t(`gr.m.${code}` as MessageKey)}</List.Item>}
      />
      {v.measures.awardFeeUpliftPercent !== null && (
        <Alert type="success" showIcon message={t('gr.feeUplift', { p: v.measures.awardFeeUpliftPercent })} />
      )}
    </Card>
  );
}

function HistoryCard({ v }: { v: GradeView }) {
  const t = useT();
  return (
    <Card size="small" title={t('gr.history')} data-testid="grade-history">
      <Table
        size="small"
        rowKey="id"
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        dataSource={v.history}
        columns={[
          { key: 'at', title: t('gr.computedAt'), render: (_, h) => fmtTime(h.computedAt) },
          {
            key: 'g',
            title: t('gr.col.grade'),
            render: (_, h) => <GradeTag grade={h.grade as GradeLetter} />,
          },
          { key: 'tot', title: t('gr.col.total'), align: 'right', render: (_, h) => h.total },
          { key: 'm', title: t('gr.col.model'), render: (_, h) => `v${h.modelVersion}` },
          { key: 'r', title: t('gr.reason'), render: (_, h) => t(reasonKey(h.reason)) },
        ]}
      />
    </Card>
  );
}

function OverrideCard(props: { v: GradeView; kind: TargetKind; id: string; onDone: (v: GradeView) => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const { v, kind, id } = props;
  const [form] = Form.useForm<{ grade: GradeLetter; reason: string; expiresOn: Dayjs }>();
  const save = useMutation({
    mutationFn: (body: { grade: GradeLetter; reason: string; expiresOn: string }) =>
      api<GradeView>(`/grades/${kind}/${id}/override`, { method: 'POST', body }),
    onSuccess: (res) => {
      props.onDone(res);
      form.resetFields();
      message.success(t('gr.override.done'));
    },
    onError: (e) => message.error((e as Error).message),
  });
  const revoke = useMutation({
    mutationFn: () => api<GradeView>(`/grades/${kind}/${id}/override`, { method: 'DELETE' }),
    onSuccess: (res) => {
      props.onDone(res);
      message.success(t('gr.override.revoked'));
    },
    onError: (e) => message.error((e as Error).message),
  });
  return (
    <Card size="small" title={t('gr.override')} data-testid="grade-override">
      {v.canOverride && (
        <>
          <Typography.Paragraph type="secondary">{t('gr.override.hint')}</Typography.Paragraph>
          <Form
            form={form}
            layout="vertical"
            onFinish={(x) =>
              save.mutate({ grade: x.grade, reason: x.reason, expiresOn: x.expiresOn.format('YYYY-MM-DD') })
            }
          >
            <Space wrap align="start">
              <Form.Item name="grade" label={t('gr.override.grade')} rules={[{ required: true }]}>
                <Select
                  style={{ width: 100 }}
                  data-testid="override-grade"
                  options={(['A', 'B', 'C'] as const).map((g) => ({ value: g, label: g }))}
                />
              </Form.Item>
              <Form.Item name="expiresOn" label={t('gr.override.expires')} rules={[{ required: true }]}>
                <DatePicker
                  data-testid="override-expires"
                  disabledDate={(d) =>
                    d.isBefore(dayjs().add(1, 'day'), 'day') || d.isAfter(dayjs().add(1, 'year'), 'day')
                  }
                />
              </Form.Item>
            </Space>
            <Form.Item name="reason" label={t('gr.override.reason')} rules={[{ required: true, min: 4 }]}>
              <Input.TextArea rows={2} maxLength={2000} data-testid="override-reason" />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="override-submit">
                {t('gr.override.submit')}
              </Button>
              {v.override && (
                <Button
                  danger
                  loading={revoke.isPending}
                  onClick={() => revoke.mutate()}
                  data-testid="override-revoke"
                >
                  {t('gr.override.revoke')}
                </Button>
              )}
            </Space>
          </Form>
        </>
      )}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('gr.override.history')}
      </Typography.Title>
      <List
        size="small"
        dataSource={v.overrides}
        locale={{ emptyText: '—' }}
        renderItem={(o) => (
          <List.Item>
            <Space wrap>
              <GradeTag grade={o.grade as GradeLetter} />
              <Tag color={o.inForce ? 'orange' : 'default'}>
                {o.inForce ? t('gr.override.inForce') : t('gr.override.ended')}
              </Tag>
              <span>{o.reason}</span>
              <Typography.Text type="secondary">
                {o.createdByName} · {fmtTime(o.createdAt)} → {fmtTime(o.revokedAt ?? o.expiresAt)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function AwardsCard(props: { v: GradeView; kind: TargetKind; id: string; onDone: (v: GradeView) => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const { v, kind, id } = props;
  const [form] = Form.useForm<{ title: string; awardedOn: Dayjs }>();
  const [open, setOpen] = useState(false);
  const save = useMutation({
    mutationFn: (body: { title: string; awardedOn: string }) =>
      api<GradeView>(`/grades/${kind}/${id}/awards`, { method: 'POST', body }),
    onSuccess: (res) => {
      props.onDone(res);
      form.resetFields();
      setOpen(false);
      message.success(t('gr.award.done'));
    },
    onError: (e) => message.error((e as Error).message),
  });
  return (
    <Card
      size="small"
      title={t('gr.awards')}
      data-testid="grade-awards"
      extra={
        v.canOverride && !open ? (
          <Button size="small" onClick={() => setOpen(true)}>
            {t('gr.award.add')}
          </Button>
        ) : null
      }
    >
      {open && (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 12, rowGap: 8 }}
          onFinish={(x) => save.mutate({ title: x.title, awardedOn: x.awardedOn.format('YYYY-MM-DD') })}
        >
          <Form.Item name="title" rules={[{ required: true }]}>
            <Input placeholder={t('gr.award.title')} maxLength={200} />
          </Form.Item>
          <Form.Item name="awardedOn" rules={[{ required: true }]}>
            <DatePicker placeholder={t('gr.award.on')} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Form>
      )}
      <List
        size="small"
        dataSource={v.awards}
        locale={{ emptyText: '—' }}
        renderItem={(a) => (
          <List.Item id={`award-${a.id}`}>
            <Space wrap>
              <span>{a.title}</span>
              <Typography.Text type="secondary">{a.awardedOn}</Typography.Text>
              {a.feeUpliftPercent !== null && (
                <Tag color="green">{t('gr.feeUplift', { p: a.feeUpliftPercent })}</Tag>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
