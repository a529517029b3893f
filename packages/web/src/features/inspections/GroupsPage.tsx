import { useState } from 'react';
import { Link } from 'react-router';
import {
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  List,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  GroupCandidate,
  InspectionGroupInput,
  InspectionGroupView,
  InspectionTargetKind,
  PageOf,
} from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { TARGET_PATHS } from './shared';

/** Supervision and inspection groups: the list with task-book progress, and a form to set one up. */
export default function GroupsPage() {
  const t = useT();
  const me = useCurrentUser();
  const [open, setOpen] = useState(false);
  const canCreate = me.role === 'admin' || me.role === 'leader';
  const list = useQuery({
    queryKey: ['inspection-groups'],
    queryFn: () => api<{ items: InspectionGroupView[] }>('/inspection-groups'),
  });
  return (
    <div data-testid="groups-page">
      <PageHeader
        title={t('gr.title')}
        sub={<Typography.Text type="secondary">{t('gr.sub')}</Typography.Text>}
        extra={
          canCreate ? (
            <Button
              type="primary"
              size="large"
              icon={<PlusOutlined />}
              onClick={() => setOpen(true)}
              data-testid="new-group"
            >
              {t('gr.new')}
            </Button>
          ) : null
        }
      />
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<InspectionGroupView>
          rowKey="id"
          data-testid="groups-table"
          loading={list.isFetching}
          dataSource={list.data?.items}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: <Empty description={t('gr.empty')} /> }}
          expandable={{ expandedRowRender: (g) => <TaskBook group={g} /> }}
          columns={[
            { title: t('gr.name'), dataIndex: 'name' },
            {
              title: t('gr.kind'),
              dataIndex: 'kind',
              width: 110,
              render: (k: string) => <Tag>{t(`gr.kind.${k}` as MessageKey)}</Tag>,
            },
            { title: t('gr.leader'), key: 'leader', width: 100, render: (_, g) => g.leader.displayName },
            {
              title: t('gr.members'),
              key: 'members',
              render: (_, g) => g.members.map((m) => m.displayName).join('、'),
            },
            {
              title: t('gr.targets'),
              key: 'progress',
              width: 130,
              render: (_, g) => (
                <span data-testid="group-progress">
                  {t('gr.progress', {
                    done: g.targets.filter((x) => x.inspected).length,
                    total: g.targets.length,
                  })}
                </span>
              ),
            },
            {
              title: t('gr.period'),
              key: 'period',
              width: 200,
              render: (_, g) => [g.startsOn, g.endsOn].filter(Boolean).join(' ～ '),
            },
          ]}
        />
      )}
      {open && <NewGroupDrawer onClose={() => setOpen(false)} />}
    </div>
  );
}

function TaskBook({ group }: { group: InspectionGroupView }) {
  const t = useT();
  return (
    <Flex vertical gap={8}>
      {group.tasks && <Typography.Paragraph style={{ margin: 0 }}>{group.tasks}</Typography.Paragraph>}
      <List
        size="small"
        dataSource={group.targets}
        renderItem={(x) => (
          <List.Item>
            <Space>
              <Tag>{t(`in.target.${x.kind}` as MessageKey)}</Tag>
              {x.name}
            </Space>
            {x.inspected ? (
              <Tag color="green">{t('gr.inspected')}</Tag>
            ) : (
              <Link to={`/inspections/new?targetKind=${x.kind}&targetId=${x.id}`}>
                {t('gr.notInspected')}
              </Link>
            )}
          </List.Item>
        )}
      />
      <Typography.Text type="secondary">{t('gr.inspections', { n: group.inspectionCount })}</Typography.Text>
    </Flex>
  );
}

interface FormValues {
  name: string;
  kind: 'supervision' | 'inspection';
  leaderId: string;
  memberIds?: string[];
  tasks?: string;
  period?: [Dayjs, Dayjs];
}

function NewGroupDrawer({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const screens = Grid.useBreakpoint();
  const [targets, setTargets] = useState<Array<{ kind: InspectionTargetKind; id: string; name: string }>>([]);
  const candidates = useQuery({
    queryKey: ['group-candidates'],
    queryFn: () => api<{ items: GroupCandidate[] }>('/inspection-groups/candidates'),
  });
  const people = (candidates.data?.items ?? []).map((c) => ({
    value: c.userId,
    label: `${c.displayName}${c.authorityName ? ` · ${c.authorityName}` : ''}`,
  }));
  const create = useMutation({
    mutationFn: (v: FormValues) => {
      const body: InspectionGroupInput = {
        name: v.name,
        kind: v.kind,
        leaderId: v.leaderId,
        memberIds: (v.memberIds ?? []).filter((m) => m !== v.leaderId),
        ...(v.tasks?.trim() && { tasks: v.tasks.trim() }),
        targets: targets.map(({ kind, id }) => ({ kind, id })),
        ...(v.period && {
          startsOn: v.period[0].format('YYYY-MM-DD'),
          endsOn: v.period[1].format('YYYY-MM-DD'),
        }),
      };
      return api<InspectionGroupView>('/inspection-groups', { method: 'POST', body });
    },
    onSuccess: (g) => {
      message.success(t('gr.created', { name: g.name }));
      void qc.invalidateQueries({ queryKey: ['inspection-groups'] });
      onClose();
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  const required = (field: MessageKey) => [
    { required: true, message: t('gr.required', { field: t(field) }) },
  ];
  return (
    <Drawer
      open
      title={t('gr.new')}
      size={screens.md ? 640 : '100%'}
      onClose={onClose}
      extra={
        <Button
          type="primary"
          loading={create.isPending}
          onClick={() => form.submit()}
          data-testid="group-submit"
        >
          {t('gr.create')}
        </Button>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'supervision' }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="name" label={t('gr.name')} rules={required('gr.name')}>
          <Input data-testid="group-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('gr.kind')}>
          <Segmented
            options={(['supervision', 'inspection'] as const).map((k) => ({
              value: k,
              label: t(`gr.kind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="leaderId" label={t('gr.leader')} rules={required('gr.leader')}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={people}
            loading={candidates.isLoading}
            data-testid="group-leader"
          />
        </Form.Item>
        <Form.Item name="memberIds" label={t('gr.members')}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={people}
            data-testid="group-members"
          />
        </Form.Item>
        <Form.Item name="tasks" label={t('gr.tasks')}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="group-tasks" />
        </Form.Item>
        <Form.Item name="period" label={t('gr.period')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Card size="small" title={t('gr.targets')}>
          <TargetPicker
            onAdd={(x) => setTargets((prev) => (prev.some((p) => p.id === x.id) ? prev : [...prev, x]))}
          />
          <List
            size="small"
            data-testid="group-targets"
            dataSource={targets}
            renderItem={(x) => (
              <List.Item
                actions={[
                  <Button
                    key="rm"
                    size="small"
                    type="link"
                    onClick={() => setTargets((prev) => prev.filter((p) => p.id !== x.id))}
                  >
                    ×
                  </Button>,
                ]}
              >
                <Space>
                  <Tag>{t(`in.target.${x.kind}` as MessageKey)}</Tag>
                  {x.name}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      </Form>
    </Drawer>
  );
}

export function TargetPicker({
  onAdd,
}: {
  onAdd: (x: { kind: InspectionTargetKind; id: string; name: string }) => void;
}) {
  const t = useT();
  const [kind, setKind] = useState<InspectionTargetKind>('project');
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<string | undefined>();
  const found = useQuery({
    queryKey: ['target-search', kind, search],
    queryFn: () =>
      api<PageOf<{ id: string; name: string }>>(`/${TARGET_PATHS[kind]}`, {
        query: { q: search, pageSize: 20 },
      }),
  });
  const options = (found.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }));
  return (
    <Flex gap={8} wrap style={{ marginBottom: 8 }}>
      <Select
        value={kind}
        style={{ width: 120 }}
        onChange={(k) => {
          setKind(k);
          setPicked(undefined);
        }}
        options={(Object.keys(TARGET_PATHS) as InspectionTargetKind[]).map((k) => ({
          value: k,
          label: t(`in.target.${k}`),
        }))}
      />
      <Select
        showSearch
        filterOption={false}
        onSearch={setSearch}
        value={picked}
        onChange={setPicked}
        options={options}
        placeholder={t('wz.searchTarget')}
        style={{ flex: 1, minWidth: 200 }}
        data-testid="group-target-search"
      />
      <Button
        disabled={!picked}
        data-testid="group-target-add"
        onClick={() => {
          const o = options.find((x) => x.value === picked);
          if (o) onAdd({ kind, id: o.value, name: o.label });
          setPicked(undefined);
        }}
      >
        {t('gr.addTarget')}
      </Button>
    </Flex>
  );
}
