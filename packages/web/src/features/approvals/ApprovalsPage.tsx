import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Card, Checkbox, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Static } from '@sinclair/typebox';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  APPROVAL_KIND_CODES,
  APPROVAL_STATUS_CODES,
  type ApprovalListItem,
  type ApprovalView,
  type PageOf,
} from '@redline/contracts';
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
import { ApprovalStatusTag, fmtInstant } from './shared';

type Item = Static<typeof ApprovalListItem>;

/** 审批与意见: the approvals of the jurisdiction (or of the caller's projects), newest first. */
export default function ApprovalsPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const [open, setOpen] = useState(false);
  // an expert's own login sees only the approvals of their panels (and cannot look projects up)
  const expert = !!me.expertId;
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    kind: sp.get('kind') ?? undefined,
    status: sp.get('status') ?? undefined,
    projectId: sp.get('projectId') ?? undefined,
  };
  const list = useQuery({
    queryKey: ['approvals', query],
    queryFn: () => api<PageOf<Item>>('/approvals', { query }),
    placeholderData: keepPreviousData,
  });
  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <div data-testid="approvals-page">
      <PageHeader
        title={t(expert ? 'appr.myReviews' : 'appr.title')}
        sub={
          <Typography.Text type="secondary">{t(expert ? 'appr.myReviewsSub' : 'appr.sub')}</Typography.Text>
        }
        extra={
          me.role !== 'duty_officer' && me.role !== 'worker' ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setOpen(true)}
              data-testid="approval-new"
            >
              {t('appr.new')}
            </Button>
          ) : null
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8}>
          <Select
            allowClear
            placeholder={t('appr.kind')}
            style={{ width: 220 }}
            value={query.kind}
            onChange={(v) => set({ kind: v })}
            options={APPROVAL_KIND_CODES.map((k) => ({ value: k, label: t(`appr.kind.${k}` as MessageKey) }))}
          />
          <Select
            allowClear
            placeholder={t('appr.status')}
            style={{ width: 160 }}
            value={query.status}
            onChange={(v) => set({ status: v })}
            options={APPROVAL_STATUS_CODES.map((k) => ({
              value: k,
              label: t(`appr.status.${k}` as MessageKey),
            }))}
          />
          {!expert && (
            <RefSelect
              kind="projects"
              placeholder={t('appr.project')}
              style={{ width: 260 }}
              value={query.projectId ?? null}
              onChange={(v) => set({ projectId: v ?? undefined })}
            />
          )}
        </Flex>
      </Card>
      <Card size="small">
        <Table<Item>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t(expert ? 'appr.myReviewsEmpty' : 'appr.empty') }}
          scroll={{ x: 900 }}
          onRow={(r) => ({ onClick: () => navigate(`/approvals/${r.id}`), style: { cursor: 'pointer' } })}
          data-testid="approval-list"
          columns={[
            { title: t('appr.created'), render: (_, r) => fmtInstant(r.createdAt), width: 150 },
            { title: t('appr.project'), dataIndex: 'projectName', width: 200 },
            { title: t('appr.kind'), render: (_, r) => t(`appr.kind.${r.kind}` as MessageKey), width: 190 },
            {
              title: t('appr.name'),
              render: (_, r) => (
                <>
                  {r.title} {r.beyondScale && <Tag color="orange">{t('appr.beyondScale')}</Tag>}
                </>
              ),
            },
            {
              title: t('appr.status'),
              render: (_, r) => <ApprovalStatusTag status={r.status} />,
              width: 120,
            },
            { title: t('appr.step'), render: (_, r) => r.stepName ?? '—', width: 200 },
            {
              title: t('appr.due'),
              width: 130,
              render: (_, r) =>
                r.stepDueOn ? (
                  <>
                    {r.stepDueOn} {r.overdue && <Tag color="red">{t('appr.overdue')}</Tag>}
                  </>
                ) : (
                  '—'
                ),
            },
          ]}
        />
        <KeysetPager paging={paging} page={list.data} />
      </Card>
      <NewApprovalModal
        open={open}
        projectId={query.projectId}
        onClose={() => setOpen(false)}
        onDone={(id) => navigate(`/approvals/${id}`)}
      />
    </div>
  );
}

function NewApprovalModal(props: {
  open: boolean;
  projectId?: string;
  onClose: () => void;
  onDone: (id: string) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form);
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<ApprovalView>('/approvals', { method: 'POST', body }),
    onSuccess: (v) => {
      props.onClose();
      props.onDone(v.id);
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  return (
    <Modal
      open={props.open}
      title={t('appr.new')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'approval-create' } as never}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ projectId: props.projectId, kind: 'special_plan', beyondScale: false }}
        onFinish={(v) =>
          create.mutate({ ...v, beyondScale: v.kind === 'special_plan' ? !!v.beyondScale : undefined })
        }
      >
        <Form.Item name="projectId" label={t('appr.project')} rules={[{ required: true }]}>
          <RefSelect kind="projects" data-testid="approval-project" />
        </Form.Item>
        <Form.Item name="kind" label={t('appr.kind')} rules={[{ required: true }]}>
          <Select
            data-testid="approval-kind"
            options={APPROVAL_KIND_CODES.map((k) => ({ value: k, label: t(`appr.kind.${k}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('appr.name')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="approval-title" />
        </Form.Item>
        {kind === 'special_plan' && (
          <Form.Item name="beyondScale" valuePropName="checked" extra={t('appr.beyondScaleHelp')}>
            <Checkbox data-testid="approval-beyond">{t('appr.beyondScale')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
