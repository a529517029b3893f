import { useState } from 'react';
import { useParams } from 'react-router';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccidentView } from '@redline/contracts';
import { isRegulator } from '@redline/domain';
import { api, isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import { pickedInstant } from '../../lib/time';
import { gradeReasonEn } from './grade-reason';
import { AccidentGradeTag, fmtInstant, useAccidentLabels } from './shared';

type View = AccidentView;
const FIRST_REPORT_NOTE = '首报';
const STATE_COLOR: Record<View['reporting'][number]['state'], string> = {
  met: 'green',
  missed: 'red',
  pending: 'blue',
  late_pending: 'red',
};

/** One accident: the grade with its reason, the reporting deadlines met or missed, and every version. */
export default function AccidentDetailPage() {
  const { id } = useParams();
  const me = useCurrentUser();
  const t = useT();
  const L = useAccidentLabels();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: ['accident', id], queryFn: () => api<View>(`/accidents/${id}`) });
  const [busy, setBusy] = useState(false);
  const [updateForm] = Form.useForm();
  const [reportForm] = Form.useForm();
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const a = q.data;
  if (!a) return null;
  const regulator = isRegulator(me.role);
  const facts = {
    deaths: a.deaths,
    seriousInjuries: a.seriousInjuries,
    directLossYuan: Number(a.directLossYuan),
  };

  async function post(path: string, body: unknown) {
    setBusy(true);
    try {
      const v = await api<View>(`/accidents/${id}/${path}`, { method: 'POST', body });
      qc.setQueryData(['accident', id], v);
      qc.invalidateQueries({ queryKey: ['accidents'] });
      message.success(t('common.saved'));
      return true;
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="accident-detail">
      <PageHeader
        title={t('acc.detail.title', { type: L.type(a.typeCode), date: a.occurredOn })}
        sub={
          <Typography.Text type="secondary">{a.enterpriseName ?? a.projectName ?? a.address}</Typography.Text>
        }
        extra={<AccidentGradeTag grade={a.grade} />}
      />
      <Card size="small" title={t('acc.detail.grade')} style={{ marginBottom: 12 }}>
        <Space direction="vertical">
          <Space>
            <AccidentGradeTag grade={a.grade} />
            <Typography.Text strong data-testid="accident-grade-reason">
              {/* the server words the reason and the rule in Chinese only */}
              {L.lang === 'zh' ? a.gradeReason : gradeReasonEn(t, facts)}
            </Typography.Text>
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {L.lang === 'zh' ? a.gradeBasis : t('acc.detail.gradeBasis')}
          </Typography.Text>
        </Space>
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('acc.detail.facts')} style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('acc.col.occurredAt')}>
                {fmtInstant(a.occurredAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('acc.detail.place')}>
                {`${L.region(a.regionCode, a.regionName)} ${a.address}`}
              </Descriptions.Item>
              <Descriptions.Item label={t('acc.detail.enterprise')}>
                {a.enterpriseName ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('acc.detail.project')}>{a.projectName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('acc.detail.type')}>
                {t('acc.detail.typeValue', { code: a.typeCode, name: L.type(a.typeCode) })}
              </Descriptions.Item>
              <Descriptions.Item label={t('acc.detail.equipment')}>
                {L.equip(a.equipmentCategoryCode, a.equipmentCategoryName)}
              </Descriptions.Item>
              <Descriptions.Item label={t('acc.col.casualties')}>
                <span data-testid="accident-casualties">
                  {a.deaths} / {a.seriousInjuries} / {a.minorInjuries} / {a.missing}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('acc.col.loss')}>{L.money(a.directLossYuan)}</Descriptions.Item>
              <Descriptions.Item label={t('acc.detail.course')}>{a.course}</Descriptions.Item>
              <Descriptions.Item label={t('acc.detail.measures')}>{a.measures || '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('acc.detail.reporting')} style={{ marginBottom: 12 }}>
            <Table
              rowKey="level"
              size="small"
              pagination={false}
              dataSource={a.reporting}
              data-testid="accident-reporting"
              columns={[
                { title: t('acc.detail.reportTo'), render: (_, s) => L.level(s.level) },
                { title: t('acc.detail.deadline'), render: (_, s) => fmtInstant(s.deadline) },
                { title: t('acc.detail.reportedAt'), render: (_, s) => fmtInstant(s.reportedAt) },
                {
                  title: t('acc.detail.state'),
                  render: (_, s) => <Tag color={STATE_COLOR[s.state]}>{L.state(s.state)}</Tag>,
                },
              ]}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('acc.detail.clockNote')}
            </Typography.Text>
            {regulator && (
              <Form
                form={reportForm}
                layout="inline"
                style={{ marginTop: 8 }}
                onFinish={async (v: { level: string; at: Dayjs }) => {
                  if (await post('reported', { level: v.level, at: pickedInstant(v.at) }))
                    reportForm.resetFields();
                }}
              >
                <Form.Item name="level" rules={[{ required: true, message: t('acc.detail.pickLevel') }]}>
                  <Select
                    style={{ width: 150 }}
                    placeholder={t('acc.detail.level')}
                    options={a.reporting
                      .filter((s) => !s.reportedAt)
                      .map((s) => ({ value: s.level, label: L.level(s.level) }))}
                  />
                </Form.Item>
                <Form.Item name="at" rules={[{ required: true, message: t('acc.detail.reportedAt') }]}>
                  <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                </Form.Item>
                <Button htmlType="submit" loading={busy}>
                  {t('acc.detail.recordReported')}
                </Button>
              </Form>
            )}
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('acc.detail.versions', { days: a.updateWindow.days, lastDay: a.updateWindow.lastDay })}
      >
        <Table
          rowKey="version"
          size="small"
          pagination={false}
          dataSource={a.versions}
          data-testid="accident-versions"
          columns={[
            { title: t('acc.detail.version'), dataIndex: 'version', width: 60 },
            { title: t('acc.detail.recordedAt'), render: (_, v) => fmtInstant(v.recordedAt) },
            { title: t('acc.detail.deaths'), dataIndex: 'deaths' },
            { title: t('acc.detail.serious'), dataIndex: 'seriousInjuries' },
            { title: t('acc.detail.minor'), dataIndex: 'minorInjuries' },
            { title: t('acc.detail.missing'), dataIndex: 'missing' },
            { title: t('acc.col.loss'), render: (_, v) => L.money(v.directLossYuan) },
            { title: t('acc.col.grade'), render: (_, v) => <AccidentGradeTag grade={v.grade} /> },
            {
              title: t('acc.detail.note'),
              // the server writes version 1's note itself, always 首报: a label, not the user's words
              render: (_, v) =>
                v.version === 1 && v.note === FIRST_REPORT_NOTE ? t('acc.detail.firstReport') : v.note,
            },
          ]}
        />
        {!a.updateWindow.open && (
          <Alert
            style={{ marginTop: 8 }}
            type="info"
            showIcon
            message={t('acc.detail.windowClosed', { lastDay: a.updateWindow.lastDay })}
          />
        )}
        {regulator && a.updateWindow.open && (
          <Form
            form={updateForm}
            layout="inline"
            style={{ marginTop: 12, rowGap: 8 }}
            initialValues={{
              deaths: a.deaths,
              seriousInjuries: a.seriousInjuries,
              minorInjuries: a.minorInjuries,
              missing: a.missing,
              lossWan: Number(a.directLossYuan) / 10_000,
            }}
            onFinish={async (v) => {
              const ok = await post('versions', {
                deaths: v.deaths,
                seriousInjuries: v.seriousInjuries,
                minorInjuries: v.minorInjuries,
                missing: v.missing,
                directLossYuan: Math.round(v.lossWan * 10_000 * 100) / 100,
                note: v.note,
              });
              if (ok) updateForm.setFieldValue('note', '');
            }}
            data-testid="accident-update-form"
          >
            {(
              [
                ['deaths', 'acc.detail.deaths'],
                ['seriousInjuries', 'acc.detail.serious'],
                ['minorInjuries', 'acc.detail.minor'],
                ['missing', 'acc.detail.missing'],
              ] as const
            ).map(([n, l]) => (
              <Form.Item key={n} name={n} label={t(l)} rules={[{ required: true }]}>
                <InputNumber min={0} precision={0} style={{ width: 80 }} />
              </Form.Item>
            ))}
            <Form.Item name="lossWan" label={t('acc.detail.lossWan')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={4} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item
              name="note"
              label={t('acc.detail.updateNote')}
              rules={[{ required: true, message: t('acc.detail.updateNoteRequired') }]}
            >
              <Input style={{ width: 220 }} maxLength={1000} />
            </Form.Item>
            <Button htmlType="submit" type="primary" loading={busy}>
              {t('acc.detail.update')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
