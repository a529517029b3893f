import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  List,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CampaignGroupInput,
  CampaignGroupView,
  CampaignView,
  GroupCandidate,
  InspectionTargetKind,
} from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { RegionSelect } from '../../components/RegionSelect';
import { PageSpin } from '../../app/AppLayout';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { TargetPicker } from '../inspections/GroupsPage';
import { CampaignStatusTag, ProgressFigures, rateText } from './shared';

/** One campaign: its figures, its supervision and inspection groups with their progress, adding a group, closing. */
export default function CampaignPage() {
  const { id = '' } = useParams();
  const t = useT();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const q = useQuery({ queryKey: ['campaign', id], queryFn: () => api<CampaignView>(`/campaigns/${id}`) });
  const close = useMutation({
    mutationFn: () => api<CampaignView>(`/campaigns/${id}/close`, { method: 'POST', body: {} }),
    onSuccess: (c) => {
      qc.setQueryData(['campaign', id], c);
      message.success(t('cp.closed'));
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!q.data) return <PageSpin />;
  const c = q.data;
  const canEdit = (me.role === 'admin' || me.role === 'leader') && c.status === 'open';
  return (
    <div data-testid="campaign-page">
      <PageHeader
        title={
          <Space>
            {c.name}
            <CampaignStatusTag status={c.status} />
          </Space>
        }
        sub={
          <Typography.Text type="secondary">
            {t(`cp.kind.${c.kind}` as MessageKey)} · {c.regionName} · {c.startsOn} ～ {c.endsOn}
          </Typography.Text>
        }
        extra={
          canEdit ? (
            <Space wrap>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setAdding(true)}
                data-testid="add-group"
              >
                {t('cp.addGroup')}
              </Button>
              <Popconfirm title={t('cp.closeConfirm')} onConfirm={() => close.mutate()}>
                <Button loading={close.isPending} data-testid="close-campaign">
                  {t('cp.close')}
                </Button>
              </Popconfirm>
            </Space>
          ) : null
        }
      />
      <Flex vertical gap={12}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('cp.authority')}>{c.authorityName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('ac.title')}>
              <span data-testid="campaign-actions">{t('cp.actions', { n: c.accountabilityCount })}</span>
            </Descriptions.Item>
            {c.description && (
              <Descriptions.Item label={t('cp.description')}>{c.description}</Descriptions.Item>
            )}
          </Descriptions>
        </Card>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('cp.progress')}
        </Typography.Title>
        <ProgressFigures p={c.progress} testId="campaign-progress" />
        <Card size="small" title={t('cp.groups')}>
          <Table<CampaignGroupView>
            rowKey="id"
            data-testid="campaign-groups"
            dataSource={c.groups}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty description={t('cp.noGroups')} /> }}
            columns={[
              {
                title: t('gr.name'),
                dataIndex: 'name',
                render: (v: string, g) => (
                  <Space>
                    <Link to={`/campaign-groups/${g.id}`}>{v}</Link>
                    {g.closedAt && <Tag>{t('cg.closed')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('gr.kind'),
                dataIndex: 'kind',
                width: 90,
                render: (k: string) => (
                  <Tag color={k === 'supervision' ? 'geekblue' : 'cyan'}>
                    {t(`gr.kind.${k}` as MessageKey)}
                  </Tag>
                ),
              },
              { title: t('cg.leader'), key: 'leader', width: 90, render: (_, g) => g.leader.displayName },
              {
                title: t('pg.coverage'),
                key: 'coverage',
                width: 150,
                render: (_, g) =>
                  rateText(
                    g.progress.coveragePercent,
                    g.progress.assignedInspected,
                    g.progress.targetsAssigned,
                  ),
              },
              {
                title: t('pg.targetsInspected'),
                key: 'ti',
                width: 90,
                render: (_, g) => g.progress.targetsInspected,
              },
              { title: t('pg.problems'), key: 'pf', width: 90, render: (_, g) => g.progress.problemsFound },
              {
                title: t('pg.rectifiedRate'),
                key: 'rr',
                width: 150,
                render: (_, g) => (
                  <span data-testid="group-rectified">
                    {rateText(g.progress.rectifiedPercent, g.progress.rectified, g.progress.problemsFound)}
                  </span>
                ),
              },
              {
                title: t('pg.overdue'),
                key: 'od',
                width: 80,
                render: (_, g) => (g.progress.overdue ? <Tag color="red">{g.progress.overdue}</Tag> : 0),
              },
            ]}
          />
        </Card>
      </Flex>
      {adding && <GroupDrawer campaign={c} onClose={() => setAdding(false)} />}
    </div>
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

/** Adding a group to a campaign, or (with `group`) editing one: the same form, the same checks on the server. */
export function GroupDrawer({
  campaign,
  group,
  onClose,
}: {
  campaign: Pick<CampaignView, 'id' | 'regionCode' | 'startsOn' | 'endsOn'>;
  group?: CampaignGroupView;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  const [targets, setTargets] = useState<Array<{ kind: InspectionTargetKind; id: string; name: string }>>(
    (group?.targets ?? []).map((x) => ({ kind: x.kind as InspectionTargetKind, id: x.id, name: x.name })),
  );
  const [regions, setRegions] = useState<string[]>((group?.assignedRegions ?? []).map((r) => r.code));
  const [region, setRegion] = useState<string | undefined>();
  const candidates = useQuery({
    queryKey: ['group-candidates', campaign.regionCode],
    queryFn: () =>
      api<{ items: GroupCandidate[] }>('/inspection-groups/candidates', {
        query: { regionCode: campaign.regionCode },
      }),
  });
  const people = (candidates.data?.items ?? []).map((c) => ({
    value: c.userId,
    label: `${c.displayName}${c.authorityName ? ` · ${c.authorityName}` : ''}`,
  }));
  const add = useMutation({
    mutationFn: (v: FormValues) => {
      const body: CampaignGroupInput = {
        name: v.name,
        kind: v.kind,
        leaderId: v.leaderId,
        memberIds: (v.memberIds ?? []).filter((m) => m !== v.leaderId),
        assignedRegions: regions,
        targets: targets.map(({ kind, id }) => ({ kind, id })),
        ...(v.tasks?.trim() && { tasks: v.tasks.trim() }),
        ...(v.period && {
          startsOn: v.period[0].format('YYYY-MM-DD'),
          endsOn: v.period[1].format('YYYY-MM-DD'),
        }),
      };
      return group
        ? api<CampaignGroupView>(`/campaign-groups/${group.id}`, { method: 'PATCH', body })
        : api<CampaignGroupView>(`/campaigns/${campaign.id}/groups`, { method: 'POST', body });
    },
    onSuccess: (g) => {
      message.success(group ? t('common.saved') : t('cp.groupAdded', { name: g.name }));
      void qc.invalidateQueries({ queryKey: ['campaign', campaign.id] });
      if (group) qc.setQueryData(['campaign-group', group.id], g);
      onClose();
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  const required = (field: MessageKey) => [
    { required: true, message: t('cp.required', { field: t(field) }) },
  ];
  return (
    <Drawer
      open
      title={group ? `${t('common.edit')} · ${group.name}` : t('cp.addGroup')}
      size={screens.md ? 640 : '100%'}
      onClose={onClose}
      extra={
        <Button
          type="primary"
          loading={add.isPending}
          onClick={() => form.submit()}
          data-testid="group-submit"
        >
          {group ? t('common.save') : t('cp.create')}
        </Button>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={
          group
            ? {
                name: group.name,
                kind: group.kind as FormValues['kind'],
                leaderId: group.leader.userId,
                memberIds: group.members.map((m) => m.userId),
                tasks: group.tasks,
                period: [dayjs(group.startsOn ?? campaign.startsOn), dayjs(group.endsOn ?? campaign.endsOn)],
              }
            : { kind: 'supervision', period: [dayjs(campaign.startsOn), dayjs(campaign.endsOn)] }
        }
        onFinish={(v) => add.mutate(v)}
      >
        <Form.Item name="name" label={t('gr.name')} rules={required('gr.name')}>
          <Input maxLength={100} data-testid="group-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('gr.kind')}>
          <Segmented
            options={(['supervision', 'inspection'] as const).map((k) => ({
              value: k,
              label: t(`gr.kind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="leaderId" label={t('cg.leader')} rules={required('cg.leader')}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={people}
            loading={candidates.isLoading}
            data-testid="group-leader"
          />
        </Form.Item>
        <Form.Item name="memberIds" label={t('cg.members')}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={people}
            data-testid="group-members"
          />
        </Form.Item>
        <Form.Item name="period" label={t('cg.period')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="tasks" label={t('cg.tasks')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Card size="small" title={t('cp.assignedRegions')} style={{ marginBottom: 12 }}>
          <Flex gap={8} style={{ marginBottom: 8 }}>
            <RegionSelect value={region} onChange={setRegion} style={{ flex: 1 }} />
            <Button
              disabled={!region}
              onClick={() => {
                if (region && !regions.includes(region)) setRegions([...regions, region]);
                setRegion(undefined);
              }}
            >
              {t('cp.addRegion')}
            </Button>
          </Flex>
          <Space wrap>
            {regions.map((r) => (
              <Tag key={r} closable onClose={() => setRegions(regions.filter((x) => x !== r))}>
                {r}
              </Tag>
            ))}
          </Space>
        </Card>
        <Card size="small" title={t('gr.targets')}>
          <TargetPicker
            onAdd={(x) => setTargets((prev) => (prev.some((p) => p.id === x.id) ? prev : [...prev, x]))}
          />
          <List
            size="small"
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
