import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
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
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { CampaignInput, CampaignSummary, CampaignView, PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { SearchBox } from '../../components/SearchBox';
import { KeysetPager } from '../../components/KeysetPager';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { CampaignStatusTag } from './shared';

const KINDS = ['routine', 'special', 'cross'] as const;

/** Campaigns of the jurisdiction, newest period first, paged by key; leaders set up new ones. */
export default function CampaignsPage() {
  const t = useT();
  const me = useCurrentUser();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const [open, setOpen] = useState(false);
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    q: sp.get('q') ?? undefined,
    status: sp.get('status') ?? undefined,
    kind: sp.get('kind') ?? undefined,
  };
  const list = useQuery({
    queryKey: ['campaigns', query],
    queryFn: () => api<PageOf<CampaignSummary>>('/campaigns', { query }),
    placeholderData: keepPreviousData,
  });
  return (
    <div data-testid="campaigns-page">
      <PageHeader
        title={t('cp.title')}
        sub={<Typography.Text type="secondary">{t('cp.sub')}</Typography.Text>}
        extra={
          me.role === 'admin' || me.role === 'leader' ? (
            <Button
              type="primary"
              size="large"
              icon={<PlusOutlined />}
              onClick={() => setOpen(true)}
              data-testid="new-campaign"
            >
              {t('cp.new')}
            </Button>
          ) : null
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8}>
          <SearchBox
            value={query.q ?? ''}
            onSearch={(q) => set({ q })}
            placeholder={t('cp.name')}
            width={240}
          />
          <Select
            allowClear
            placeholder={t('cp.status')}
            value={query.status}
            onChange={(v) => set({ status: v })}
            style={{ width: 130 }}
            options={['open', 'closed'].map((s) => ({ value: s, label: t(`cp.status.${s}` as MessageKey) }))}
          />
          <Select
            allowClear
            placeholder={t('cp.kind')}
            value={query.kind}
            onChange={(v) => set({ kind: v })}
            style={{ width: 150 }}
            options={KINDS.map((k) => ({ value: k, label: t(`cp.kind.${k}`) }))}
          />
        </Flex>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<CampaignSummary>
          rowKey="id"
          data-testid="campaigns-table"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 760 }}
          pagination={false}
          locale={{ emptyText: <Empty description={t('cp.empty')} /> }}
          footer={() => <KeysetPager paging={paging} page={list.data} />}
          columns={[
            {
              title: t('cp.name'),
              dataIndex: 'name',
              render: (v: string, c) => <Link to={`/campaigns/${c.id}`}>{v}</Link>,
            },
            {
              title: t('cp.kind'),
              dataIndex: 'kind',
              width: 130,
              render: (k: string) => <Tag>{t(`cp.kind.${k}` as MessageKey)}</Tag>,
            },
            { title: t('cp.region'), dataIndex: 'regionName', width: 120 },
            {
              title: t('cp.period'),
              key: 'period',
              width: 210,
              render: (_, c) => `${c.startsOn} ～ ${c.endsOn}`,
            },
            {
              title: t('cp.groups'),
              dataIndex: 'groupCount',
              width: 90,
              render: (n: number) => t('cp.groupCount', { n }),
            },
            {
              title: t('cp.status'),
              dataIndex: 'status',
              width: 100,
              render: (s: string) => <CampaignStatusTag status={s} />,
            },
          ]}
        />
      )}
      {open && <NewCampaignDrawer onClose={() => setOpen(false)} />}
    </div>
  );
}

interface FormValues {
  name: string;
  kind: (typeof KINDS)[number];
  period: [Dayjs, Dayjs];
  description?: string;
}

function NewCampaignDrawer({ onClose }: { onClose: () => void }) {
  const t = useT();
  const nav = useNavigate();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  const create = useMutation({
    mutationFn: (v: FormValues) => {
      const body: CampaignInput = {
        name: v.name,
        kind: v.kind,
        startsOn: v.period[0].format('YYYY-MM-DD'),
        endsOn: v.period[1].format('YYYY-MM-DD'),
        ...(v.description?.trim() && { description: v.description.trim() }),
      };
      return api<CampaignView>('/campaigns', { method: 'POST', body });
    },
    onSuccess: (c) => {
      message.success(t('cp.created', { name: c.name }));
      void nav(`/campaigns/${c.id}`);
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  const required = (field: MessageKey) => [
    { required: true, message: t('cp.required', { field: t(field) }) },
  ];
  return (
    <Drawer
      open
      title={t('cp.new')}
      size={screens.md ? 560 : '100%'}
      onClose={onClose}
      extra={
        <Button
          type="primary"
          loading={create.isPending}
          onClick={() => form.submit()}
          data-testid="campaign-submit"
        >
          {t('cp.create')}
        </Button>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'special' }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="name" label={t('cp.name')} rules={required('cp.name')}>
          <Input maxLength={100} data-testid="campaign-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('cp.kind')}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`cp.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="period" label={t('cp.period')} rules={required('cp.period')}>
          <DatePicker.RangePicker data-testid="campaign-period" />
        </Form.Item>
        <Form.Item name="description" label={t('cp.description')}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
