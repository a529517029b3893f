import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Image,
  Input,
  Radio,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { isRegulator } from '@redline/domain';
import { api } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtTime, ReportStatusTag } from './shared';
import type { ReportItem } from './ReportsPage';

interface ReportView extends ReportItem {
  photoFileIds: string[];
  hazardId: string | null;
  duplicateOfReportId: string | null;
  duplicateOfHazardId: string | null;
  grade: 'general' | 'major' | null;
  outcomeReason: string | null;
  handledAt: string | null;
  reporterKnown: boolean;
  pointsAwarded: number | null;
}
interface Reporter {
  anonymous: boolean;
  name: string | null;
  contact: string | null;
  workerName: string | null;
}
type Outcome = 'hazard' | 'duplicate' | 'not_hazard' | 'adopted' | 'not_adopted';

/** One report: what, where, photos; the handler's answer; the audited reveal of the reporter. */
export default function ReportDetailPage() {
  const t = useT();
  const { id } = useParams();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reporter, setReporter] = useState<Reporter | null>(null);
  const [purpose, setPurpose] = useState('');
  const q = useQuery({
    queryKey: ['public-report', id],
    queryFn: () => api<ReportView>(`/public-reports/${id}`),
  });
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const v = q.data;
  if (!v) return null;
  const regulator = isRegulator(me.role);
  const canAnswer =
    v.status === 'received' && (regulator || (me.role === 'enterprise_manager' && v.kind === 'suggestion'));
  const outcomes: Outcome[] =
    v.kind === 'hazard' ? ['hazard', 'duplicate', 'not_hazard'] : ['adopted', 'not_adopted'];

  const answer = async (f: {
    grade?: 'general' | 'major';
    title?: string;
    reason?: string;
    duplicateOf?: string;
  }) => {
    if (!outcome) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/public-reports/${v.id}/verify`, {
        method: 'POST',
        body: {
          outcome,
          ...(outcome === 'hazard' && { grade: f.grade, title: f.title }),
          ...(f.reason && { reason: f.reason }),
          ...(outcome === 'duplicate' && f.duplicateOf && { duplicateOfReportId: f.duplicateOf }),
        },
      });
      message.success(t('rpt.detail.answered'));
      await qc.invalidateQueries({ queryKey: ['public-report', id] });
      await qc.invalidateQueries({ queryKey: ['public-reports'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const reveal = async () => {
    try {
      setReporter(
        await api<Reporter>(`/public-reports/${v.id}/reporter`, { method: 'POST', body: { purpose } }),
      );
    } catch (e) {
      message.error(errorMessage(t, e));
    }
  };

  return (
    <div data-testid="report-detail">
      <PageHeader
        title={
          <Space wrap>
            {t(v.kind === 'hazard' ? 'rpt.kind.hazard' : 'rpt.kind.suggestion')}
            <span style={{ fontFamily: 'monospace' }}>{v.trackingCode}</span>
            <ReportStatusTag status={v.status} />
            {v.overdue ? <Tag color="red">{t('rpt.overdue')}</Tag> : null}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('rpt.col.place')}>
            {v.siteName ?? v.regionName ?? v.regionCode} {v.address}
          </Descriptions.Item>
          <Descriptions.Item label={t('rpt.detail.enterprise')}>{v.enterpriseName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('rpt.col.received')}>{fmtTime(v.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('rpt.col.deadline')}>{fmtTime(v.deadline)}</Descriptions.Item>
          {v.channel ? (
            <Descriptions.Item label={t('rpt.detail.channel')}>
              {t(v.channel === 'worker' ? 'rpt.channel.worker' : 'rpt.channel.public')}
            </Descriptions.Item>
          ) : null}
          {v.pointsAwarded !== null && v.pointsAwarded !== 0 ? (
            <Descriptions.Item label={t('rpt.detail.points')}>{v.pointsAwarded}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('rpt.col.what')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {v.description}
            </Typography.Paragraph>
          </Descriptions.Item>
          {v.outcomeReason ? (
            <Descriptions.Item label={t('rpt.track.reason')} span={2}>
              {v.outcomeReason}
            </Descriptions.Item>
          ) : null}
          {v.hazardId ? (
            <Descriptions.Item label={t('rpt.track.hazard')}>
              <Link to={`/hazards/${v.hazardId}`} data-testid="report-hazard-link">
                {t('rpt.detail.openHazard')}
              </Link>
            </Descriptions.Item>
          ) : null}
          {v.duplicateOfReportId ? (
            <Descriptions.Item label={t('rpt.detail.duplicateOf')}>
              <Link to={`/public-reports/${v.duplicateOfReportId}`}>{t('rpt.detail.openReport')}</Link>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {v.photoFileIds.length ? (
          <Image.PreviewGroup>
            <Space wrap style={{ marginTop: 8 }}>
              {v.photoFileIds.map((f) => (
                <Image
                  key={f}
                  src={`/api/files/${f}`}
                  width={120}
                  height={120}
                  style={{ objectFit: 'cover' }}
                />
              ))}
            </Space>
          </Image.PreviewGroup>
        ) : null}
        {v.suspectedDuplicateOf && v.status === 'received' ? (
          <Alert
            style={{ marginTop: 8 }}
            type="warning"
            showIcon
            message={
              <>
                {t('rpt.detail.similar')}{' '}
                <Link to={`/public-reports/${v.suspectedDuplicateOf}`}>{t('rpt.detail.openReport')}</Link>
              </>
            }
          />
        ) : null}
      </Card>

      {canAnswer ? (
        <Card size="small" title={t('rpt.detail.answer')} style={{ marginBottom: 12 }}>
          <Radio.Group
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
            optionType="button"
            buttonStyle="solid"
            options={outcomes.map((o) => ({ value: o, label: t(`rpt.outcome.${o}` as MessageKey) }))}
            data-testid="report-outcome"
          />
          {outcome ? (
            <Form
              form={form}
              layout="vertical"
              style={{ marginTop: 12, maxWidth: 560 }}
              onFinish={answer}
              initialValues={{ grade: 'general', duplicateOf: v.suspectedDuplicateOf ?? undefined }}
            >
              {outcome === 'hazard' ? (
                <>
                  <Form.Item
                    name="title"
                    label={t('rpt.detail.hazardTitle')}
                    rules={[{ required: true, min: 2 }]}
                  >
                    <Input maxLength={200} data-testid="verify-title" />
                  </Form.Item>
                  <Form.Item name="grade" label={t('rpt.detail.grade')}>
                    <Radio.Group
                      options={[
                        { value: 'general', label: t('rpt.grade.general') },
                        { value: 'major', label: t('rpt.grade.major') },
                      ]}
                    />
                  </Form.Item>
                </>
              ) : null}
              {outcome === 'duplicate' ? (
                <Form.Item
                  name="duplicateOf"
                  label={t('rpt.detail.duplicateId')}
                  rules={[{ required: true }]}
                >
                  <Input />
                </Form.Item>
              ) : null}
              <Form.Item
                name="reason"
                label={t('rpt.detail.reason')}
                rules={
                  outcome === 'not_hazard' || outcome === 'not_adopted' ? [{ required: true, min: 4 }] : []
                }
                extra={t('rpt.detail.reasonHint')}
              >
                <Input.TextArea rows={2} maxLength={1000} data-testid="verify-reason" />
              </Form.Item>
              {error ? (
                <Alert type="error" showIcon message={errorMessage(t, error)} style={{ marginBottom: 8 }} />
              ) : null}
              <Button type="primary" htmlType="submit" loading={busy} data-testid="verify-submit">
                {t('rpt.detail.submit')}
              </Button>
            </Form>
          ) : null}
        </Card>
      ) : null}

      {v.reporterKnown && ['admin', 'leader', 'inspector'].includes(me.role) ? (
        <Card size="small" title={t('rpt.detail.reporter')}>
          {reporter ? (
            <Descriptions column={1} size="small" data-testid="reporter">
              <Descriptions.Item label={t('rpt.public.name')}>
                {reporter.name ?? reporter.workerName ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('rpt.public.contact')}>{reporter.contact ?? '—'}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
              <Input
                value={purpose}
                onChange={(e) => setPurpose(e.target.value)}
                placeholder={t('rpt.detail.purpose')}
              />
              <Button onClick={reveal} disabled={purpose.trim().length < 4}>
                {t('rpt.detail.reveal')}
              </Button>
            </Space.Compact>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
            {t('rpt.detail.revealHint')}
          </Typography.Paragraph>
        </Card>
      ) : null}
    </div>
  );
}
