import { Link, useNavigate } from 'react-router';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ChecklistLibraryView,
  ChecklistVersionView,
  InspectorCandidate,
  PageOf,
  SpotCheckPlanInput,
  SpotCheckPlanSummary,
  SpotCheckPlanView,
} from '@redline/contracts';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { KeysetPager } from '../../components/KeysetPager';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../../app/current-user';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { ConflictsCard } from './ConflictsCard';
import { RegionSelect } from '../../components/RegionSelect';

export const PLAN_STATUS_COLOURS: Record<string, string> = {
  draft: 'default',
  committed: 'blue',
  drawn: 'orange',
  revealed: 'green',
};
export const PLAN_STATUS_NAMES: Record<string, string> = {
  draft: '草稿',
  committed: '已公示承诺',
  drawn: '已抽取',
  revealed: '已公开种子',
};
export const KIND_NAMES: Record<string, string> = { routine: '日常随机抽查', cross: '交叉检查' };

/** Spot-check plans of the jurisdiction (双随机抽查计划): list with task progress, and a form for a new one. */
export default function PlansPage() {
  const t = useT();
  const me = useCurrentUser();
  const [open, setOpen] = useState(false);
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const query = { cursor: paging.cursor, pageSize: 20 };
  const list = useQuery({
    queryKey: ['spot-check-plans', query],
    queryFn: () => api<PageOf<SpotCheckPlanSummary>>('/spot-check-plans', { query }),
    placeholderData: keepPreviousData,
  });
  const canCreate = (me.role === 'admin' || me.role === 'leader') && !!me.authority;
  return (
    <div data-testid="spot-check-plans-page">
      <PageHeader
        title={t('sc.title')}
        sub={<Typography.Text type="secondary">{t('sc.sub')}</Typography.Text>}
        extra={
          <>
            <Link to="/public/spot-checks">{t('sc.public')}</Link>
            {canCreate ? (
              <Button
                type="primary"
                size="large"
                icon={<PlusOutlined />}
                onClick={() => setOpen(true)}
                data-testid="new-plan"
              >
                {t('sc.new')}
              </Button>
            ) : null}
          </>
        }
      />
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<SpotCheckPlanSummary>
          rowKey="id"
          data-testid="plans-table"
          loading={list.isFetching}
          dataSource={list.data?.items}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: <Empty description={t('sc.empty')} /> }}
          footer={() => <KeysetPager paging={paging} page={list.data} />}
          columns={[
            {
              title: t('sc.col.title'),
              dataIndex: 'title',
              render: (v: string, p) => <Link to={`/spot-checks/${p.id}`}>{v}</Link>,
            },
            {
              title: t('sc.col.kind'),
              dataIndex: 'kind',
              width: 120,
              render: (k: string) => <Tag>{KIND_NAMES[k]}</Tag>,
            },
            {
              title: t('sc.col.status'),
              dataIndex: 'status',
              width: 120,
              render: (s: string) => <Tag color={PLAN_STATUS_COLOURS[s]}>{PLAN_STATUS_NAMES[s]}</Tag>,
            },
            {
              title: t('sc.col.period'),
              key: 'period',
              width: 210,
              render: (_, p) => `${p.periodStart} ～ ${p.periodEnd}`,
            },
            {
              title: t('sc.col.tasks'),
              key: 'tasks',
              width: 190,
              render: (_, p) => (
                <Space size={4}>
                  <Tag color="green">{p.tasks.done}</Tag>
                  <Tag color="blue">{p.tasks.due + p.tasks.inProgress}</Tag>
                  <Tag color={p.tasks.overdue ? 'red' : 'default'}>{p.tasks.overdue}</Tag>
                </Space>
              ),
            },
          ]}
        />
      )}
      <ConflictsCard />
      {open && <NewPlanDrawer onClose={() => setOpen(false)} />}
    </div>
  );
}

interface FormValues {
  title: string;
  kind: 'routine' | 'cross';
  period: [Dayjs, Dayjs];
  items: Array<{ title: string; basis: string; moduleIds?: string[] }>;
  moduleIds: string[];
  targetKinds: Array<'enterprise' | 'project'>;
  regionCode?: string;
  inspectorIds: string[];
  perYear: { A: number; B: number; C: number };
  inspectorsPerTarget: number;
}

/** Published checklist modules the plan may use, grouped by library (current versions). */
function useModuleOptions() {
  const libs = useQuery({
    queryKey: ['checklists'],
    queryFn: () => api<{ items: ChecklistLibraryView[] }>('/checklists'),
  });
  const current = (libs.data?.items ?? []).filter((l) => l.current);
  const versions = useQueries({
    queries: current.map((l) => ({
      queryKey: ['checklist-version', l.current!.id],
      queryFn: () => api<ChecklistVersionView>(`/checklist-versions/${l.current!.id}`),
    })),
  });
  return versions
    .map((v) => v.data)
    .filter((v): v is ChecklistVersionView => !!v)
    .map((v) => ({
      label: v.name.zh,
      title: v.name.zh,
      options: v.modules.map((m) => ({ value: m.id, label: `${m.code} ${m.name.zh}` })),
    }));
}

function NewPlanDrawer({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form) ?? 'routine';
  const moduleOptions = useModuleOptions();
  const candidates = useQuery({
    queryKey: ['spot-check-candidates', kind],
    queryFn: () => api<InspectorCandidate[]>('/spot-check-plans/inspector-candidates', { query: { kind } }),
  });
  const people = (candidates.data ?? []).map((c) => ({
    value: c.id,
    label: `${c.name} · ${c.regionName ?? c.regionCode}${c.authorityName ? ` · ${c.authorityName}` : ''}`,
  }));
  const create = useMutation({
    mutationFn: (v: FormValues) => {
      const body: SpotCheckPlanInput = {
        title: v.title.trim(),
        kind: v.kind,
        periodStart: v.period[0].format('YYYY-MM-DD'),
        periodEnd: v.period[1].format('YYYY-MM-DD'),
        items: v.items.map((i) => ({
          title: i.title.trim(),
          basis: i.basis.trim(),
          moduleIds: i.moduleIds ?? [],
        })),
        moduleIds: v.moduleIds,
        poolFilter: { targetKinds: v.targetKinds, ...(v.regionCode && { regionCode: v.regionCode }) },
        inspectorIds: v.inspectorIds,
        rules: { perYear: v.perYear, inspectorsPerTarget: v.inspectorsPerTarget },
      };
      return api<SpotCheckPlanView>('/spot-check-plans', { method: 'POST', body });
    },
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: ['spot-check-plans'] });
      onClose();
      navigate(`/spot-checks/${p.id}`);
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  const required = [{ required: true, message: t('sc.form.required') }];
  return (
    <Drawer
      open
      title={t('sc.new')}
      size={screens.md ? 720 : '100%'}
      onClose={onClose}
      extra={
        <Button
          type="primary"
          loading={create.isPending}
          onClick={() => form.submit()}
          data-testid="plan-submit"
        >
          {t('sc.form.submit')}
        </Button>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'routine',
          period: [dayjs().startOf('month'), dayjs().endOf('month')],
          items: [{ title: '', basis: '' }],
          targetKinds: ['enterprise', 'project'],
          perYear: { A: 2, B: 4, C: 12 },
          inspectorsPerTarget: 2,
        }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="title" label={t('sc.form.title')} rules={required}>
          <Input maxLength={200} data-testid="plan-title" />
        </Form.Item>
        <Form.Item name="kind" label={t('sc.form.kind')}>
          <Segmented
            data-testid="plan-kind"
            options={(['routine', 'cross'] as const).map((k) => ({ value: k, label: KIND_NAMES[k] }))}
            onChange={() => form.setFieldValue('inspectorIds', [])}
          />
        </Form.Item>
        <Form.Item name="period" label={t('sc.form.period')} rules={required}>
          <DatePicker.RangePicker data-testid="plan-period" />
        </Form.Item>
        <Card size="small" title={t('sc.form.items')} style={{ marginBottom: 16 }}>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <Flex vertical gap={4}>
                {fields.map((f, i) => (
                  <Flex key={f.key} gap={8} wrap align="start">
                    <Form.Item
                      name={[f.name, 'title']}
                      rules={required}
                      style={{ flex: 1, minWidth: 160, marginBottom: 8 }}
                    >
                      <Input placeholder={t('sc.form.itemTitle')} data-testid={`plan-item-title-${i}`} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'basis']}
                      rules={required}
                      style={{ flex: 2, minWidth: 200, marginBottom: 8 }}
                    >
                      <Input placeholder={t('sc.form.itemBasis')} data-testid={`plan-item-basis-${i}`} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <MinusCircleOutlined onClick={() => remove(f.name)} style={{ marginTop: 8 }} />
                    )}
                  </Flex>
                ))}
                <Button type="dashed" onClick={() => add({ title: '', basis: '' })} icon={<PlusOutlined />}>
                  {t('sc.form.addItem')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Card>
        <Form.Item name="moduleIds" label={t('sc.form.modules')} rules={required}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={moduleOptions}
            data-testid="plan-modules"
          />
        </Form.Item>
        <Form.Item name="targetKinds" label={t('sc.form.targetKinds')} rules={required}>
          <Checkbox.Group
            options={(['enterprise', 'project'] as const).map((k) => ({
              value: k,
              label: t(`sc.target.${k}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item name="regionCode" label={t('sc.form.region')}>
          <RegionSelect data-testid="plan-region" />
        </Form.Item>
        <Form.Item
          name="inspectorIds"
          label={t('sc.form.inspectors')}
          rules={[...required, { type: 'array', min: 2, message: t('sc.form.inspectorsMin') }]}
        >
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={people}
            loading={candidates.isLoading}
            data-testid="plan-inspectors"
          />
        </Form.Item>
        <Form.Item label={t('sc.form.perYear')}>
          <Space wrap>
            {(['A', 'B', 'C'] as const).map((g) => (
              <Form.Item key={g} name={['perYear', g]} noStyle>
                <InputNumber addonBefore={`${g} 级`} min={0} max={52} style={{ width: 130 }} />
              </Form.Item>
            ))}
          </Space>
        </Form.Item>
        <Form.Item name="inspectorsPerTarget" label={t('sc.form.perTarget')}>
          <InputNumber min={2} max={6} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
