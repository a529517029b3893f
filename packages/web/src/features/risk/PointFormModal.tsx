import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { ChecklistItemHit, OffsetPageOf } from '@redline/contracts';
import { api, fieldPath, isApiError } from '../../api/client';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';

/** Register a risk point on a site: kind, location, hazard factors, measures with who is responsible, checklist items. */
export function PointFormModal(props: {
  siteId: string;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [q, setQ] = useState('');
  const items = useQuery({
    queryKey: ['checklist-items', q],
    queryFn: () => api<OffsetPageOf<ChecklistItemHit>>('/checklists/items', { query: { q, pageSize: 20 } }),
    enabled: props.open && q.trim().length > 0,
  });
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await api('/risk-points', {
        method: 'POST',
        body: {
          siteId: props.siteId,
          name: v.name,
          kind: v.kind,
          location: v.location || undefined,
          hazardFactors: v.hazardFactors ?? [],
          controlMeasures: (v.controlMeasures ?? []).filter((m: { measure?: string }) => m?.measure),
          checklistItemIds: v.checklistItemIds ?? [],
        },
      });
      message.success(t('risk.created'));
      form.resetFields();
      props.onDone();
    } catch (e) {
      if (isApiError(e) && e.field) form.setFields([{ name: fieldPath(e.field), errors: [e.message] }]);
      else message.error((e as Error).message);
    }
  };
  return (
    <Modal
      open={props.open}
      title={t('risk.addPoint')}
      onCancel={props.onClose}
      onOk={submit}
      width={640}
      okButtonProps={{ 'data-testid': 'point-submit' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'place', controlMeasures: [{}] }}>
        <Form.Item name="name" label={t('risk.pointName')} rules={[{ required: true, min: 2, max: 120 }]}>
          <Input data-testid="point-name" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="kind" label={t('risk.kind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={(['place', 'equipment', 'activity'] as const).map((k) => ({
                value: k,
                label: t(`risk.kind.${k}` as MessageKey),
              }))}
            />
          </Form.Item>
          <Form.Item name="location" label={t('risk.location')}>
            <Input style={{ width: 320 }} maxLength={200} />
          </Form.Item>
        </Space>
        <Form.Item name="hazardFactors" label={t('risk.hazardFactors')} extra={t('risk.hazardFactorsHint')}>
          <Select mode="tags" tokenSeparators={['，', ',', '、']} open={false} />
        </Form.Item>
        <Form.List name="controlMeasures">
          {(fields, { add, remove }) => (
            <>
              <div style={{ marginBottom: 8 }}>{t('risk.measures')}</div>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'measure']} rules={[{ max: 300 }]}>
                    <Input placeholder={t('risk.measure')} style={{ width: 330 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'responsible']}
                    dependencies={[['controlMeasures', f.name, 'measure']]}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_, v) =>
                          getFieldValue(['controlMeasures', f.name, 'measure']) && !v
                            ? Promise.reject(new Error(t('risk.responsible')))
                            : Promise.resolve(),
                      }),
                    ]}
                  >
                    <Input placeholder={t('risk.responsible')} style={{ width: 170 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add()}
                style={{ marginBottom: 16 }}
              >
                {t('risk.addMeasure')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="checklistItemIds" label={t('risk.items')} extra={t('risk.itemsHint')}>
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setQ}
            loading={items.isFetching}
            options={(items.data?.items ?? []).map((h) => ({
              value: h.id,
              label: `${h.library.code} ${h.item.code} ${h.item.title.zh}`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
