import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApprovalView, PageOf } from '@redline/contracts';
import { api, uploadFile } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { ApprovalStatusTag, fmtInstant, Hash } from './shared';
import { ProjectFileButtons } from './ProjectFileButtons';
import { PanelCard } from './PanelCard';
import { useCurrentUser } from '../../app/current-user';

type View = ApprovalView;
type Expert = { id: string; name: string; specialty: string; registerNo: string };

const ACTIONS_BY_STEP: Record<string, string[]> = {
  submit: ['submit'],
  review: ['review'],
  experts: ['expert_opinion', 'expert_conclusion'],
  record: ['record'],
};
const CONCLUSIONS: Record<string, string[]> = {
  review: ['pass', 'return', 'reject'],
  expert_opinion: ['pass', 'revise_and_pass', 'fail'],
  expert_conclusion: ['pass', 'revise_and_pass', 'fail'],
};

/** One approval: its steps, the materials with their SHA-256, every signed opinion and what it judged. */
export default function ApprovalDetailPage() {
  const { id } = useParams();
  const t = useT();
  const me = useCurrentUser();
  const q = useQuery({ queryKey: ['approval', id], queryFn: () => api<View>(`/approvals/${id}`) });
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!q.data) return <Card loading />;
  const v = q.data;
  const currentIndex = v.steps.findIndex((s) => s.current);
  return (
    <div data-testid="approval-page" data-status={v.status} data-step={v.stepCode ?? ''}>
      <PageHeader
        title={v.title}
        sub={
          <Space wrap>
            <Tag>{t(`appr.kind.${v.kind}` as MessageKey)}</Tag>
            {v.beyondScale && <Tag color="orange">{t('appr.beyondScale')}</Tag>}
            <ApprovalStatusTag status={v.status} />
            {/* an expert's own login sees this approval, not the project's other records */}
            {me.expertId ? (
              <Typography.Text>{v.projectName}</Typography.Text>
            ) : (
              <Link to={`/registry/projects/${v.projectId}`}>{v.projectName}</Link>
            )}
          </Space>
        }
        extra={me.expertId ? null : <ProjectFileButtons projectId={v.projectId} />}
      />
      <Flex vertical gap={16}>
        <Card size="small" title={t('appr.steps')}>
          <Steps
            size="small"
            current={v.status === 'open' ? currentIndex : v.steps.length}
            status={v.status === 'rejected' ? 'error' : undefined}
            items={v.steps.map((s) => ({
              title: s.nameZh,
              disabled: !s.applies,
              description: (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`appr.actor.${s.actor}` as MessageKey)} · {t('appr.limitDays', { n: s.limitDays })}
                  {!s.applies && ` · ${t('appr.skipped')}`}
                </Typography.Text>
              ),
            }))}
            data-testid="approval-steps"
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
            {t('appr.basis')}：{v.basis}
            {v.round > 0 && ` · ${t('appr.round', { n: v.round + 1 })}`}
            {v.stepDueOn && ` · ${t('appr.due')} ${v.stepDueOn}`}
            {v.overdue && <Tag color="red">{t('appr.overdue')}</Tag>}
          </Typography.Paragraph>
        </Card>
        <MaterialsCard v={v} />
        {(v.panel.length > 0 || v.may.assignExperts) && <PanelCard v={v} />}
        <SignCard v={v} />
        <OpinionsCard v={v} />
      </Flex>
    </div>
  );
}

function MaterialsCard({ v }: { v: View }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [isPublic, setPublic] = useState(false);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File, replaces?: string) => {
    setBusy(true);
    try {
      const qs = new URLSearchParams();
      if (isPublic) qs.set('public', 'true');
      if (replaces) qs.set('replaces', replaces);
      const res = await uploadFile<View>(`/approvals/${v.id}/materials${qs.size ? `?${qs}` : ''}`, file);
      qc.setQueryData(['approval', v.id], res);
      message.success(t('appr.uploaded'));
    } catch (e) {
      message.error(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('appr.materials')}
      extra={
        v.may.addMaterial && (
          <Space>
            <Checkbox
              checked={isPublic}
              onChange={(e) => setPublic(e.target.checked)}
              data-testid="material-public"
            >
              {t('appr.uploadPublic')}
            </Checkbox>
            <Upload
              showUploadList={false}
              accept=".pdf,image/*"
              beforeUpload={(f) => {
                void upload(f);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={busy} data-testid="material-upload">
                {t('appr.upload')}
              </Button>
            </Upload>
          </Space>
        )
      }
    >
      <Descriptions
        size="small"
        items={[
          {
            key: 'hash',
            label: t('appr.materialsHash'),
            children: <Hash value={v.materialsHash} len={24} testId="materials-hash" />,
          },
        ]}
      />
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={v.materials}
        data-testid="material-list"
        rowClassName={(m) => (m.current ? '' : 'row-muted')}
        columns={[
          {
            title: t('appr.materialName'),
            render: (_, m) => (
              <a href={`/api/files/${m.fileId}`} target="_blank" rel="noreferrer">
                {m.name}
              </a>
            ),
          },
          { title: t('appr.sha256'), render: (_, m) => <Hash value={m.sha256} len={16} />, width: 200 },
          {
            title: t('appr.status'),
            width: 150,
            render: (_, m) => (
              <Space size={4}>
                {m.current ? <Tag color="blue">{t('appr.current')}</Tag> : <Tag>{t('appr.replaced')}</Tag>}
                {m.public && <Tag color="green">{t('appr.public')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('appr.addedBy'),
            render: (_, m) => `${m.addedByName} ${fmtInstant(m.addedAt)}`,
            width: 230,
          },
          {
            title: '',
            width: 90,
            render: (_, m) =>
              v.may.addMaterial && m.current ? (
                <Upload
                  showUploadList={false}
                  accept=".pdf,image/*"
                  beforeUpload={(f) => {
                    void upload(f, m.id);
                    return false;
                  }}
                >
                  <Button size="small" data-testid={`material-replace-${m.name}`}>
                    {t('appr.replace')}
                  </Button>
                </Upload>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

function SignCard({ v }: { v: View }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const step = v.steps.find((s) => s.current);
  // an expert's own login signs only their own opinion, as themselves
  const ownExpert = v.signAsExpert ? v.panel.find((p) => p.expertId === v.signAsExpert) : undefined;
  const actions = step ? (v.signAsExpert ? ['expert_opinion'] : ACTIONS_BY_STEP[step.type]) : [];
  const action: string = Form.useWatch('action', form) ?? actions[0];
  const experts = useQuery({
    queryKey: ['experts'],
    queryFn: () => api<PageOf<Expert>>('/experts', { query: { pageSize: 200 } }),
    enabled: step?.type === 'experts' && v.may.act && !v.signAsExpert,
  });
  const sign = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<View>(`/approvals/${v.id}/actions`, { method: 'POST', body }),
    onSuccess: (res) => {
      qc.setQueryData(['approval', v.id], res);
      form.resetFields(['opinion', 'expertId', 'conclusion']);
      message.success(t('appr.signed'));
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  if (v.status !== 'open') return <Alert type="success" showIcon message={t('appr.closed')} />;
  if (!v.may.act)
    return <Alert type="info" showIcon message={t('appr.notYourStep')} data-testid="not-your-step" />;
  if (!v.materialsHash) return <Alert type="warning" showIcon message={t('appr.needMaterials')} />;
  const conclusions = CONCLUSIONS[action] ?? [];
  return (
    <Card size="small" title={`${t('appr.signTitle')}：${step?.nameZh ?? ''}`} data-testid="sign-card">
      <Typography.Paragraph type="secondary">
        {t('appr.signHint', { hash: v.materialsHash.slice(0, 16) + '…' })}
        {step?.type === 'experts' && (
          <>
            {' '}
            <Tag
              color={v.expertOpinionsOnCurrentSet >= v.minExperts ? 'green' : 'orange'}
              data-testid="expert-count"
            >
              {t('appr.expertCount', { n: v.expertOpinionsOnCurrentSet, min: v.minExperts })}
            </Tag>
          </>
        )}
      </Typography.Paragraph>
      {v.signAsExpert && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="sign-as-expert"
          message={t('appr.signAs', { name: ownExpert?.name ?? '' })}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ action: actions[0] }}
        onFinish={(f) =>
          sign.mutate({
            action: f.action,
            opinion: f.opinion,
            conclusion: conclusions.length ? f.conclusion : undefined,
            expertId: f.action === 'expert_opinion' && !v.signAsExpert ? f.expertId : undefined,
            materialsHash: v.materialsHash,
          })
        }
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="action"
            label={t('appr.action')}
            style={{ minWidth: 200 }}
            hidden={!!v.signAsExpert}
          >
            <Select
              data-testid="sign-action"
              options={actions.map((a) => ({ value: a, label: t(`appr.action.${a}` as MessageKey) }))}
            />
          </Form.Item>
          {action === 'expert_opinion' && !v.signAsExpert && (
            <Form.Item
              name="expertId"
              label={t('appr.expert')}
              rules={[{ required: true }]}
              style={{ minWidth: 240 }}
            >
              <Select
                showSearch
                optionFilterProp="label"
                data-testid="sign-expert"
                loading={experts.isFetching}
                options={(experts.data?.items ?? []).map((x) => ({
                  value: x.id,
                  label: `${x.name}（${x.specialty || '—'} ${x.registerNo}）`,
                }))}
              />
            </Form.Item>
          )}
          {conclusions.length > 0 && (
            <Form.Item
              name="conclusion"
              label={t('appr.conclusion')}
              rules={[{ required: true }]}
              style={{ minWidth: 180 }}
            >
              <Select
                data-testid="sign-conclusion"
                options={conclusions.map((c) => ({ value: c, label: t(`appr.concl.${c}` as MessageKey) }))}
              />
            </Form.Item>
          )}
        </Flex>
        <Form.Item name="opinion" label={t('appr.opinion')} rules={[{ required: true, max: 4000 }]}>
          <Input.TextArea rows={3} data-testid="sign-opinion" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={sign.isPending} data-testid="sign-submit">
          {t('appr.sign')}
        </Button>
      </Form>
    </Card>
  );
}

function OpinionsCard({ v }: { v: View }) {
  const t = useT();
  const stepName = (code: string) => v.steps.find((s) => s.code === code)?.nameZh ?? code;
  return (
    <Card size="small" title={t('appr.opinions')}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...v.opinions].reverse()}
        scroll={{ x: 1100 }}
        data-testid="opinion-list"
        onRow={(o) => ({ 'data-current': String(o.judgedCurrentSet), 'data-kind': o.kind }) as never}
        columns={[
          { title: t('appr.signedAt'), render: (_, o) => fmtInstant(o.signedAt), width: 140 },
          {
            title: t('appr.steps'),
            width: 190,
            render: (_, o) => (
              <>
                {stepName(o.stepCode)}
                {o.round > 0 && <Tag style={{ marginLeft: 4 }}>{t('appr.round', { n: o.round + 1 })}</Tag>}
              </>
            ),
          },
          {
            title: t('appr.signer'),
            width: 200,
            render: (_, o) =>
              o.expertName ? (
                <>
                  {t('appr.expert')} <b>{o.expertName}</b>
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                    {o.actorName}
                  </Typography.Text>
                </>
              ) : (
                <>
                  {o.actorName}
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                    {t(`appr.actor.${o.actingAs}` as MessageKey)}
                  </Typography.Text>
                </>
              ),
          },
          {
            title: t('appr.conclusion'),
            width: 110,
            render: (_, o) =>
              o.conclusion
                ? t(`appr.concl.${o.conclusion}` as MessageKey)
                : t(`appr.action.${o.kind}` as MessageKey),
          },
          { title: t('appr.opinion'), dataIndex: 'opinion' },
          {
            title: t('appr.judgedSet'),
            width: 220,
            render: (_, o) => (
              <Space direction="vertical" size={0}>
                <Hash value={o.materialsHash} len={12} />
                {o.judgedCurrentSet ? (
                  <Tag color="blue">{t('appr.judgedCurrent')}</Tag>
                ) : (
                  <Tag color="warning" data-testid="judged-earlier">
                    {t('appr.judgedEarlier')}
                  </Tag>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {o.materials.map((m) => m.name).join('、')}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('appr.audit'),
            width: 150,
            render: (_, o) =>
              o.audit ? (
                <Typography.Text style={{ fontSize: 12 }} title={o.audit.hash}>
                  {o.audit.chain}#{o.audit.seq}
                  <br />
                  <Typography.Text code>{o.audit.hash.slice(0, 10)}</Typography.Text>
                </Typography.Text>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
