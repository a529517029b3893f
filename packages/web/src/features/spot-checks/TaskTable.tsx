import { Link, useNavigate } from 'react-router';
import { App, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { HIGH_RISK_REASON_NAMES, type SpotCheckTaskView } from '@redline/contracts';
import { api } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';

export const TASK_STATUS_COLOURS: Record<string, string> = {
  due: 'blue',
  in_progress: 'gold',
  done: 'green',
  overdue: 'red',
};

export function TaskTable({ tasks, mine }: { tasks: SpotCheckTaskView[]; mine?: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const start = useMutation({
    mutationFn: (id: string) =>
      api<{ inspectionId: string; created: boolean }>(`/spot-check-tasks/${id}/start`, { method: 'POST' }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['spot-check-tasks'] });
      navigate(`/inspections/${r.inspectionId}`);
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  return (
    <Table<SpotCheckTaskView>
      rowKey="id"
      size="small"
      data-testid={mine ? 'my-tasks-table' : 'tasks-table'}
      dataSource={tasks}
      pagination={mine ? { pageSize: 5, size: 'small', hideOnSinglePage: true } : false}
      scroll={{ x: 760 }}
      locale={{ emptyText: <Empty description={mine ? t('sc.mineEmpty') : t('sc.empty')} /> }}
      columns={[
        {
          title: t('sc.task.target'),
          key: 'target',
          render: (_, x) => (
            <Space direction="vertical" size={0}>
              <span>
                <Tag>{t(`sc.target.${x.targetKind}` as MessageKey)}</Tag>
                {x.targetName}
              </span>
              {mine && <Typography.Text type="secondary">{x.planTitle}</Typography.Text>}
            </Space>
          ),
        },
        {
          title: t('sc.task.basis'),
          key: 'basis',
          width: 200,
          render: (_, x) => (
            <Space size={4} wrap>
              <Tag color={x.basis === 'full_coverage' ? 'volcano' : 'default'}>
                {t(`sc.basis.${x.basis}` as MessageKey)}
              </Tag>
              {x.reasons.map((r) => (
                <Tag key={r} color="red">
                  {HIGH_RISK_REASON_NAMES[r]}
                </Tag>
              ))}
            </Space>
          ),
        },
        {
          title: t('sc.task.inspectors'),
          key: 'inspectors',
          width: 160,
          render: (_, x) => (
            <span data-testid="task-inspectors">{x.inspectors.map((i) => i.name).join('、')}</span>
          ),
        },
        { title: t('sc.task.due'), dataIndex: 'dueOn', width: 110 },
        {
          title: t('sc.task.status'),
          key: 'status',
          width: 170,
          render: (_, x) => (
            <Space size={4}>
              <Tag color={TASK_STATUS_COLOURS[x.status]}>{t(`sc.status.${x.status}` as MessageKey)}</Tag>
              {x.inspectionId ? (
                <Link to={`/inspections/${x.inspectionId}`}>{x.inspectionNumber ?? t('sc.open')}</Link>
              ) : mine ? (
                <Button
                  size="small"
                  type="primary"
                  loading={start.isPending}
                  onClick={() => start.mutate(x.id)}
                  data-testid="task-start"
                >
                  {t('sc.start')}
                </Button>
              ) : null}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** "My spot-check tasks" on the inspections page: the tasks drawn for the caller. */
export function MySpotCheckTasks() {
  const t = useT();
  const me = useCurrentUser();
  const officer = me.role === 'inspector' || me.role === 'leader' || me.role === 'admin';
  const tasks = useQuery({
    queryKey: ['spot-check-tasks', 'mine'],
    queryFn: () => api<{ items: SpotCheckTaskView[] }>('/spot-check-tasks/mine'),
    enabled: officer,
  });
  if (!officer || !tasks.data?.items.length) return null;
  return (
    <Card size="small" title={t('sc.mine')} style={{ marginBottom: 12 }} data-testid="my-spot-check-tasks">
      <TaskTable tasks={tasks.data.items} mine />
    </Card>
  );
}
