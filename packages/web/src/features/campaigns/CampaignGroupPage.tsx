import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  List,
  Popconfirm,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccountabilitySummary, CampaignGroupView, GroupProblem, PageOf } from '@redline/contracts';
import { api, uploadFile } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { KeysetPager } from '../../components/KeysetPager';
import { PageSpin } from '../../app/AppLayout';
import { useCurrentUser } from '../../app/current-user';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { HazardGradeTag, HazardStatusTag, fmtDate, fmtTime } from '../hazards/shared';
import { ActionKindTag, ActionStatusTag, ProgressFigures } from './shared';
import { AccountabilityDrawer } from './AccountabilityDrawer';
import { GroupDrawer } from './CampaignPage';

interface GroupInspection {
  id: string;
  number: string;
  kind: string;
  status: string;
  targetName: string;
  enterpriseId: string | null;
  startedAt: string | null;
  hazardCount: number;
}

/** One group of a campaign: people, task book, targets, its inspections and problems; accountability from a problem. */
export default function CampaignGroupPage() {
  const { id = '' } = useParams();
  const t = useT();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [recording, setRecording] = useState<GroupProblem | null>(null);
  const [editing, setEditing] = useState(false);
  const q = useQuery({
    queryKey: ['campaign-group', id],
    queryFn: () => api<CampaignGroupView>(`/campaign-groups/${id}`),
  });
  const inspections = useQuery({
    queryKey: ['campaign-group-inspections', id],
    queryFn: () =>
      api<{ items: GroupInspection[]; truncated: boolean }>(`/campaign-groups/${id}/inspections`),
  });
  const actions = useQuery({
    queryKey: ['accountability', { groupId: id }],
    queryFn: () =>
      api<PageOf<AccountabilitySummary>>('/accountability-actions', { query: { groupId: id, pageSize: 50 } }),
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['campaign-group', id] });
    void qc.invalidateQueries({ queryKey: ['campaign-group-inspections', id] });
    void qc.invalidateQueries({ queryKey: ['campaign-group-problems', id] });
    void qc.invalidateQueries({ queryKey: ['accountability'] });
  };
  const close = useMutation({
    mutationFn: () => api<CampaignGroupView>(`/campaign-groups/${id}/close`, { method: 'POST', body: {} }),
    onSuccess: () => refresh(),
    onError: (e) => message.error(errorMessage(t, e)),
  });
  const link = useMutation({
    mutationFn: () => api<{ linked: number }>(`/campaign-groups/${id}/link-inspections`, { method: 'POST' }),
    onSuccess: (r) => {
      message.success(t('cg.linked', { n: r.linked }));
      refresh();
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!q.data) return <PageSpin />;
  const g = q.data;
  const manager = me.role === 'admin' || me.role === 'leader';
  const open = !g.closedAt;
  const canRecord = ['admin', 'leader', 'inspector'].includes(me.role);
  return (
    <div data-testid="campaign-group-page">
      <PageHeader
        title={
          <Space>
            {g.name}
            <Tag color={g.kind === 'supervision' ? 'geekblue' : 'cyan'}>
              {t(`gr.kind.${g.kind}` as MessageKey)}
            </Tag>
            {g.closedAt && <Tag>{t('cg.closed')}</Tag>}
          </Space>
        }
        sub={
          <Typography.Text type="secondary">
            {t('cg.campaign')}：<Link to={`/campaigns/${g.campaignId}`}>{g.campaignName}</Link> · {g.startsOn}{' '}
            ～ {g.endsOn}
          </Typography.Text>
        }
        extra={
          manager && open ? (
            <Space wrap>
              <Button onClick={() => setEditing(true)} data-testid="edit-group">
                {t('common.edit')}
              </Button>
              <Button
                onClick={() => link.mutate()}
                loading={link.isPending}
                title={t('cg.linkHelp')}
                data-testid="link-inspections"
              >
                {t('cg.link')}
              </Button>
              <Popconfirm title={t('cg.closeConfirm')} onConfirm={() => close.mutate()}>
                <Button loading={close.isPending} data-testid="close-group">
                  {t('cg.close')}
                </Button>
              </Popconfirm>
            </Space>
          ) : null
        }
      />
      <Flex vertical gap={12}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('cg.leader')}>{g.leader.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('cg.members')}>
              {g.members.map((m) => m.displayName).join('、') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('cp.assignedRegions')}>
              {g.assignedRegions.map((r) => r.name).join('、') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('cg.taskBook')}>
              <Space wrap>
                {g.taskBookFile ? (
                  <a
                    href={`/api/files/${g.taskBookFile.id}`}
                    target="_blank"
                    rel="noreferrer"
                    data-testid="task-book-file"
                  >
                    {g.taskBookFile.name}
                  </a>
                ) : (
                  <Typography.Text type="secondary">{t('cg.noTaskBook')}</Typography.Text>
                )}
                {manager && open && (
                  <Upload
                    showUploadList={false}
                    accept="application/pdf,image/*"
                    customRequest={({ file, onSuccess, onError }) => {
                      uploadFile(`/campaign-groups/${id}/task-book`, file as File)
                        .then((r) => {
                          onSuccess?.(r);
                          message.success(t('cg.uploaded'));
                          refresh();
                        })
                        .catch((e: unknown) => {
                          onError?.(e as Error);
                          message.error(errorMessage(t, e));
                        });
                    }}
                  >
                    <Button size="small" icon={<UploadOutlined />}>
                      {t('cg.uploadTaskBook')}
                    </Button>
                  </Upload>
                )}
              </Space>
            </Descriptions.Item>
            {g.tasks && <Descriptions.Item label={t('cg.tasks')}>{g.tasks}</Descriptions.Item>}
          </Descriptions>
        </Card>
        <ProgressFigures p={g.progress} testId="group-progress" />
        {g.targets.length > 0 && (
          <Card size="small" title={t('cg.targets')}>
            <List
              size="small"
              dataSource={g.targets}
              renderItem={(x) => (
                <List.Item>
                  <Space>
                    <Tag>{t(`in.target.${x.kind}` as MessageKey)}</Tag>
                    {x.name}
                  </Space>
                  {x.inspected ? (
                    <Tag color="green">{t('gr.inspected')}</Tag>
                  ) : (
                    <Tag>{t('gr.notInspected')}</Tag>
                  )}
                </List.Item>
              )}
            />
          </Card>
        )}
        <Problems groupId={id} canRecord={canRecord} onRecord={setRecording} />
        <Card size="small" title={t('cg.inspections')}>
          <Table<GroupInspection>
            rowKey="id"
            size="small"
            dataSource={inspections.data?.items}
            loading={inspections.isFetching}
            pagination={false}
            scroll={{ x: 640 }}
            columns={[
              {
                title: t('cg.number'),
                dataIndex: 'number',
                render: (v: string, r) => <Link to={`/inspections/${r.id}`}>{v}</Link>,
              },
              { title: t('cg.target'), dataIndex: 'targetName' },
              {
                title: t('cg.status'),
                dataIndex: 'status',
                width: 100,
                render: (s: string) => t(`in.status.${s}` as MessageKey),
              },
              { title: t('cg.hazards'), dataIndex: 'hazardCount', width: 80 },
              {
                title: t('cg.startedAt'),
                dataIndex: 'startedAt',
                width: 150,
                render: (v: string | null) => fmtTime(v),
              },
            ]}
          />
        </Card>
        <Card size="small" title={t('cg.accountability')}>
          <List
            size="small"
            data-testid="group-actions"
            dataSource={actions.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('ac.emptyFile')} /> }}
            renderItem={(a) => (
              <List.Item>
                <Space wrap>
                  <ActionKindTag kind={a.kind} />
                  <Link to={`/accountability/${a.id}`}>{a.title}</Link>
                  <Typography.Text type="secondary">{a.targetName}</Typography.Text>
                </Space>
                <Space>
                  <Typography.Text type="secondary">{a.deadline}</Typography.Text>
                  <ActionStatusTag status={a.status} overdue={a.overdue} />
                </Space>
              </List.Item>
            )}
          />
        </Card>
      </Flex>
      {editing && (
        <GroupDrawer
          campaign={{
            id: g.campaignId,
            regionCode: g.regionCode,
            startsOn: g.startsOn ?? '',
            endsOn: g.endsOn ?? '',
          }}
          group={g}
          onClose={() => setEditing(false)}
        />
      )}
      {recording && (
        <AccountabilityDrawer
          problem={recording}
          groupId={id}
          onClose={() => setRecording(null)}
          onDone={() => {
            setRecording(null);
            refresh();
          }}
        />
      )}
    </div>
  );
}

function Problems({
  groupId,
  canRecord,
  onRecord,
}: {
  groupId: string;
  canRecord: boolean;
  onRecord: (p: GroupProblem) => void;
}) {
  const t = useT();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    open: sp.get('open') === 'true' ? true : undefined,
    overdue: sp.get('overdue') === 'true' ? true : undefined,
  };
  const list = useQuery({
    queryKey: ['campaign-group-problems', groupId, query],
    queryFn: () => api<PageOf<GroupProblem>>(`/campaign-groups/${groupId}/problems`, { query }),
    placeholderData: keepPreviousData,
  });
  return (
    <Card
      size="small"
      title={t('cg.problems')}
      extra={
        <Space>
          <Switch
            size="small"
            checked={!!query.open}
            onChange={(v) => set({ open: v ? 'true' : undefined })}
          />
          {t('cg.onlyOpen')}
          <Switch
            size="small"
            checked={!!query.overdue}
            onChange={(v) => set({ overdue: v ? 'true' : undefined })}
          />
          {t('cg.onlyOverdue')}
        </Space>
      }
    >
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<GroupProblem>
          rowKey="id"
          size="small"
          data-testid="group-problems"
          loading={list.isFetching}
          dataSource={list.data?.items}
          pagination={false}
          scroll={{ x: 860 }}
          footer={() => <KeysetPager paging={paging} page={list.data} />}
          columns={[
            {
              title: t('cg.problem'),
              dataIndex: 'title',
              render: (v: string, p) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/hazards/${p.id}`}>{v}</Link>
                  <Space size={4}>
                    <HazardGradeTag grade={p.grade} />
                    {p.actionCount > 0 && (
                      <Tag color="purple">{t('cg.actionCount', { n: p.actionCount })}</Tag>
                    )}
                  </Space>
                </Space>
              ),
            },
            {
              title: t('cg.enterprise'),
              key: 'ent',
              render: (_, p) =>
                p.enterpriseId ? (
                  <Link to={`/supervision/enterprise/${p.enterpriseId}`}>{p.enterpriseName}</Link>
                ) : (
                  p.projectName
                ),
            },
            {
              title: t('cg.status'),
              dataIndex: 'status',
              width: 120,
              render: (s: string) => <HazardStatusTag status={s} />,
            },
            {
              title: t('cg.deadline'),
              key: 'deadline',
              width: 120,
              render: (_, p) => (
                <Space size={4}>
                  {fmtDate(p.deadline)}
                  {p.overdue && <Tag color="red">{t('ac.overdue')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('common.actions'),
              key: 'act',
              width: 110,
              render: (_, p) =>
                canRecord && p.status !== 'rejected' ? (
                  <Button size="small" onClick={() => onRecord(p)} data-testid="record-accountability">
                    {t('cg.record')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
    </Card>
  );
}
