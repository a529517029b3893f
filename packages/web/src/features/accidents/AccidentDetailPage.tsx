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
import { AccidentGradeTag, fmtInstant, moneyText } from './shared';
import { pickedInstant } from '../../lib/time';

type View = AccidentView;
const STATE: Record<string, [string, string]> = {
  met: ['green', '按时上报'],
  missed: ['red', '迟报'],
  pending: ['blue', '待上报'],
  late_pending: ['red', '已超时未报'],
};

/** One accident: the grade with its reason, the reporting deadlines met or missed, and every version. */
export default function AccidentDetailPage() {
  const { id } = useParams();
  const me = useCurrentUser();
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

  async function post(path: string, body: unknown) {
    setBusy(true);
    try {
      const v = await api<View>(`/accidents/${id}/${path}`, { method: 'POST', body });
      qc.setQueryData(['accident', id], v);
      qc.invalidateQueries({ queryKey: ['accidents'] });
      message.success('已保存');
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
        title={`${a.typeName ?? a.typeCode}事故 · ${a.occurredOn}`}
        sub={
          <Typography.Text type="secondary">{a.enterpriseName ?? a.projectName ?? a.address}</Typography.Text>
        }
        extra={<AccidentGradeTag grade={a.grade} />}
      />
      <Card size="small" title="事故等级" style={{ marginBottom: 12 }}>
        <Space direction="vertical">
          <Space>
            <AccidentGradeTag grade={a.grade} />
            <Typography.Text strong data-testid="accident-grade-reason">
              {a.gradeReason}
            </Typography.Text>
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.gradeBasis}
          </Typography.Text>
        </Space>
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={12}>
          <Card size="small" title="事故情况" style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="发生时间">{fmtInstant(a.occurredAt)}</Descriptions.Item>
              <Descriptions.Item label="地点">{`${a.regionName ?? a.regionCode} ${a.address}`}</Descriptions.Item>
              <Descriptions.Item label="事故单位">{a.enterpriseName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="项目">{a.projectName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="事故类型">{`${a.typeCode} ${a.typeName ?? ''}（GB 6441）`}</Descriptions.Item>
              <Descriptions.Item label="涉及特种设备">
                {a.equipmentCategoryName ?? '不涉及'}
              </Descriptions.Item>
              <Descriptions.Item label="死亡 / 重伤 / 轻伤 / 失踪">
                <span data-testid="accident-casualties">
                  {a.deaths} / {a.seriousInjuries} / {a.minorInjuries} / {a.missing}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label="直接经济损失">{moneyText(a.directLossYuan)}</Descriptions.Item>
              <Descriptions.Item label="简要经过">{a.course}</Descriptions.Item>
              <Descriptions.Item label="已采取措施">{a.measures || '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title="逐级上报（单位负责人 1 小时内报县级，每级 2 小时内上报）"
            style={{ marginBottom: 12 }}
          >
            <Table
              rowKey="level"
              size="small"
              pagination={false}
              dataSource={a.reporting}
              data-testid="accident-reporting"
              columns={[
                { title: '报至', dataIndex: 'levelName' },
                { title: '时限', render: (_, s) => fmtInstant(s.deadline) },
                { title: '上报时间', render: (_, s) => fmtInstant(s.reportedAt) },
                {
                  title: '状态',
                  render: (_, s) => <Tag color={STATE[s.state][0]}>{STATE[s.state][1]}</Tag>,
                },
              ]}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              时限自事故发生时起算（条例自单位负责人接到报告时起算，本记录未单独记录该时刻）。
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
                <Form.Item name="level" rules={[{ required: true, message: '选择层级' }]}>
                  <Select
                    style={{ width: 150 }}
                    placeholder="上报层级"
                    options={a.reporting
                      .filter((s) => !s.reportedAt)
                      .map((s) => ({ value: s.level, label: s.levelName }))}
                  />
                </Form.Item>
                <Form.Item name="at" rules={[{ required: true, message: '上报时间' }]}>
                  <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                </Form.Item>
                <Button htmlType="submit" loading={busy}>
                  记录上报
                </Button>
              </Form>
            )}
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={`伤亡人数与损失的版本（自事故发生之日起 ${a.updateWindow.days} 日内补报，至 ${a.updateWindow.lastDay}）`}
      >
        <Table
          rowKey="version"
          size="small"
          pagination={false}
          dataSource={a.versions}
          data-testid="accident-versions"
          columns={[
            { title: '版本', dataIndex: 'version', width: 60 },
            { title: '记录时间', render: (_, v) => fmtInstant(v.recordedAt) },
            { title: '死亡', dataIndex: 'deaths' },
            { title: '重伤', dataIndex: 'seriousInjuries' },
            { title: '轻伤', dataIndex: 'minorInjuries' },
            { title: '失踪', dataIndex: 'missing' },
            { title: '直接经济损失', render: (_, v) => moneyText(v.directLossYuan) },
            { title: '等级', render: (_, v) => <AccidentGradeTag grade={v.grade} /> },
            { title: '说明', dataIndex: 'note' },
          ]}
        />
        {!a.updateWindow.open && (
          <Alert
            style={{ marginTop: 8 }}
            type="info"
            showIcon
            message={`补报期限已于 ${a.updateWindow.lastDay} 届满，伤亡人数不再变更（统计以此为准）。`}
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
                ['deaths', '死亡'],
                ['seriousInjuries', '重伤'],
                ['minorInjuries', '轻伤'],
                ['missing', '失踪'],
              ] as const
            ).map(([n, l]) => (
              <Form.Item key={n} name={n} label={l} rules={[{ required: true }]}>
                <InputNumber min={0} precision={0} style={{ width: 80 }} />
              </Form.Item>
            ))}
            <Form.Item name="lossWan" label="损失（万元）" rules={[{ required: true }]}>
              <InputNumber min={0} precision={4} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="note" label="补报说明" rules={[{ required: true, message: '请说明变化' }]}>
              <Input style={{ width: 220 }} maxLength={1000} />
            </Form.Item>
            <Button htmlType="submit" type="primary" loading={busy}>
              补报
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
