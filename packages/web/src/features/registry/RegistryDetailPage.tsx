import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Flex, Grid, Row, Skeleton, Space } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { PageOf } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { GradingPanel } from '../grading/GradingPanel';
import { EquipmentFlags } from '../equipment-inspections/EquipmentFlags';
import { ProjectFileButtons } from '../approvals/ProjectFileButtons';
import { SimpleList } from '../../components/SimpleList';
import { canWrite, isRegistryKind, visibleKinds } from '../../lib/roles';
import NotFoundPage from '../NotFoundPage';
import { KINDS } from './kinds';
import { RecordFormDrawer } from './RecordFormDrawer';
import { detailPath } from './render';
import type { Ctx, KindConfig, RelatedDef } from './types';
import { useCtx } from './useCtx';
import { SiteReportingCard } from '../public-report/SiteReportingCard';

type Row = { id: string } & Record<string, any>;
const RELATED_PAGE = 5;

export default function RegistryDetailPage() {
  const { kind, id } = useParams();
  if (!isRegistryKind(kind) || !id) return <NotFoundPage />;
  return <RegistryDetail key={`${kind}/${id}`} config={KINDS[kind]} id={id} />;
}

/** Records of another kind that belong to this one (first few, with a link to the filtered list). */
function RelatedCard({ def, parentId, ctx }: { def: RelatedDef; parentId: string; ctx: Ctx }) {
  const cfg = KINDS[def.kind];
  const query = { [def.param]: parentId, pageSize: RELATED_PAGE };
  const list = useQuery({
    queryKey: [def.kind, 'list', query],
    queryFn: ({ signal }) => api<PageOf<Row>>(`/${def.kind}`, { query, signal }),
  });
  // a server that cannot filter this kind by the parent yet answers 400 naming the parameter: leave the card out
  if (isApiError(list.error) && list.error.status === 400 && list.error.field === def.param) return null;
  const total = list.data?.total ?? 0;
  const listHref = `/registry/${def.kind}?${def.param}=${parentId}`;
  return (
    <Card
      size="small"
      title={
        <span>
          {ctx.t(def.titleKey)} {list.data ? <span className="muted">({total})</span> : null}
        </span>
      }
      data-testid={`related-${def.kind}`}
      data-total={list.data?.total}
      extra={
        <Space size={4}>
          {canWrite(ctx.me, def.kind) && cfg.fields.some((f) => f.name === def.param) && (
            <Link to={`${listHref}&new=1`} data-testid={`related-${def.kind}-create`}>
              <Button size="small" type="text" icon={<PlusOutlined />} aria-label={ctx.t('common.create')} />
            </Link>
          )}
          {total > 0 && <Link to={listHref}>{ctx.t('common.viewAll')}</Link>}
        </Space>
      }
    >
      {list.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      ) : list.error ? (
        <Alert type="warning" showIcon title={errorMessage(ctx.t, list.error)} />
      ) : (
        <SimpleList
          testId={`related-${def.kind}-list`}
          empty={ctx.t('overview.noData')}
          items={(list.data?.items ?? []).map((r) => {
            const v = cfg.listItem(r, ctx);
            return {
              key: r.id,
              title: <Link to={detailPath(def.kind, r.id)}>{v.title}</Link>,
              description: v.description,
              extra: v.extra,
            };
          })}
        />
      )}
    </Card>
  );
}

function RegistryDetail({ config, id }: { config: KindConfig; id: string }) {
  const ctx = useCtx();
  const { t } = ctx;
  const screens = Grid.useBreakpoint();
  const [editing, setEditing] = useState(false);
  const record = useQuery({ queryKey: [config.kind, id], queryFn: () => api<Row>(`/${config.kind}/${id}`) });

  const crumbs = (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[
        { title: <Link to={`/registry/${config.kind}`}>{t(config.titleKey)}</Link> },
        { title: record.data ? config.title(record.data, ctx) : '…' },
      ]}
    />
  );
  if (record.isPending)
    return (
      <>
        {crumbs}
        <Card>
          <Skeleton active />
        </Card>
      </>
    );
  if (record.error || !record.data)
    return (
      <>
        {crumbs}
        <ErrorState error={record.error} onRetry={() => record.refetch()} />
      </>
    );

  const r = record.data;
  const items = config.details(r, ctx).map((d) => ({
    key: d.key,
    label: t(d.labelKey),
    children: d.value,
    span: d.wide ? ('filled' as const) : 1,
  }));
  const related = (config.related ?? []).filter((d) => visibleKinds(ctx.me).includes(d.kind));
  const sections = config.sections?.(r, ctx);
  const placement = config.sectionsPlacement ?? 'bottom';

  return (
    <div data-testid="detail-page" data-kind={config.kind}>
      {crumbs}
      <PageHeader
        testId="detail-header"
        title={config.title(r, ctx)}
        sub={
          config.tags ? (
            <Flex gap={4} wrap align="center">
              {config.tags(r, ctx)}
            </Flex>
          ) : null
        }
        extra={
          <Space wrap>
            {config.kind === 'projects' && ctx.me.role !== 'worker' && (
              <ProjectFileButtons projectId={r.id} />
            )}
            {canWrite(ctx.me, config.kind) ? (
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => setEditing(true)}
                data-testid="detail-edit"
              >
                {t('common.edit')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Flex vertical gap={16}>
        {config.kind === 'enterprises' && <EquipmentFlags enterpriseId={r.id} />}
        {config.kind === 'sites' && <EquipmentFlags siteId={r.id} />}
        {config.kind === 'sites' && ctx.me.role !== 'worker' && <SiteReportingCard siteId={r.id} />}
        {placement === 'top' && sections}
        <Card size="small" title={t('detail.basic')} data-testid="detail-fields">
          <Descriptions
            items={items}
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
            layout={screens.sm ? 'horizontal' : 'vertical'}
            bordered={!!screens.sm}
            size="small"
          />
        </Card>
        <GradingPanel registryKind={config.kind} id={r.id} />
        {placement === 'bottom' && sections}
        {related.length > 0 && (
          <Row gutter={[16, 16]}>
            {related.map((d) => (
              <Col xs={24} lg={12} key={d.kind}>
                <RelatedCard def={d} parentId={r.id} ctx={ctx} />
              </Col>
            ))}
          </Row>
        )}
      </Flex>
      <RecordFormDrawer
        config={config as KindConfig}
        record={r}
        open={editing}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          void record.refetch();
        }}
      />
    </div>
  );
}
