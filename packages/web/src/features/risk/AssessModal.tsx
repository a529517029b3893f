import { useEffect, useMemo } from 'react';
import { App as AntApp, Alert, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { RiskBandSet, RiskPoint } from '@redline/contracts';
import { api, fieldPath, isApiError } from '../../api/client';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';

type BandList = { items: RiskBandSet[]; inForce?: { LEC: string | null; LS: string | null } };

/** Assess one risk point by LEC or LS with the band set in force for its site (the server decides the colour). */
export function AssessModal(props: { point: RiskPoint | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const { point } = props;
  const bands = useQuery({
    queryKey: ['risk-band-sets', point?.siteId],
    queryFn: () => api<BandList>('/risk-band-sets', { query: { siteId: point!.siteId } }),
    enabled: !!point,
  });
  const method = (Form.useWatch('method', form) as 'LEC' | 'LS' | undefined) ?? 'LEC';
  const set = useMemo(() => {
    const id = bands.data?.inForce?.[method];
    return bands.data?.items.find((b) => b.id === id) ?? null;
  }, [bands.data, method]);
  useEffect(() => {
    if (point) form.setFieldsValue({ method: point.latest?.method ?? 'LEC', note: '' });
  }, [point, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const factors = Object.fromEntries(Object.keys(set?.factors ?? {}).map((k) => [k, v[`f_${k}`]]));
    try {
      const res = await api<{ latest: { value: number; colour: string } | null }>(
        `/risk-points/${point!.id}/assessments`,
        { method: 'POST', body: { method, factors, note: v.note || undefined } },
      );
      message.success(
        t('risk.assessed', {
          value: res.latest?.value ?? '',
          colour: res.latest ? t(`risk.${res.latest.colour}` as MessageKey) : '',
        }),
      );
      props.onDone();
    } catch (e) {
      if (isApiError(e) && e.field?.startsWith('factors.'))
        form.setFields([{ name: `f_${e.field.slice(8)}`, errors: [e.message] }]);
      else if (isApiError(e) && e.field) form.setFields([{ name: fieldPath(e.field), errors: [e.message] }]);
      else message.error((e as Error).message);
    }
  };

  return (
    <Modal
      open={!!point}
      title={point ? t('risk.assessTitle', { name: point.name }) : ''}
      onCancel={props.onClose}
      onOk={submit}
      okText={t('risk.assess')}
      okButtonProps={{ 'data-testid': 'assess-submit' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ method: 'LEC' }}>
        <Form.Item name="method" label={t('risk.method')}>
          <Radio.Group
            options={(['LEC', 'LS'] as const).map((m) => ({
              value: m,
              label: t(`risk.method.${m}` as MessageKey),
            }))}
          />
        </Form.Item>
        {set &&
          Object.entries(set.factors).map(([k, values]) => (
            <Form.Item
              key={`${method}-${k}`}
              name={`f_${k}`}
              label={t(`risk.factor.${method}.${k}` as MessageKey)}
              rules={[{ required: true }]}
            >
              <Select
                data-testid={`factor-${k}`}
                options={values.map((x) => ({ value: x, label: String(x) }))}
                style={{ width: 160 }}
              />
            </Form.Item>
          ))}
        <Form.Item name="note" label={t('risk.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {set && (
          <Alert
            type="info"
            showIcon
            message={t('risk.bandSet', { scope: set.regionName ?? set.regionPrefix, version: set.version })}
            description={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {set.bands
                  .map((b) => `${t(`risk.${b.colour}` as MessageKey)} ${b.includeFrom ? '≥' : '>'} ${b.from}`)
                  .join('；')}
                <br />
                {t('risk.bandSource', { source: set.source, confirmation: set.confirmation })}
              </Typography.Text>
            }
          />
        )}
      </Form>
    </Modal>
  );
}
