import { isRegulator } from '@redline/domain';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { KeysetPager } from '../../components/KeysetPager';
import {
  App as AntApp,
  Alert,
  Button,
  Card,
  Col,
  Dropdown,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  List,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { BarChartOutlined, DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DocumentView, HazardStats, HazardSummary, PageOf } from '@redline/contracts';
import type { ColumnsType } from 'antd/es/table';
import { api, isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { QueryForm } from '../../components/QueryForm';
import { useTableToolbar } from '../../components/TableToolbar';
import { useExport, type ExportFormat } from '../../components/useExport';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtDate, fmtTime, HazardGradeTag, HazardStatusTag, OverdueTag } from './shared';
import { rateText } from '../../lib/rates';

const TABS = ['todo', 'overdue', 'submitted', 'listed', 'closed', 'all'] as const;
type Tab = (typeof TABS)[number];
const TAB_QUERY: Record<Tab, Record<string, string | boolean>> = {
  all: {},
  todo: { open: true },
  overdue: { overdue: true },
  submitted: { status: 'submitted' },
  listed: { listed: true },
  closed: { status: 'closed' },
};
const ORDERABLE = ['reported', 'confirmed'];

/** The rectification work list: what is open, overdue, waiting for review or listed; select hazards to order their rectification. */
export default function HazardsPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [sp, set] = useUrlFilters();
  const tab = (TABS as readonly string[]).includes(sp.get('tab') ?? '') ? (sp.get('tab') as Tab) : 'todo';
  const paging = useKeysetPaging(sp, set);
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    q: sp.get('q') ?? undefined,
    grade: sp.get('grade') ?? undefined,
    inspectionId: sp.get('inspectionId') ?? undefined,
    enterpriseId: sp.get('enterpriseId') ?? undefined,
    sort: tab === 'closed' || tab === 'all' ? 'updatedAt' : 'deadline',
    ...TAB_QUERY[tab],
  };
  const list = useQuery({
    queryKey: ['hazards', 'rectification', query],
    queryFn: () => api<PageOf<HazardSummary>>('/hazards/rectification', { query }),
    placeholderData: keepPreviousData,
  });
  const stats = useQuery({
    queryKey: ['hazards', 'stats', 'total'],
    queryFn: () => api<HazardStats>('/hazards/stats'),
  });
  const [selected, setSelected] = useState<string[]>([]);
  const [ordering, setOrdering] = useState(false);
  const { exporting, exportFile } = useExport((e) => {
    if (!isApiError(e) || e.code !== 'EXPORT_TOO_LARGE') return undefined;
    const details = e.details as { total?: number; limit?: number } | undefined;
    return t('hz.export.tooMany', { total: details?.total, limit: details?.limit });
  });
  const canOrder = isRegulator(me.role);
  const enterprise = me.role === 'enterprise_manager';

  async function order() {
    setOrdering(true);
    try {
      const doc = await api<DocumentView>('/documents', {
        method: 'POST',
        body: { kind: 'rectification_order', hazardIds: selected },
      });
      navigate(`/documents/${doc.id}`);
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setOrdering(false);
    }
  }

  /** The whole filtered list (the filters on screen, not just this page) as CSV or Excel. */
  function exportAs(format: ExportFormat) {
    const { cursor: _cursor, pageSize: _pageSize, ...filters } = query;
    return exportFile('/hazards/export', filters, 'hazards', format);
  }

  const status = (r: HazardSummary) => (
    <Space size={4} wrap>
      <HazardStatusTag status={r.status} />
      {r.overdue && <OverdueTag days={r.overdueDays} />}
      {r.listed && <Tag color="volcano">{t('hz.listed')}</Tag>}
      {r.pendingExtension && <Tag color="geekblue">{t('hz.extensionPending')}</Tag>}
    </Space>
  );
  const party = (r: HazardSummary) => r.enterpriseName ?? r.projectName ?? '—';
  const total = stats.data?.total;
  const columns: ColumnsType<HazardSummary> = [
    {
      title: t('hz.col.title'),
      key: 'title',
      render: (_, r) => <Link to={`/hazards/${r.id}`}>{r.title}</Link>,
    },
    {
      title: t('hz.grade'),
      key: 'grade',
      width: 100,
      render: (_, r) => <HazardGradeTag grade={r.grade} />,
    },
    { title: t('hz.status'), key: 'status', width: 220, render: (_, r) => status(r) },
    ...(enterprise
      ? []
      : [{ title: t('hz.party'), key: 'party', render: (_: unknown, r: HazardSummary) => party(r) }]),
    { title: t('hz.deadline'), key: 'deadline', width: 150, render: (_, r) => fmtTime(r.deadline) },
    { title: t('hz.foundAt'), key: 'foundAt', width: 110, render: (_, r) => fmtDate(r.foundAt) },
  ];
  const tb = useTableToolbar('hazards', columns, {
    onRefresh: () => void list.refetch(),
    refreshing: list.isFetching,
  });

  return (
    <div data-testid="hazards-page">
      <PageHeader
        title={t('hz.title')}
        sub={
          <Typography.Text type="secondary">
            {enterprise ? t('hz.subEnterprise') : t('hz.sub')}
          </Typography.Text>
        }
        extra={
          <Space wrap>
            <Dropdown
              trigger={['click']}
              menu={{
                items: (['csv', 'xlsx'] as const).map((f) => ({
                  key: f,
                  label: t(`hz.export.${f}`),
                  onClick: () => exportAs(f),
                })),
              }}
            >
              <Button
                icon={<DownloadOutlined />}
                loading={exporting !== null}
                title={t('hz.export.hint')}
                data-testid="hazard-export"
              >
                {t('hz.export')}
              </Button>
            </Dropdown>
            <Link to="/hazards/stats">
              <Button icon={<BarChartOutlined />}>{t('nav.hazardStats')}</Button>
            </Link>
          </Space>
        }
      />
      {total && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="hazard-figures">
          <Col xs={12} md={6}>
            <Card size="small">
              <Tooltip title={t('rate.rounding')}>
                <Statistic
                  title={t('hz.stats.rate')}
                  value={rateText(total.closed, total.found)}
                  data-testid="rate"
                />
              </Tooltip>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('hz.stats.closed')} {total.closed} / {t('hz.stats.found')} {total.found}
              </Typography.Text>
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Tooltip title={t('rate.rounding')}>
                <Statistic title={t('hz.stats.onTime')} value={rateText(total.closedOnTime, total.found)} />
              </Tooltip>
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t('hz.stats.overdue')}
                value={total.overdue}
                valueStyle={{ color: total.overdue ? '#cf1322' : undefined }}
              />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t('hz.stats.majorOpen')}
                value={total.majorOpen}
                valueStyle={{ color: total.majorOpen ? '#d4380d' : undefined }}
              />
            </Card>
          </Col>
        </Row>
      )}
      <QueryForm
        testId="hazard-query"
        values={{ q: sp.get('q') ?? undefined, grade: sp.get('grade') ?? undefined }}
        onQuery={(v) => set(v)}
      >
        <Form.Item name="q" label={t('hz.col.title')}>
          <Input
            allowClear
            placeholder={t('hz.searchPh')}
            style={{ width: screens.md ? 240 : '100%' }}
            data-testid="list-search"
          />
        </Form.Item>
        <Form.Item name="grade" label={t('hz.grade')}>
          <Select
            allowClear
            placeholder={t('hz.grade')}
            style={{ width: 130 }}
            data-testid="hazard-grade-filter"
            options={['general', 'major'].map((g) => ({ value: g, label: t(`hz.grade.${g}` as MessageKey) }))}
          />
        </Form.Item>
      </QueryForm>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} align="center">
          <Segmented
            value={tab}
            onChange={(v) => set({ tab: String(v) })}
            options={TABS.map((k) => ({ value: k, label: t(`hz.tab.${k}` as MessageKey) }))}
            data-testid="hazard-tabs"
          />
        </Flex>
        {query.inspectionId && (
          <Tag closable onClose={() => set({ inspectionId: undefined })} style={{ marginTop: 8 }}>
            {t('hz.inspectionFilter', { id: query.inspectionId.slice(0, 8) })}
          </Tag>
        )}
      </Card>
      {canOrder && (
        <Alert
          style={{ marginBottom: 12 }}
          type={selected.length ? 'info' : 'success'}
          showIcon
          message={selected.length ? t('hz.orderSelected', { n: selected.length }) : t('hz.orderHint')}
          action={
            <Button
              type="primary"
              icon={<FileTextOutlined />}
              disabled={!selected.length}
              loading={ordering}
              onClick={order}
              data-testid="order-selected"
            >
              {t('hz.action.order_document')}
            </Button>
          }
        />
      )}
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : screens.md ? (
        <div ref={tb.ref} className="table-box">
          {tb.toolbar}
          <Table<HazardSummary>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items}
            locale={{
              emptyText: <Empty description={enterprise ? t('hz.emptyEnterprise') : t('hz.empty')} />,
            }}
            onRow={(r) => ({ 'data-testid': 'hazard-row', 'data-id': r.id }) as never}
            rowSelection={
              canOrder
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys as string[]),
                    getCheckboxProps: (r) =>
                      ({ disabled: !ORDERABLE.includes(r.status), 'data-testid': 'hazard-select' }) as never,
                    preserveSelectedRowKeys: true,
                  }
                : undefined
            }
            pagination={false}
            columns={tb.columns}
            size={tb.size}
          />
        </div>
      ) : (
        <List
          loading={list.isFetching}
          dataSource={list.data?.items}
          locale={{ emptyText: enterprise ? t('hz.emptyEnterprise') : t('hz.empty') }}
          renderItem={(r) => (
            <List.Item data-testid="hazard-row" data-id={r.id}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Link to={`/hazards/${r.id}`} style={{ fontSize: 16 }}>
                  {r.title}
                </Link>
                <Space size={4} wrap>
                  <HazardGradeTag grade={r.grade} />
                  {status(r)}
                </Space>
                <Typography.Text type="secondary">
                  {t('hz.deadline')}：{fmtTime(r.deadline)} · {party(r)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      {!list.error && <KeysetPager paging={paging} page={list.data} />}
    </div>
  );
}
