import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from '@sinclair/typebox';
import {
  AWARD_SCHEMES,
  AWARD_STATUS_CODES,
  type AwardView,
  type PageOf,
  type PublicAwardList,
} from '@redline/contracts';
import { OFFICER_ROLES } from '@redline/domain';
import { api } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { KeysetPager } from '../../components/KeysetPager';
import { RefSelect } from '../../components/RefSelect';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtInstant } from './shared';

type Award = Static<typeof AwardView>;
const STATUS_COLOUR: Record<string, string> = {
  applied: 'processing',
  evaluated: 'blue',
  awarded: 'success',
  declined: 'default',
};

/** 示范工程评选: applications and awards, scores by criterion, decisions, the fee uplift at settlement. */
export default function ModelProjectsPage() {
  const t = useT();
  const me = useCurrentUser();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const [applying, setApplying] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    status: sp.get('status') ?? undefined,
    scheme: sp.get('scheme') ?? undefined,
  };
  const list = useQuery({
    queryKey: ['model-projects', query],
    queryFn: () => api<PageOf<Award>>('/model-projects', { query }),
    placeholderData: keepPreviousData,
  });
  const pub = useQuery({
    queryKey: ['model-projects-public'],
    queryFn: () => api<Static<typeof PublicAwardList>>('/public/model-projects'),
  });
  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <div data-testid="model-projects-page">
      <PageHeader
        title={t('mp.title')}
        sub={<Typography.Text type="secondary">{t('mp.sub')}</Typography.Text>}
        extra={
          me.role === 'enterprise_manager' || OFFICER_ROLES.includes(me.role) ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setApplying(true)}
              data-testid="mp-apply"
            >
              {t('mp.apply')}
            </Button>
          ) : null
        }
      />
      <Tabs
        items={[
          {
            key: 'list',
            label: t('mp.title'),
            children: (
              <Card size="small">
                <Flex gap={8} wrap style={{ marginBottom: 12 }}>
                  <Select
                    allowClear
                    placeholder={t('mp.scheme')}
                    style={{ width: 240 }}
                    value={query.scheme}
                    onChange={(v) => set({ scheme: v })}
                    options={AWARD_SCHEMES.map((s) => ({
                      value: s,
                      label: t(`mp.scheme.${s}` as MessageKey),
                    }))}
                  />
                  <Select
                    allowClear
                    placeholder={t('mp.status')}
                    style={{ width: 160 }}
                    value={query.status}
                    onChange={(v) => set({ status: v })}
                    options={AWARD_STATUS_CODES.map((s) => ({
                      value: s,
                      label: t(`mp.status.${s}` as MessageKey),
                    }))}
                  />
                </Flex>
                <Table<Award>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  loading={list.isFetching}
                  dataSource={list.data?.items ?? []}
                  locale={{ emptyText: t('mp.empty') }}
                  onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
                  data-testid="mp-list"
                  columns={[
                    { title: t('appr.project'), dataIndex: 'projectName' },
                    {
                      title: t('mp.scheme'),
                      render: (_, r) => t(`mp.scheme.${r.scheme}` as MessageKey),
                      width: 220,
                    },
                    { title: t('mp.year'), dataIndex: 'year', width: 80 },
                    {
                      title: t('mp.status'),
                      render: (_, r) => (
                        <Tag color={STATUS_COLOUR[r.status]}>{t(`mp.status.${r.status}` as MessageKey)}</Tag>
                      ),
                      width: 100,
                    },
                    {
                      title: t('mp.score'),
                      render: (_, r) => (r.totalScore ? `${r.totalScore} / ${r.maxScore}` : '—'),
                      width: 120,
                    },
                    { title: t('mp.upliftYuan'), render: (_, r) => r.upliftYuan ?? '—', width: 180 },
                  ]}
                />
                <KeysetPager paging={paging} page={list.data} />
              </Card>
            ),
          },
          {
            key: 'public',
            label: t('mp.publicList'),
            children: (
              <Card size="small">
                <Table
                  rowKey={(r) => `${r.projectName}-${r.scheme}-${r.year}`}
                  size="small"
                  pagination={false}
                  dataSource={pub.data?.items ?? []}
                  columns={[
                    { title: t('appr.project'), dataIndex: 'projectName' },
                    { title: t('mp.scheme'), render: (_, r) => t(`mp.scheme.${r.scheme}` as MessageKey) },
                    { title: t('mp.year'), dataIndex: 'year' },
                    { title: t('mp.score'), render: (_, r) => r.totalScore ?? '—' },
                  ]}
                />
              </Card>
            ),
          },
        ]}
      />
      <ApplyModal open={applying} onClose={() => setApplying(false)} onDone={(id) => setOpenId(id)} />
      {openId && <AwardDrawer id={openId} onClose={() => setOpenId(null)} />}
    </div>
  );
}

function ApplyModal(props: { open: boolean; onClose: () => void; onDone: (id: string) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const apply = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Award>('/model-projects', { method: 'POST', body }),
    onSuccess: (v) => {
      void qc.invalidateQueries({ queryKey: ['model-projects'] });
      props.onClose();
      props.onDone(v.id);
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  return (
    <Modal
      open={props.open}
      title={t('mp.apply')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={apply.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ scheme: 'prairie_cup', year: new Date().getFullYear() }}
        onFinish={(v) => apply.mutate(v)}
      >
        <Form.Item name="projectId" label={t('appr.project')} rules={[{ required: true }]}>
          <RefSelect kind="projects" />
        </Form.Item>
        <Form.Item name="scheme" label={t('mp.scheme')} rules={[{ required: true }]}>
          <Select
            options={AWARD_SCHEMES.map((s) => ({ value: s, label: t(`mp.scheme.${s}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item name="year" label={t('mp.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} />
        </Form.Item>
        <Form.Item name="application" label={t('mp.application')} rules={[{ required: true, max: 4000 }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AwardDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const t = useT();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['model-project', id], queryFn: () => api<Award>(`/model-projects/${id}`) });
  const post = useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) =>
      api<Award>(`/model-projects/${id}/${path}`, { method: 'POST', body }),
    onSuccess: (v) => {
      qc.setQueryData(['model-project', id], v);
      void qc.invalidateQueries({ queryKey: ['model-projects'] });
      message.success(t('mp.saved'));
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  const w = q.data;
  const officer = OFFICER_ROLES.includes(me.role);
  const decider = me.role === 'admin' || me.role === 'leader';
  return (
    <Drawer open width={640} title={t('mp.detail')} onClose={onClose} data-testid="mp-drawer">
      {!w ? (
        <Card loading />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'p', label: t('appr.project'), children: w.projectName },
              {
                key: 's',
                label: t('mp.scheme'),
                children: `${t(`mp.scheme.${w.scheme}` as MessageKey)} ${w.year}`,
              },
              { key: 'st', label: t('mp.status'), children: t(`mp.status.${w.status}` as MessageKey) },
              {
                key: 'a',
                label: t('mp.application'),
                children: `${w.application}（${fmtInstant(w.appliedAt)}）`,
              },
              {
                key: 'sc',
                label: t('mp.score'),
                children: w.totalScore ? `${w.totalScore} / ${w.maxScore}` : '—',
              },
              { key: 'n', label: t('mp.note'), children: w.decisionNote ?? '—' },
              { key: 'u', label: t('mp.uplift'), children: `${w.feeUpliftPercent}%` },
              { key: 'o', label: t('mp.originalFee'), children: w.originalFeeYuan ?? '—' },
              { key: 'uy', label: t('mp.upliftYuan'), children: w.upliftYuan ?? '—' },
              { key: 'sf', label: t('mp.settledFee'), children: w.settledFeeYuan ?? '—' },
            ]}
          />
          {w.scores && (
            <Table
              size="small"
              rowKey="criterion"
              pagination={false}
              dataSource={w.scores}
              columns={[
                { title: t('mp.criterion'), dataIndex: 'criterion' },
                { title: t('mp.max'), dataIndex: 'max' },
                { title: t('mp.points'), dataIndex: 'score' },
              ]}
            />
          )}
          {officer && (w.status === 'applied' || w.status === 'evaluated') && (
            <Card size="small" title={t('mp.evaluate')}>
              <Form
                layout="vertical"
                initialValues={{ scores: w.scores ?? [{ criterion: '', max: 100, score: 0 }] }}
                onFinish={(v) => post.mutate({ path: 'evaluation', body: v })}
              >
                <Form.List name="scores">
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((f) => (
                        <Space key={f.key} align="baseline">
                          <Form.Item name={[f.name, 'criterion']} rules={[{ required: true }]}>
                            <Input placeholder={t('mp.criterion')} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'max']} rules={[{ required: true }]}>
                            <InputNumber placeholder={t('mp.max')} min={0.01} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'score']} rules={[{ required: true }]}>
                            <InputNumber placeholder={t('mp.points')} min={0} />
                          </Form.Item>
                          <MinusCircleOutlined onClick={() => remove(f.name)} />
                        </Space>
                      ))}
                      <Button
                        type="dashed"
                        onClick={() => add({ criterion: '', max: 10, score: 0 })}
                        icon={<PlusOutlined />}
                      >
                        {t('mp.addCriterion')}
                      </Button>
                    </>
                  )}
                </Form.List>
                <Button type="primary" htmlType="submit" style={{ marginTop: 12 }} loading={post.isPending}>
                  {t('mp.evaluate')}
                </Button>
              </Form>
            </Card>
          )}
          {decider && w.status === 'evaluated' && (
            <Card size="small" title={t('mp.decide')}>
              <Form
                layout="vertical"
                initialValues={{ feeUpliftPercent: 20, note: '' }}
                onFinish={(v) => post.mutate({ path: 'decision', body: v })}
              >
                <Form.Item name="award" label={t('mp.decide')} rules={[{ required: true }]}>
                  <Select
                    options={[
                      { value: true, label: t('mp.award') },
                      { value: false, label: t('mp.decline') },
                    ]}
                  />
                </Form.Item>
                <Form.Item name="feeUpliftPercent" label={t('mp.uplift')}>
                  <InputNumber min={0} max={100} />
                </Form.Item>
                <Form.Item name="note" label={t('mp.note')}>
                  <Input.TextArea rows={2} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={post.isPending}>
                  {t('mp.decide')}
                </Button>
              </Form>
            </Card>
          )}
          {officer && w.status === 'awarded' && (
            <Card size="small" title={t('mp.settle')}>
              <Form layout="inline" onFinish={(v) => post.mutate({ path: 'settlement', body: v })}>
                <Form.Item
                  name="originalFeeYuan"
                  label={t('mp.originalFee')}
                  rules={[{ required: true, pattern: /^\d{1,13}(\.\d{1,2})?$/ }]}
                >
                  <Input style={{ width: 160 }} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={post.isPending}>
                  {t('mp.settle')}
                </Button>
              </Form>
            </Card>
          )}
        </Flex>
      )}
    </Drawer>
  );
}
