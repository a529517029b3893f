import { useState } from 'react';
import { Link } from 'react-router';
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  EQUIPMENT_INSPECTION_RESULTS,
  type EquipmentDueItem,
  type EquipmentOverdueCounts,
  type PageOf,
} from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { KeysetPager } from '../../components/KeysetPager';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { useCurrentUser } from '../../app/current-user';
import { useT, type TFunction } from '../../i18n';
import { EQUIPMENT_CATEGORY_CODES } from '@redline/domain';

const LISTS = ['due', 'overdue', 'unregistered'] as const;
const STATUS_COLOR: Record<EquipmentDueItem['status'], string> = {
  in_date: 'green',
  due_soon: 'orange',
  overdue: 'red',
  failed: 'red',
  unknown: 'default',
};

function daysText(t: TFunction, r: EquipmentDueItem) {
  if (r.status === 'failed') return t('eqd.days.failed');
  if (r.daysLeft === null) return '—';
  if (r.daysLeft < 0) return t('eqd.days.overdue', { n: -r.daysLeft });
  if (r.daysLeft === 0) return t('eqd.days.today');
  return t('eqd.days.left', { n: r.daysLeft });
}

/** Special equipment due-date work: due within the warning window, overdue or failed, unregistered; record a result. */
export default function EquipmentDuePage() {
  const me = useCurrentUser();
  const t = useT();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const list = LISTS.find((l) => l === sp.get('list')) ?? 'due';
  const query = {
    list,
    cursor: paging.cursor,
    pageSize: 20,
    categoryCode: sp.get('categoryCode') ?? undefined,
  };
  const q = useQuery({
    queryKey: ['equipment-due', query],
    queryFn: () => api<PageOf<EquipmentDueItem>>('/equipment-inspections/due', { query }),
    placeholderData: keepPreviousData,
  });
  const flags = useQuery({
    queryKey: ['equipment-due', 'flags'],
    queryFn: () => api<EquipmentOverdueCounts>('/equipment-inspections/flags'),
  });
  const [recording, setRecording] = useState<EquipmentDueItem | null>(null);
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const result = Form.useWatch('result', form);
  const canRecord = ['admin', 'leader', 'inspector', 'enterprise_manager'].includes(me.role);
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;

  async function save(v: {
    inspectedOn: Dayjs;
    result: string;
    remarks?: string;
    inspectorOrg?: string;
    defects?: string;
  }) {
    if (!recording) return;
    setSaving(true);
    try {
      await api(`/equipment/${recording.id}/inspections`, {
        method: 'POST',
        body: {
          inspectedOn: v.inspectedOn.format('YYYY-MM-DD'),
          result: v.result,
          remarks: v.remarks ?? '',
          inspectorOrg: v.inspectorOrg ?? '',
          ...(v.result === 'fail' && {
            defects: (v.defects ?? '')
              .split('\n')
              .map((d) => d.trim())
              .filter(Boolean),
          }),
        },
      });
      message.success(t(v.result === 'fail' ? 'eqd.saved.fail' : 'eqd.saved.pass'));
      setRecording(null);
      form.resetFields();
      qc.invalidateQueries({ queryKey: ['equipment-due'] });
    } catch (e) {
      if (isApiError(e) && e.field) form.setFields([{ name: e.field, errors: [e.message] }]);
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  const f = flags.data;
  return (
    <div data-testid="equipment-due-page">
      <PageHeader
        title={t('eqd.title')}
        sub={<Typography.Text type="secondary">{t('eqd.sub')}</Typography.Text>}
      />
      {f && (
        <Space style={{ marginBottom: 12 }} wrap data-testid="equipment-flags">
          <Tag color="red">{t('eqd.flag.overdue', { n: f.overdue })}</Tag>
          <Tag color="red">{t('eqd.flag.failed', { n: f.failed })}</Tag>
          <Tag color="orange">{t('eqd.flag.dueSoon', { n: f.dueSoon })}</Tag>
          <Tag>{t('eqd.flag.unregistered', { n: f.unregistered })}</Tag>
        </Space>
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Segmented
            value={list}
            onChange={(v) => set({ list: String(v) })}
            options={LISTS.map((value) => ({ value, label: t(`eqd.list.${value}`) }))}
            data-testid="equipment-due-tabs"
          />
          <Select
            allowClear
            placeholder={t('equipment.category')}
            aria-label={t('equipment.category')}
            style={{ width: 170 }}
            value={query.categoryCode}
            onChange={(v) => set({ categoryCode: v })}
            options={EQUIPMENT_CATEGORY_CODES.map((value) => ({
              value,
              label: t(`acc.equip.${value}`),
            }))}
          />
        </Space>
      </Card>
      <Card size="small">
        <Table<EquipmentDueItem>
          rowKey="id"
          size="small"
          loading={q.isFetching}
          dataSource={q.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="equipment-due-list"
          columns={[
            {
              title: t('eqd.col.registrationCode'),
              render: (_, r) => <Link to={`/registry/equipment/${r.id}`}>{r.registrationCode}</Link>,
            },
            {
              title: t('eqd.col.category'),
              render: (_, r) => `${r.categoryName ?? r.categoryCode} ${r.typeName}`,
            },
            { title: t('eqd.col.user'), render: (_, r) => r.enterpriseName ?? '—' },
            { title: t('eqd.col.place'), render: (_, r) => r.siteName ?? (r.location || '—') },
            { title: t('eqd.col.next'), render: (_, r) => r.nextInspectionOn ?? '—' },
            { title: t('eqd.col.term'), render: (_, r) => daysText(t, r) },
            {
              title: t('eqd.col.status'),
              render: (_, r) => (
                <Space size={4}>
                  <Tag color={STATUS_COLOR[r.status]}>{t(`status.equipment.${r.status}`)}</Tag>
                  {r.mustNotBeUsed && <Tag color="volcano">{t('eqd.mustNotBeUsed')}</Tag>}
                  {!r.registeredOn && <Tag>{t('eqd.unregistered')}</Tag>}
                </Space>
              ),
            },
            ...(canRecord
              ? [
                  {
                    title: '',
                    render: (_: unknown, r: EquipmentDueItem) => (
                      <Button
                        size="small"
                        onClick={() => setRecording(r)}
                        data-testid={`record-${r.registrationCode}`}
                      >
                        {t('eqd.record')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <KeysetPager paging={paging} page={q.data} />
      </Card>
      <Modal
        title={recording ? t('eqd.recordTitle', { code: recording.registrationCode }) : ''}
        open={recording !== null}
        onCancel={() => setRecording(null)}
        footer={null}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={save}
          initialValues={{ result: 'pass', inspectedOn: dayjs() }}
        >
          <Form.Item name="inspectedOn" label={t('eqd.form.date')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
          </Form.Item>
          <Form.Item name="result" label={t('eqd.form.result')} rules={[{ required: true }]}>
            <Radio.Group
              options={EQUIPMENT_INSPECTION_RESULTS.map((value) => ({
                value,
                label: t(`eqd.result.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="inspectorOrg" label={t('eqd.form.org')}>
            <Input maxLength={200} />
          </Form.Item>
          {result === 'fail' ? (
            <Form.Item
              name="defects"
              label={t('eqd.form.defects')}
              rules={[{ required: true, message: t('eqd.form.defectsRequired') }]}
            >
              <Input.TextArea rows={4} />
            </Form.Item>
          ) : (
            <Form.Item name="remarks" label={t('eqd.form.remarks')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('common.save')}
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
