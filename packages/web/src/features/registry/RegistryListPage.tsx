import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, Empty, Flex, Form, Grid, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { DownloadOutlined, FileExcelOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { refLabel } from '../../components/RefSelect';
import { RegionSelect } from '../../components/RegionSelect';
import { QueryForm } from '../../components/QueryForm';
import { useTableToolbar } from '../../components/TableToolbar';
import { useExport, type ExportFormat } from '../../components/useExport';
import { canWrite, isRegistryKind } from '../../lib/roles';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { KeysetPager } from '../../components/KeysetPager';
import NotFoundPage from '../NotFoundPage';
import { ImportDialog } from './ImportDialog';
import { KINDS } from './kinds';
import { RecordFormDrawer } from './RecordFormDrawer';
import { detailPath } from './render';
import type { ContextParam, Ctx, KindConfig } from './types';
import { useCtx } from './useCtx';
import { GradeTag, JointPunishmentTag, gradePath, gradedKindOf, useGradeBadges } from '../grading/shared';

type Row = { id: string } & Record<string, any>;
const PAGE_SIZES = [10, 20, 50, 100];

export default function RegistryListPage() {
  const { kind } = useParams();
  if (!isRegistryKind(kind)) return <NotFoundPage />;
  return <RegistryList key={kind} config={KINDS[kind]} />;
}

/** "Limited to: enterprise X" — a parent record set by a link, removable. */
function ContextTag({
  def,
  id,
  ctx,
  onClear,
}: {
  def: ContextParam;
  id: string;
  ctx: Ctx;
  onClear: () => void;
}) {
  const { data } = useQuery({
    queryKey: [def.ref, id],
    queryFn: () => api<Row>(`/${def.ref}/${id}`),
    staleTime: 60_000,
  });
  return (
    <Tag
      closable
      onClose={(e) => {
        e.preventDefault();
        onClear();
      }}
      color="blue"
      data-testid={`context-${def.param}`}
      style={{ padding: '2px 8px' }}
    >
      {ctx.t('common.filteredBy')} {ctx.t(def.labelKey)}：
      {data ? <Link to={detailPath(def.ref, id)}>{refLabel(def.ref, data)}</Link> : '…'}
    </Tag>
  );
}

function RegistryList({ config }: { config: KindConfig }) {
  const ctx = useCtx();
  const { t } = ctx;
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  // any change but paging goes back to page 1; each change adds a history entry
  const [sp, update, setSp] = useUrlFilters({ push: true });
  const [drawer, setDrawer] = useState<{ open: boolean; defaults?: Record<string, unknown> }>({
    open: false,
  });
  const [importOpen, setImportOpen] = useState(false);
  const { exporting, exportFile } = useExport();
  const writable = canWrite(ctx.me, config.kind);

  const paging = useKeysetPaging(sp, update);
  const pageSize = PAGE_SIZES.includes(Number(sp.get('pageSize'))) ? Number(sp.get('pageSize')) : 20;
  const q = sp.get('q') ?? '';
  const sortKeys = config.columns.filter((c) => c.sortKey).map((c) => c.sortKey!);
  const sort = sortKeys.includes(sp.get('sort') ?? '') ? sp.get('sort')! : undefined;
  const order = sort ? (sp.get('order') === 'desc' ? 'desc' : 'asc') : undefined;
  const filterParams = useMemo(
    () => ['regionCode', ...config.filters.map((f) => f.param), ...config.contextParams.map((c) => c.param)],
    [config],
  );
  const filters = useMemo(() => {
    const f: Record<string, string> = {};
    for (const p of filterParams) {
      const v = sp.get(p);
      if (v) f[p] = v;
    }
    return f;
  }, [sp, filterParams]);
  const hasFilters = !!q || Object.keys(filters).length > 0;
  const apiQuery = { cursor: paging.cursor, pageSize, q: q || undefined, sort, order, ...filters };

  const list = useQuery({
    queryKey: [config.kind, 'list', apiQuery],
    queryFn: ({ signal }) => api<PageOf<Row>>(`/${config.kind}`, { query: apiQuery, signal }),
    placeholderData: keepPreviousData,
  });

  // `?new=1` (from a link on another page) opens the create form, with the parent as default
  useEffect(() => {
    if (sp.get('new') === '1') {
      if (writable) {
        const defaults: Record<string, unknown> = {};
        for (const c of config.contextParams)
          if (sp.get(c.param) && config.fields.some((f) => f.name === c.param))
            defaults[c.param] = sp.get(c.param);
        setDrawer({ open: true, defaults });
      }
      update({ new: undefined }, { keepPage: true });
    }
  }, [sp]);

  function clearFilters() {
    setSp((prev) => {
      const next = new URLSearchParams();
      for (const k of ['pageSize', 'sort', 'order']) if (prev.get(k)) next.set(k, prev.get(k)!);
      return next;
    });
  }

  const exportAs = (format: ExportFormat) =>
    exportFile(`/${config.kind}/export`, { q: q || undefined, sort, order, ...filters }, config.kind, format);

  const columns: ColumnsType<Row> = config.columns.map((c) => ({
    key: c.key,
    title: t(c.titleKey),
    sorter: c.sortKey ? true : undefined,
    sortOrder: c.sortKey && sort === c.sortKey ? (order === 'desc' ? 'descend' : 'ascend') : null,
    responsive: c.responsive,
    width: c.width,
    render: (_: unknown, row: Row) =>
      c.link ? (
        <Link to={detailPath(config.kind, row.id)} data-testid="row-link">
          {c.render(row, ctx)}
        </Link>
      ) : (
        c.render(row, ctx)
      ),
  }));

  // Grade and joint-punishment flag beside the name (issue 14), one request per page.
  const gradedKind = gradedKindOf(config.kind);
  const badges = useGradeBadges(
    gradedKind,
    list.data?.items.map((r) => r.id),
  );
  if (gradedKind)
    columns.splice(1, 0, {
      key: 'grade',
      title: t('gr.col.grade'),
      render: (_: unknown, row: Row) => {
        const b = badges.get(row.id);
        return (
          <Space size={4}>
            <GradeTag
              grade={b?.grade ?? null}
              overridden={b?.overridden}
              to={gradePath(gradedKind, row.id)}
            />
            {b?.jointPunishment && <JointPunishmentTag />}
          </Space>
        );
      },
    });

  const tb = useTableToolbar(`registry-${config.kind}`, columns, {
    onRefresh: () => void list.refetch(),
    refreshing: list.isFetching,
  });
  const kindName = t(config.sentenceKey);
  const empty = hasFilters ? (
    <Empty description={t('list.emptyFiltered')} data-testid="list-empty">
      <Button onClick={clearFilters}>{t('list.clearFilters')}</Button>
    </Empty>
  ) : writable ? (
    <Empty description={t('list.emptyCanCreate', { kind: kindName })} data-testid="list-empty">
      <Space wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true })}>
          {t('common.create')}
        </Button>
        <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
          {t('common.import')}
        </Button>
      </Space>
    </Empty>
  ) : (
    <Empty description={t('list.emptyReadOnly', { kind: kindName })} data-testid="list-empty" />
  );

  const actions = (
    <>
      {writable && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setDrawer({ open: true, defaults: {} })}
          data-testid="create-button"
        >
          {t('common.create')}
        </Button>
      )}
      {writable && (
        <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="import-button">
          {t('common.import')}
        </Button>
      )}
      <Button
        icon={<DownloadOutlined />}
        loading={exporting === 'csv'}
        onClick={() => exportAs('csv')}
        data-testid="export-csv"
      >
        {t('common.exportCsv')}
      </Button>
      <Button
        icon={<FileExcelOutlined />}
        loading={exporting === 'xlsx'}
        onClick={() => exportAs('xlsx')}
        data-testid="export-xlsx"
      >
        {t('common.exportXlsx')}
      </Button>
    </>
  );

  return (
    <div data-testid={`registry-list-${config.kind}`}>
      <PageHeader
        title={t(config.titleKey)}
        sub={
          list.data ? (
            <Typography.Text type="secondary" data-testid="list-total" data-total={list.data.total}>
              {t('common.total', { n: list.data.total })}
            </Typography.Text>
          ) : null
        }
        extra={actions}
      />

      <QueryForm
        testId="filter-bar"
        values={{
          q: q || undefined,
          regionCode: filters.regionCode,
          ...Object.fromEntries(config.filters.map((f) => [f.param, filters[f.param]])),
        }}
        onQuery={(v) => {
          // A filter that changed clears the filters that depend on it (e.g. a project of an enterprise).
          const cleared: Record<string, undefined> = {};
          for (const f of config.filters)
            if ((v[f.param] ?? undefined) !== (filters[f.param] ?? undefined))
              for (const c of f.clears ?? []) if (v[c] === filters[c]) cleared[c] = undefined;
          update({ ...v, ...cleared });
        }}
        onReset={clearFilters}
      >
        <Form.Item name="q">
          <Input
            allowClear
            placeholder={t(config.searchKey)}
            style={{ width: screens.md ? 260 : '100%' }}
            data-testid="list-search"
            aria-label={t(config.searchKey)}
          />
        </Form.Item>
        <Form.Item name="regionCode">
          <RegionSelect
            style={{ width: screens.md ? 200 : '100%' }}
            aria-label={t('list.regionPlaceholder')}
            data-testid="filter-region"
          />
        </Form.Item>
        {config.filters.map((f) => (
          <Form.Item name={f.param} key={f.param}>
            <Select
              placeholder={t(f.labelKey)}
              allowClear
              options={f.options(ctx, sp)}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: screens.md ? (f.width ?? 170) : '100%' }}
              popupMatchSelectWidth={false}
              data-testid={`filter-${f.param}`}
              aria-label={t(f.labelKey)}
            />
          </Form.Item>
        ))}
      </QueryForm>
      {config.contextParams.some((c) => filters[c.param]) && (
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          {config.contextParams
            .filter((c) => filters[c.param])
            .map((c) => (
              <ContextTag
                key={c.param}
                def={c}
                id={filters[c.param]}
                ctx={ctx}
                onClear={() => update({ [c.param]: undefined })}
              />
            ))}
        </Flex>
      )}

      {list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <div data-testid="list-table" ref={tb.ref} className="table-box">
          {tb.toolbar}
          <Table<Row>
            rowKey="id"
            columns={tb.columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            locale={{ emptyText: list.isPending ? ' ' : empty }}
            scroll={{ x: 'max-content' }}
            size={screens.md ? tb.size : 'small'}
            onRow={(row) => ({ onDoubleClick: () => navigate(detailPath(config.kind, row.id)) })}
            onChange={(_pagination, _filters, sorter, extra) => {
              if (extra.action === 'sort') {
                const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Row>;
                const col = config.columns.find((c) => c.key === s.columnKey);
                update(
                  s.order && col?.sortKey
                    ? { sort: col.sortKey, order: s.order === 'descend' ? 'desc' : 'asc' }
                    : { sort: undefined, order: undefined },
                );
              }
            }}
            pagination={false}
            footer={() => <KeysetPager paging={paging} page={list.data} />}
          />
        </div>
      )}

      <RecordFormDrawer
        config={config}
        open={drawer.open}
        defaults={drawer.defaults}
        onClose={() => setDrawer({ open: false })}
        onSaved={(saved) => {
          setDrawer({ open: false });
          if (saved?.id) navigate(detailPath(config.kind, saved.id));
        }}
      />
      <ImportDialog config={config} open={importOpen} onClose={() => setImportOpen(false)} />
    </div>
  );
}
