import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Input, Space, Spin, Steps, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { useT } from '../../i18n';
import { fmtTime, PublicShell, ReportStatusTag, type ReportStatus } from './shared';

interface Tracking {
  trackingCode: string;
  kind: 'hazard' | 'suggestion';
  status: ReportStatus;
  statusName: string;
  place: string;
  receivedAt: string;
  deadline: string;
  handledAt: string | null;
  outcomeReason: string | null;
  hazard: { status: string; statusName: string; closed: boolean } | null;
}

/** Following a report by its tracking code, without an account: the handling, never the reporter. */
export default function TrackingPage() {
  const t = useT();
  const navigate = useNavigate();
  const { code } = useParams();
  const [input, setInput] = useState(code ?? '');
  const q = useQuery({
    queryKey: ['tracking', code],
    queryFn: () => api<Tracking>(`/public/reports/${encodeURIComponent(code!)}`),
    enabled: !!code,
  });
  const v = q.data;
  return (
    <PublicShell>
      <Card style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('rpt.track.title')}
        </Typography.Title>
        <Space.Compact style={{ width: '100%' }}>
          <Input
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder={t('rpt.track.placeholder')}
            onPressEnter={() => input.trim() && navigate(`/t/${input.trim()}`)}
            data-testid="tracking-input"
          />
          <Button type="primary" onClick={() => input.trim() && navigate(`/t/${input.trim()}`)}>
            {t('rpt.track.go')}
          </Button>
        </Space.Compact>
      </Card>
      {q.isLoading ? <Spin /> : null}
      {q.error ? (
        <Alert
          type="warning"
          showIcon
          message={
            isApiError(q.error) && q.error.status === 404 ? t('rpt.track.notFound') : errorMessage(t, q.error)
          }
        />
      ) : null}
      {v ? (
        <Card data-testid="tracking-card">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('rpt.track.code')}>
              <span style={{ fontFamily: 'monospace' }}>{v.trackingCode}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('rpt.track.status')}>
              <ReportStatusTag status={v.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('rpt.track.place')}>{v.place}</Descriptions.Item>
            <Descriptions.Item label={t('rpt.track.received')}>{fmtTime(v.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('rpt.track.deadline')}>{fmtTime(v.deadline)}</Descriptions.Item>
            {v.handledAt ? (
              <Descriptions.Item label={t('rpt.track.handled')}>{fmtTime(v.handledAt)}</Descriptions.Item>
            ) : null}
            {v.outcomeReason ? (
              <Descriptions.Item label={t('rpt.track.reason')}>
                <span data-testid="tracking-reason">{v.outcomeReason}</span>
              </Descriptions.Item>
            ) : null}
            {v.hazard ? (
              <Descriptions.Item label={t('rpt.track.hazard')}>
                <span data-testid="tracking-hazard">{v.hazard.statusName}</span>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Steps
            direction="vertical"
            size="small"
            style={{ marginTop: 12 }}
            current={v.status === 'received' ? 1 : v.hazard ? (v.hazard.closed ? 3 : 2) : 2}
            items={[
              { title: t('rpt.track.step.received') },
              { title: t('rpt.track.step.verifying') },
              { title: v.status === 'received' ? t('rpt.track.step.answer') : v.statusName },
              ...(v.hazard ? [{ title: t('rpt.track.step.fixed') }] : []),
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
            {t('rpt.track.privacy')}
          </Typography.Paragraph>
        </Card>
      ) : null}
    </PublicShell>
  );
}
