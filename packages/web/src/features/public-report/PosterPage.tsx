import { useParams } from 'react-router';
import { Button, Card, Space, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { useT } from '../../i18n';

interface Link {
  siteId: string;
  siteName: string;
  token: string;
  path: string;
  url: string;
  qrSvg: string;
}

/** A site's printable report poster: the QR code of its public report address. */
export default function PosterPage() {
  const t = useT();
  const { siteId } = useParams();
  const q = useQuery({
    queryKey: ['report-link', siteId],
    queryFn: () => api<Link>(`/sites/${siteId}/report-link`),
  });
  if (q.error) return <ErrorState error={q.error} />;
  const v = q.data;
  if (!v) return null;
  return (
    <div data-testid="poster-page">
      <Space className="no-print" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('rpt.poster.print')}
        </Button>
      </Space>
      <Card style={{ maxWidth: 560, margin: '0 auto', textAlign: 'center' }}>
        <Typography.Title level={2}>{t('rpt.poster.title')}</Typography.Title>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {v.siteName}
        </Typography.Title>
        <div
          style={{ width: 280, margin: '0 auto' }}
          dangerouslySetInnerHTML={{ __html: v.qrSvg }}
          data-testid="poster-qr"
        />
        <Typography.Paragraph style={{ fontSize: 16 }}>{t('rpt.poster.scan')}</Typography.Paragraph>
        <Typography.Paragraph
          copyable={{ text: v.url }}
          style={{ fontFamily: 'monospace' }}
          data-testid="poster-url"
        >
          {v.url}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('rpt.poster.promise')}</Typography.Paragraph>
      </Card>
    </div>
  );
}
