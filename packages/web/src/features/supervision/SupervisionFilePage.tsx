import { Link, useParams } from 'react-router';
import { App as AntApp, Button, Card, Empty, Tag, Timeline, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { SupervisionFile } from '@redline/contracts';
import { api, downloadFile, isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { PageSpin } from '../../app/AppLayout';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtTime } from '../hazards/shared';
import { AccountabilityCard } from '../campaigns/AccountabilityCard';

const COLOURS: Record<string, string> = {
  inspection: 'blue',
  hazard: 'orange',
  document: 'green',
  case: 'purple',
  alarm: 'red',
  accident: 'red',
  accountability: 'purple',
};

/** Everything that ever happened to an enterprise or project, on one page, and as one PDF dossier. */
export default function SupervisionFilePage() {
  const { subject = 'enterprise', id = '' } = useParams();
  const t = useT();
  const { message } = AntApp.useApp();
  const q = useQuery({
    queryKey: ['supervision-file', subject, id],
    queryFn: () => api<SupervisionFile>(`/supervision-file/${subject}/${id}`),
  });
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!q.data) return <PageSpin />;
  const f = q.data;
  return (
    <div data-testid="supervision-file-page">
      <PageHeader
        title={`${t('sf.title')} · ${f.subject.name}`}
        sub={
          <Typography.Text type="secondary">
            {t('sf.counts', {
              inspections: f.counts.inspections,
              hazards: f.counts.hazards,
              open: f.counts.openHazards,
              documents: f.counts.documents,
            })}
          </Typography.Text>
        }
        extra={
          <Button
            icon={<FilePdfOutlined />}
            onClick={() =>
              downloadFile(`/supervision-file/${subject}/${id}/pdf`, {}, 'dossier.pdf').catch((e) =>
                message.error(isApiError(e) ? e.message : String(e)),
              )
            }
            data-testid="export-dossier"
          >
            {t('sf.export')}
          </Button>
        }
      />
      {subject === 'enterprise' && <AccountabilityCard enterpriseId={id} />}
      <Card size="small">
        {f.entries.length ? (
          <Timeline
            items={f.entries.map((e) => ({
              color: COLOURS[e.kind] ?? 'gray',
              children: (
                <div data-testid="sf-entry" data-kind={e.kind}>
                  <Tag color={COLOURS[e.kind]}>{t(`sf.kind.${e.kind}` as MessageKey)}</Tag>
                  {e.link ? <Link to={e.link}>{e.title}</Link> : e.title}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmtTime(e.at)}
                      {e.detail ? ` · ${e.detail}` : ''}
                    </Typography.Text>
                  </div>
                </div>
              ),
            }))}
          />
        ) : (
          <Empty description={t('sf.empty')} />
        )}
      </Card>
    </div>
  );
}
