import { isOfficer } from '@redline/domain';
import { Link, useNavigate } from 'react-router';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { KeysetPager } from '../../components/KeysetPager';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  List,
  Progress,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  INSPECTION_KINDS,
  INSPECTION_STATUSES,
  type InspectionListItem,
  type PageOf,
} from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { MySpotCheckTasks } from '../spot-checks/TaskTable';
import { QueryForm } from '../../components/QueryForm';
import { useTableToolbar } from '../../components/TableToolbar';
import type { ColumnsType } from 'antd/es/table';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { GradeBadge, InspectionStatusTag, KindTag } from './shared';

/** Inspections by jurisdiction, kind, status, inspector, target and date; a card list on phones. */
export default function InspectionsListPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    kind: sp.get('kind') ?? undefined,
    status: sp.get('status') ?? undefined,
    mine: sp.get('mine') === 'true' || undefined,
    from: sp.get('from') ?? undefined,
    to: sp.get('to') ?? undefined,
    q: sp.get('q') ?? undefined,
    targetId: sp.get('targetId') ?? undefined,
    inspectorId: sp.get('inspectorId') ?? undefined,
  };
  const list = useQuery({
    queryKey: ['inspections', query],
    queryFn: () => api<PageOf<InspectionListItem>>('/inspections', { query }),
    placeholderData: keepPreviousData,
  });
  const canCreate = isOfficer(me.role) || me.role === 'enterprise_manager';
  const progress = (r: InspectionListItem) =>
    r.progress.total ? Math.round((r.progress.done / r.progress.total) * 100) : 0;

  const columns: ColumnsType<InspectionListItem> = [
    {
      title: t('in.number'),
      dataIndex: 'number',
      render: (n, r) => <Link to={`/inspections/${r.id}`}>{n}</Link>,
    },
    { title: t('in.filterKind'), dataIndex: 'kind', render: (k) => <KindTag kind={k} /> },
    {
      key: 'target',
      title: t('in.target'),
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>{r.target.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`in.target.${r.target.kind}` as MessageKey)} · {r.regionName ?? r.regionCode}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'team', title: t('in.team'), render: (_, r) => r.members.map((m) => m.displayName).join('、') },
    {
      title: t('in.filterStatus'),
      dataIndex: 'status',
      render: (s) => <InspectionStatusTag status={s} />,
    },
    {
      key: 'progress',
      title: t('in.progress'),
      render: (_, r) => (
        <Progress
          percent={progress(r)}
          size="small"
          style={{ width: 110 }}
          aria-label={t('in.progress')}
          format={() => t('in.progressOf', { done: r.progress.done, total: r.progress.total })}
        />
      ),
    },
    { key: 'score', title: t('in.score'), render: (_, r) => <GradeBadge grade={r.grade} total={r.total} /> },
    {
      title: t('in.hazards'),
      dataIndex: 'hazardCount',
      render: (n) => (n ? <Tag color="red">{n}</Tag> : '—'),
    },
    { key: 'planned', title: t('in.planned'), render: (_, r) => r.plannedOn ?? r.createdAt.slice(0, 10) },
  ];
  const tb = useTableToolbar('inspections', columns, {
    onRefresh: () => void list.refetch(),
    refreshing: list.isFetching,
  });

  return (
    <div data-testid="inspections-page">
      <PageHeader
        title={t('in.title')}
        sub={<Typography.Text type="secondary">{t('in.sub')}</Typography.Text>}
        extra={
          <Space wrap>
            {me.role !== 'enterprise_manager' && (
              <Button size="large" onClick={() => navigate('/inspections/groups')} data-testid="open-groups">
                {t('gr.open')}
              </Button>
            )}
            {canCreate && (
              <Button
                type="primary"
                size="large"
                icon={<PlusOutlined />}
                onClick={() => navigate('/inspections/new')}
                data-testid="new-inspection"
              >
                {t('in.new')}
              </Button>
            )}
          </Space>
        }
      />
      <MySpotCheckTasks />
      <QueryForm
        testId="inspection-query"
        values={{ q: query.q, kind: query.kind, status: query.status }}
        onQuery={(v) => set(v)}
      >
        <Form.Item name="q">
          <Input
            allowClear
            placeholder={t('in.searchPh')}
            aria-label={t('in.searchPh')}
            style={{ width: screens.md ? 240 : '100%' }}
            data-testid="list-search"
          />
        </Form.Item>
        <Form.Item name="kind">
          <Select
            allowClear
            placeholder={t('in.filterKind')}
            aria-label={t('in.filterKind')}
            style={{ width: 150 }}
            options={INSPECTION_KINDS.map((k) => ({ value: k, label: t(`in.kind.${k}` as MessageKey) }))}
            data-testid="filter-kind"
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('in.filterStatus')}
            aria-label={t('in.filterStatus')}
            style={{ width: 130 }}
            options={INSPECTION_STATUSES.map((x) => ({ value: x, label: t(`in.status.${x}` as MessageKey) }))}
            data-testid="filter-status"
          />
        </Form.Item>
      </QueryForm>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} align="center">
          <DatePicker.RangePicker
            style={{ width: screens.md ? 260 : '100%' }}
            value={query.from ? [dayjs(query.from), query.to ? dayjs(query.to) : null] : null}
            onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          />
          <Space>
            <Switch
              checked={!!query.mine}
              onChange={(v) => set({ mine: v ? 'true' : undefined })}
              aria-label={t('in.mine')}
              data-testid="filter-mine"
            />
            {t('in.mine')}
          </Space>
        </Flex>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : screens.md ? (
        <div ref={tb.ref} className="table-box">
          {tb.toolbar}
          <Table<InspectionListItem>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('in.empty')} /> }}
            pagination={false}
            footer={() => <KeysetPager paging={paging} page={list.data} />}
            onRow={(r) => ({ onClick: () => navigate(`/inspections/${r.id}`), style: { cursor: 'pointer' } })}
            columns={tb.columns}
            size={tb.size}
          />
        </div>
      ) : (
        <List
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('in.empty')} /> }}
          pagination={false}
          footer={<KeysetPager paging={paging} page={list.data} />}
          renderItem={(r) => (
            <Card
              size="small"
              style={{ marginBottom: 8 }}
              onClick={() => navigate(`/inspections/${r.id}`)}
              data-testid={`inspection-card-${r.number}`}
            >
              <Flex justify="space-between" align="start" gap={8}>
                <Space direction="vertical" size={2} style={{ minWidth: 0 }}>
                  <Typography.Text strong>{r.target.name}</Typography.Text>
                  <Space size={4} wrap>
                    <KindTag kind={r.kind} />
                    <InspectionStatusTag status={r.status} />
                    <GradeBadge grade={r.grade} total={r.total} />
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.number} · {r.members.map((m) => m.displayName).join('、')}
                  </Typography.Text>
                </Space>
                <Progress type="circle" size={48} percent={progress(r)} aria-label={t('in.progress')} />
              </Flex>
            </Card>
          )}
        />
      )}
    </div>
  );
}
