import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { AccidentBody } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { RegionSelect } from '../../components/RegionSelect';
import { RefSelect } from '../../components/RefSelect';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import { useAccidentLabels } from './shared';
import { pickedInstant } from '../../lib/time';

interface Values {
  occurredAt: Dayjs;
  regionCode: string;
  address: string;
  enterpriseId?: string | null;
  typeCode: string;
  roadTraffic?: boolean;
  equipmentCategoryCode?: string | null;
  course: string;
  measures?: string;
  deaths: number;
  seriousInjuries: number;
  minorInjuries: number;
  missing: number;
  lossWan: number;
}

/** 事故快报: the first report; the grade is computed by the server (Order No. 493) and shown on the detail. */
export function ReportAccidentForm(props: {
  open: boolean;
  onClose: () => void;
  onDone: (id: string) => void;
}) {
  const me = useCurrentUser();
  const t = useT();
  const L = useAccidentLabels();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const enterprise = me.role === 'enterprise_manager';

  async function submit(v: Values) {
    setSaving(true);
    try {
      const body: AccidentBody = {
        occurredAt: pickedInstant(v.occurredAt),
        regionCode: v.regionCode,
        address: v.address ?? '',
        enterpriseId: enterprise ? undefined : (v.enterpriseId ?? null),
        typeCode: v.typeCode as AccidentBody['typeCode'],
        roadTraffic: v.roadTraffic ?? false,
        equipmentCategoryCode: v.equipmentCategoryCode ?? null,
        course: v.course,
        measures: v.measures ?? '',
        deaths: v.deaths,
        seriousInjuries: v.seriousInjuries,
        minorInjuries: v.minorInjuries,
        missing: v.missing,
        directLossYuan: Math.round(v.lossWan * 10_000 * 100) / 100,
      };
      const r = await api<{ id: string }>('/accidents', { method: 'POST', body });
      form.resetFields();
      props.onDone(r.id);
    } catch (e) {
      if (isApiError(e) && e.field) {
        const name = e.field === 'directLossYuan' ? 'lossWan' : e.field;
        form.setFields([{ name: name as keyof Values, errors: [e.message] }]);
      }
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title={t('acc.form.title')}
      open={props.open}
      onCancel={props.onClose}
      width={760}
      footer={null}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          deaths: 0,
          seriousInjuries: 0,
          minorInjuries: 0,
          missing: 0,
          lossWan: 0,
          regionCode: me.regionCode || undefined,
        }}
        data-testid="accident-form"
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="occurredAt"
              label={t('acc.form.occurredAt')}
              rules={[{ required: true, message: t('acc.form.occurredAtRequired') }]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
                data-testid="accident-occurred-at"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="typeCode"
              label={t('acc.form.type')}
              rules={[{ required: true, message: t('acc.form.typeRequired') }]}
            >
              <Select
                options={L.typeOptions}
                showSearch
                optionFilterProp="label"
                data-testid="accident-type"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="regionCode"
              label={t('acc.form.region')}
              rules={[{ required: true, message: t('acc.form.regionRequired') }]}
            >
              <RegionSelect data-testid="accident-region" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="address" label={t('acc.form.address')}>
              <Input maxLength={300} data-testid="accident-address" />
            </Form.Item>
          </Col>
          {!enterprise && (
            <Col span={12}>
              <Form.Item name="enterpriseId" label={t('acc.form.enterprise')}>
                <RefSelect kind="enterprises" />
              </Form.Item>
            </Col>
          )}
          <Col span={12}>
            <Form.Item name="equipmentCategoryCode" label={t('acc.form.equipment')}>
              <Select
                allowClear
                options={L.equipOptions}
                placeholder={t('acc.form.noEquipment')}
                data-testid="accident-equipment"
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="roadTraffic" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>{t('acc.form.roadTraffic')}</Checkbox>
            </Form.Item>
          </Col>
          {(
            [
              ['deaths', 'acc.form.deaths'],
              ['seriousInjuries', 'acc.form.serious'],
              ['minorInjuries', 'acc.form.minor'],
              ['missing', 'acc.form.missing'],
            ] as const
          ).map(([name, label]) => (
            <Col span={6} key={name}>
              <Form.Item name={name} label={t(label)} rules={[{ required: true }]}>
                <InputNumber
                  min={0}
                  precision={0}
                  style={{ width: '100%' }}
                  data-testid={`accident-${name}`}
                />
              </Form.Item>
            </Col>
          ))}
          <Col span={12}>
            <Form.Item name="lossWan" label={t('acc.form.lossWan')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={4} style={{ width: '100%' }} data-testid="accident-loss" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="course"
              label={t('acc.form.course')}
              rules={[{ required: true, message: t('acc.form.courseRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={4000} data-testid="accident-course" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="measures" label={t('acc.form.measures')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="accident-submit">
          {t('acc.form.submit')}
        </Button>
      </Form>
    </Modal>
  );
}
