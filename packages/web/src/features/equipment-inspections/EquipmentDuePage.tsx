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
  EQUIPMENT_INSPECTION_RESULT_NAMES,
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

const LISTS = [
  ['due', '一个月内到期'],
  ['overdue', '超期未检 / 不合格（不得使用）'],
  ['unregistered', '未办理使用登记'],
] as const;
const STATUS: Record<string, [string, string]> = {
  in_date: ['green', '在有效期内'],
  due_soon: ['orange', '即将到期'],
  overdue: ['red', '超期未检'],
  failed: ['red', '检验不合格'],
  unknown: ['default', '无检验日期'],
};

function daysText(r: EquipmentDueItem) {
  if (r.status === 'failed') return '待复检合格后方可使用';
  if (r.daysLeft === null) return '—';
  if (r.daysLeft < 0) return `已超期 ${-r.daysLeft} 天`;
  if (r.daysLeft === 0) return '今日到期';
  return `${r.daysLeft} 天后到期`;
}

/** Special equipment due-date work: due within the warning window, overdue or failed, unregistered; record a result. */
export default function EquipmentDuePage() {
  const me = useCurrentUser();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const list = LISTS.some(([l]) => l === sp.get('list')) ? sp.get('list')! : 'due';
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
      message.success(
        v.result === 'fail' ? '已记录；每项缺陷已生成一条隐患' : '已记录，下次检验日期已按周期推算',
      );
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
        title="特种设备定期检验"
        sub={
          <Typography.Text type="secondary">
            检验有效期届满前 1 个月申请定期检验（提前 30
            天提醒，参考数据）；超期未检或检验不合格的设备不得使用。
          </Typography.Text>
        }
      />
      {f && (
        <Space style={{ marginBottom: 12 }} wrap data-testid="equipment-flags">
          <Tag color="red">超期未检 {f.overdue}</Tag>
          <Tag color="red">检验不合格 {f.failed}</Tag>
          <Tag color="orange">一个月内到期 {f.dueSoon}</Tag>
          <Tag>未登记 {f.unregistered}</Tag>
        </Space>
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Segmented
            value={list}
            onChange={(v) => set({ list: String(v) })}
            options={LISTS.map(([value, label]) => ({ value, label }))}
            data-testid="equipment-due-tabs"
          />
          <Select
            allowClear
            placeholder="设备类别"
            style={{ width: 170 }}
            value={query.categoryCode}
            onChange={(v) => set({ categoryCode: v })}
            options={[
              ['1000', '锅炉'],
              ['2000', '压力容器'],
              ['3000', '电梯'],
              ['4000', '起重机械'],
              ['5000', '场（厂）内机动车辆'],
              ['6000', '大型游乐设施'],
              ['8000', '压力管道'],
              ['9000', '客运索道'],
            ].map(([value, label]) => ({ value, label }))}
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
              title: '使用登记证编号',
              render: (_, r) => <Link to={`/registry/equipment/${r.id}`}>{r.registrationCode}</Link>,
            },
            { title: '类别 / 品种', render: (_, r) => `${r.categoryName ?? r.categoryCode} ${r.typeName}` },
            { title: '使用单位', render: (_, r) => r.enterpriseName ?? '—' },
            { title: '场所 / 地点', render: (_, r) => r.siteName ?? (r.location || '—') },
            { title: '下次检验日期', render: (_, r) => r.nextInspectionOn ?? '—' },
            { title: '期限', render: (_, r) => daysText(r) },
            {
              title: '状态',
              render: (_, r) => (
                <Space size={4}>
                  <Tag color={STATUS[r.status][0]}>{STATUS[r.status][1]}</Tag>
                  {r.mustNotBeUsed && <Tag color="volcano">不得使用</Tag>}
                  {!r.registeredOn && <Tag>未登记</Tag>}
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
                        录入检验结果
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
        title={recording ? `检验结果：${recording.registrationCode}` : ''}
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
          <Form.Item name="inspectedOn" label="检验日期" rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
          </Form.Item>
          <Form.Item name="result" label="检验结论" rules={[{ required: true }]}>
            <Radio.Group
              options={Object.entries(EQUIPMENT_INSPECTION_RESULT_NAMES).map(([value, label]) => ({
                value,
                label,
              }))}
            />
          </Form.Item>
          <Form.Item name="inspectorOrg" label="检验机构">
            <Input maxLength={200} />
          </Form.Item>
          {result === 'fail' ? (
            <Form.Item
              name="defects"
              label="不合格项（每行一项，各生成一条隐患）"
              rules={[{ required: true, message: '请列出不合格项' }]}
            >
              <Input.TextArea rows={4} />
            </Form.Item>
          ) : (
            <Form.Item name="remarks" label="意见 / 备注">
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={saving}>
            保存
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
