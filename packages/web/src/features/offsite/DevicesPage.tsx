import { useState } from 'react';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { KeysetPager } from '../../components/KeysetPager';
import {
  App as AntApp,
  Alert,
  Button,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined, KeyOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Device, PageOf, Role } from '@redline/contracts';
import { isOfficer } from '@redline/domain';
import { DEVICE_KINDS } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtTime, tx } from './shared';
import { RejectionsCard } from './Rejections';

const STATUS_COLOUR: Record<string, string> = {
  online: 'green',
  offline: 'red',
  never_seen: 'default',
  disabled: 'default',
};

/** Officers and an enterprise's own safety manager register and edit devices (the server checks which). */
const canWriteDevices = (role: Role) => isOfficer(role) || role === 'enterprise_manager';

/** The device registry: what watches which site, whether it is on line, and its credentials. */
export default function DevicesPage() {
  const t = useT();
  const me = useCurrentUser();
  const [sp, set] = useUrlFilters();
  const [adding, setAdding] = useState(false);
  const [token, setToken] = useState<{ code: string; token: string } | null>(null);
  const paging = useKeysetPaging(sp, set);
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    kind: sp.get('kind') ?? undefined,
    status: sp.get('status') ?? undefined,
    q: sp.get('q') ?? undefined,
  };
  const list = useQuery({
    queryKey: ['devices', query],
    queryFn: () => api<PageOf<Device>>('/devices', { query }),
    placeholderData: keepPreviousData,
  });
  const openId = sp.get('id');
  const kindLabel = (k: string) => tx(t, `dev.kind.${k}`, k);

  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={t('dev.title')}
        sub={<Typography.Text type="secondary">{t('dev.sub')}</Typography.Text>}
        extra={
          canWriteDevices(me.role) && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setAdding(true)}
              data-testid="device-add"
            >
              {t('dev.add')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap>
        <Select
          allowClear
          placeholder={t('dev.filter.kind')}
          style={{ minWidth: 180 }}
          value={query.kind}
          onChange={(v?: string) => set({ kind: v })}
          options={DEVICE_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
        />
        <Select
          allowClear
          placeholder={t('dev.filter.status')}
          style={{ minWidth: 140 }}
          value={query.status}
          onChange={(v?: string) => set({ status: v })}
          options={['online', 'offline', 'never_seen', 'disabled'].map((s) => ({
            value: s,
            label: t(`dev.st.${s}` as MessageKey),
          }))}
        />
        <Input.Search
          allowClear
          placeholder={t('common.search')}
          defaultValue={query.q}
          onSearch={(v) => set({ q: v || undefined })}
          style={{ width: 240 }}
        />
      </Flex>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Device>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 900 }}
          onRow={(r) => ({ onClick: () => set({ id: r.id }), style: { cursor: 'pointer' } })}
          pagination={false}
          footer={() => <KeysetPager paging={paging} page={list.data} />}
          columns={[
            {
              title: t('dev.col.code'),
              dataIndex: 'code',
              render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
            },
            { title: t('dev.col.name'), dataIndex: 'name' },
            { title: t('dev.col.kind'), dataIndex: 'kind', render: (k: string) => kindLabel(k) },
            {
              title: t('dev.col.site'),
              render: (_, r) => `${r.siteName}${r.enterpriseName ? ` · ${r.enterpriseName}` : ''}`,
            },
            {
              title: t('dev.col.status'),
              dataIndex: 'status',
              render: (s: string) => <Tag color={STATUS_COLOUR[s]}>{t(`dev.st.${s}` as MessageKey)}</Tag>,
            },
            {
              title: t('dev.col.lastSeen'),
              dataIndex: 'lastSeenAt',
              render: (v: string | null) => fmtTime(v),
            },
          ]}
        />
      )}
      {adding && (
        <AddDevice
          onClose={() => setAdding(false)}
          onCreated={(d) => {
            setAdding(false);
            setToken(d);
          }}
        />
      )}
      {token && <TokenModal code={token.code} token={token.token} onClose={() => setToken(null)} />}
      {openId && (
        <DeviceDrawer
          id={openId}
          onClose={() => set({ id: undefined })}
          onToken={setToken}
          canWrite={canWriteDevices(me.role)}
        />
      )}
      {['admin', 'leader', 'duty_officer'].includes(me.role) && <RejectionsCard />}
    </Flex>
  );
}

function TokenModal({ code, token, onClose }: { code: string; token: string; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open
      onCancel={onClose}
      onOk={onClose}
      title={`${t('dev.token')} · ${code}`}
      cancelButtonProps={{ style: { display: 'none' } }}
    >
      <Alert type="warning" showIcon message={t('dev.tokenOnce')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable code data-testid="device-token">
        {token}
      </Typography.Paragraph>
    </Modal>
  );
}

function AddDevice({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (d: { code: string; token: string }) => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [siteQ, setSiteQ] = useState('');
  const sites = useQuery({
    queryKey: ['sites', 'pick', siteQ],
    queryFn: () =>
      api<PageOf<{ id: string; name: string; enterpriseName: string | null }>>('/sites', {
        query: { q: siteQ || undefined, pageSize: 50 },
      }),
  });
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const d = await api<Device & { token: string }>('/devices', { method: 'POST', body: values });
      await qc.invalidateQueries({ queryKey: ['devices'] });
      onCreated({ code: d.code, token: d.token });
    } catch (e) {
      if (isApiError(e) && e.field) form.setFields([{ name: e.field, errors: [e.message] }]);
      else form.setFields([{ name: 'code', errors: [isApiError(e) ? e.message : String(e)] }]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open onCancel={onClose} onOk={submit} confirmLoading={busy} title={t('dev.add')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'ai_camera' }}>
        <Form.Item
          name="code"
          label={t('dev.col.code')}
          rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/ }]}
        >
          <Input placeholder="JS-CAM-0201" />
        </Form.Item>
        <Form.Item name="name" label={t('dev.col.name')} rules={[{ required: true, min: 2 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('dev.col.kind')} rules={[{ required: true }]}>
          <Select options={DEVICE_KINDS.map((k) => ({ value: k, label: tx(t, `dev.kind.${k}`, k) }))} />
        </Form.Item>
        <Form.Item name="siteId" label={t('dev.siteId')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setSiteQ}
            options={(sites.data?.items ?? []).map((s) => ({
              value: s.id,
              label: `${s.name}${s.enterpriseName ? ` · ${s.enterpriseName}` : ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="heartbeatSeconds" label={t('dev.heartbeat')}>
          <InputNumber min={10} max={86400} />
        </Form.Item>
        <Flex gap={8}>
          <Form.Item name="vendor" label={t('dev.vendor')} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item name="model" label={t('dev.model')} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

function DeviceDrawer({
  id,
  onClose,
  onToken,
  canWrite,
}: {
  id: string;
  onClose: () => void;
  onToken: (d: { code: string; token: string }) => void;
  canWrite: boolean;
}) {
  const t = useT();
  const { message } = AntApp.useApp();
  const d = useQuery({ queryKey: ['device', id], queryFn: () => api<Device>(`/devices/${id}`) });
  const events = useQuery({
    queryKey: ['device', id, 'events'],
    queryFn: () =>
      api<
        PageOf<{
          eventId: string;
          time: string;
          type: string;
          code: string | null;
          values: Record<string, unknown> | null;
          detections: Array<{ type: string; confidence: number }> | null;
        }>
      >(`/devices/${id}/events`, { query: { pageSize: 20 } }),
    refetchInterval: 15_000,
  });
  const rotate = async () => {
    try {
      const r = await api<Device & { token: string }>(`/devices/${id}/token`, { method: 'POST', body: {} });
      onToken({ code: r.code, token: r.token });
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  };
  return (
    <Drawer open onClose={onClose} size="large" title={d.data ? `${d.data.name}（${d.data.code}）` : ''}>
      {d.error ? (
        <ErrorState error={d.error} />
      ) : d.data ? (
        <Flex vertical gap={12}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('dev.col.kind')}>
              {tx(t, `dev.kind.${d.data.kind}`, d.data.kind)}
            </Descriptions.Item>
            <Descriptions.Item label={t('dev.col.status')}>
              <Tag color={STATUS_COLOUR[d.data.status]}>{t(`dev.st.${d.data.status}` as MessageKey)}</Tag>{' '}
              {fmtTime(d.data.lastSeenAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('dev.col.site')}>
              {d.data.siteName} {d.data.enterpriseName ? `· ${d.data.enterpriseName}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('dev.equipment')}>{d.data.equipmentCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('dev.topic')}>
              <Typography.Text code copyable>
                {d.data.mqttTopic}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('dev.token')}>
              <Flex gap={8} align="center">
                <Typography.Text code>{d.data.tokenPrefix}…</Typography.Text>
                {canWrite && (
                  <Popconfirm title={t('dev.rotateConfirm')} onConfirm={rotate}>
                    <Button size="small" icon={<KeyOutlined />}>
                      {t('dev.rotate')}
                    </Button>
                  </Popconfirm>
                )}
              </Flex>
            </Descriptions.Item>
            <Descriptions.Item label={t('dev.heartbeat')}>{d.data.heartbeatSeconds}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('dev.events')}
          </Typography.Title>
          <Table
            rowKey="eventId"
            size="small"
            pagination={false}
            dataSource={events.data?.items}
            columns={[
              { title: 'time', dataIndex: 'time', render: (v: string) => fmtTime(v), width: 170 },
              { title: 'type', dataIndex: 'type', width: 90 },
              {
                title: 'data',
                render: (_, e) =>
                  e.detections?.length
                    ? e.detections
                        .map((x) => `${tx(t, `os.det.${x.type}`, x.type)} ${Math.round(x.confidence * 100)}%`)
                        .join('，')
                    : e.values
                      ? Object.entries(e.values)
                          .map(([k, v]) => `${k}=${String(v)}`)
                          .join(' ')
                      : (e.code ?? ''),
              },
            ]}
          />
        </Flex>
      ) : null}
    </Drawer>
  );
}
