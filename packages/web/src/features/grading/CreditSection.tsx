import { useEffect, useState } from 'react';
import {
  App as AntApp,
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CREDIT_CONDITION_CODES, type CreditRecordView } from '@redline/contracts';
import type { Static } from '@sinclair/typebox';
import type { EnterpriseCredit } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtTime } from '../hazards/shared';
import { JointPunishmentTag } from './shared';

type Credit = Static<typeof EnterpriseCredit>;

/** The credit section of an enterprise's page: serious-untrustworthy listings, history, listing and early removal. */
export function CreditSection({ enterpriseId }: { enterpriseId: string }) {
  const t = useT();
  const qc = useQueryClient();
  const credit = useQuery({
    queryKey: ['credit', enterpriseId],
    queryFn: () => api<Credit>(`/enterprises/${enterpriseId}/credit`),
  });
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<CreditRecordView | null>(null);
  const changed = () => {
    void qc.invalidateQueries({ queryKey: ['credit', enterpriseId] });
    void qc.invalidateQueries({ queryKey: ['grade-badges'] });
    void qc.invalidateQueries({ queryKey: ['grade'] });
  };
  // Follow a link to one record (#credit-<id>).
  useEffect(() => {
    if (!credit.data || !window.location.hash.startsWith('#credit-')) return;
    document.getElementById(window.location.hash.slice(1))?.scrollIntoView({ block: 'center' });
  }, [credit.data]);
  const d = credit.data;
  return (
    <Card
      size="small"
      id="credit"
      title={
        <Space>
          {t('cr.title')}
          {d?.jointPunishment && <JointPunishmentTag />}
        </Space>
      }
      extra={
        d?.canList ? (
          <Button size="small" danger onClick={() => setAdding(true)} data-testid="credit-add">
            {t('cr.add')}
          </Button>
        ) : null
      }
      data-testid="credit-section"
    >
      <Typography.Paragraph type="secondary">{t('cr.sub')}</Typography.Paragraph>
      {d && d.records.length === 0 && <Typography.Text type="secondary">{t('cr.none')}</Typography.Text>}
      <Flex vertical gap={12}>
        {d?.records.map((r) => (
          <Card
            key={r.id}
            size="small"
            type="inner"
            id={`credit-${r.id}`}
            data-testid="credit-record"
            title={
              <Space wrap>
                <Tag color={r.inForce ? 'red' : 'default'}>
                  {r.inForce ? t('cr.inForce') : r.removedOn ? t('cr.removed') : t('cr.ended')}
                </Tag>
                {t(`cr.c.${r.conditionCode}` as MessageKey)}
              </Space>
            }
            extra={
              d.canList && r.inForce ? (
                <Button size="small" onClick={() => setRemoving(r)} data-testid="credit-remove">
                  {t('cr.remove')}
                </Button>
              ) : null
            }
          >
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'c', label: t('cr.conditionText'), children: r.conditionText, span: 'filled' },
                { key: 'a', label: t('cr.authority'), children: r.authorityName },
                { key: 'n', label: t('cr.decisionNo'), children: r.decisionNo || '—' },
                { key: 's', label: t('cr.starts'), children: r.startsOn },
                { key: 'e', label: t('cr.plannedEnd'), children: r.plannedEndOn },
                { key: 'r', label: t('cr.repairFrom'), children: r.repairFrom },
              ]}
            />
            <Timeline
              style={{ marginTop: 12, marginBottom: -16 }}
              items={r.history.map((h) => ({
                color: h.action === 'listed' ? 'red' : 'green',
                children: `${fmtTime(h.at)} ${t(h.action === 'listed' ? 'cr.history.listed' : 'cr.history.removed')} · ${h.byName ?? ''} · ${h.note}`,
              }))}
            />
          </Card>
        ))}
      </Flex>
      <AddDialog
        open={adding}
        enterpriseId={enterpriseId}
        onClose={() => setAdding(false)}
        onDone={changed}
      />
      <RemoveDialog record={removing} onClose={() => setRemoving(null)} onDone={changed} />
    </Card>
  );
}

function AddDialog(props: { open: boolean; enterpriseId: string; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{
    conditionCode: string;
    conditionText: string;
    decisionNo?: string;
    startsOn: Dayjs;
  }>();
  const save = useMutation({
    mutationFn: (body: object) => api<CreditRecordView>('/credit-records', { method: 'POST', body }),
    onSuccess: () => {
      props.onDone();
      props.onClose();
      form.resetFields();
      message.success(t('cr.add.done'));
    },
  });
  return (
    <Modal
      open={props.open}
      title={t('cr.add')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.error && (
        <Alert type="error" showIcon message={(save.error as Error).message} style={{ marginBottom: 12 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ startsOn: dayjs() }}
        onFinish={(x) =>
          save.mutate({
            enterpriseId: props.enterpriseId,
            conditionCode: x.conditionCode,
            conditionText: x.conditionText,
            decisionNo: x.decisionNo || undefined,
            startsOn: x.startsOn.format('YYYY-MM-DD'),
          })
        }
      >
        <Form.Item name="conditionCode" label={t('cr.condition')} rules={[{ required: true }]}>
          <Select
            options={CREDIT_CONDITION_CODES.map((c) => ({ value: c, label: t(`cr.c.${c}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item name="conditionText" label={t('cr.conditionText')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="decisionNo" label={t('cr.decisionNo')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="startsOn" label={t('cr.starts')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RemoveDialog(props: { record: CreditRecordView | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ reason: string; removedOn: Dayjs }>();
  const r = props.record;
  const save = useMutation({
    mutationFn: (body: object) =>
      api<CreditRecordView>(`/credit-records/${r!.id}/removal`, { method: 'POST', body }),
    onSuccess: () => {
      props.onDone();
      props.onClose();
      form.resetFields();
      message.success(t('cr.remove.done'));
    },
  });
  return (
    <Modal
      open={r !== null}
      title={t('cr.remove')}
      onCancel={() => {
        save.reset();
        props.onClose();
      }}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {r && (
        <Typography.Paragraph type="secondary">
          {t('cr.repairFrom')}：{r.repairFrom}
        </Typography.Paragraph>
      )}
      {save.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="credit-remove-error"
          message={
            isApiError(save.error) && save.error.code === 'CREDIT_REPAIR_TOO_EARLY' && r
              ? t('cr.remove.tooEarly', { date: r.repairFrom, start: r.startsOn })
              : (save.error as Error).message
          }
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ removedOn: dayjs() }}
        onFinish={(x) => save.mutate({ reason: x.reason, removedOn: x.removedOn.format('YYYY-MM-DD') })}
      >
        <Form.Item name="removedOn" label={t('cr.remove.on')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="reason" label={t('cr.remove.reason')} rules={[{ required: true, min: 4 }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
