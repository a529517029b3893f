import { Link } from 'react-router';
import { Card, Col, Row, Statistic } from 'antd';
import { QrcodeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useT } from '../../i18n';

interface Participation {
  reports: number;
  handled: number;
  verified: number;
  verifiedPercent: string | null;
  duplicates: number;
  pointsIssued: number;
  pointsRedeemed: number;
}

/** On a site's page: this month's reports and points, and the printable report poster. */
export function SiteReportingCard({ siteId }: { siteId: string }) {
  const t = useT();
  const q = useQuery({
    queryKey: ['participation', siteId],
    queryFn: () => api<Participation>(`/sites/${siteId}/participation`),
  });
  const f = q.data;
  return (
    <Card
      size="small"
      title={t('rpt.site.title')}
      data-testid="site-reporting"
      extra={
        <Link to={`/public-reports/poster/${siteId}`} data-testid="site-poster-link">
          <QrcodeOutlined /> {t('rpt.poster.link')}
        </Link>
      }
    >
      {f ? (
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Statistic title={t('rpt.site.reports')} value={f.reports} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('rpt.site.verified')}
              value={f.verifiedPercent === null ? '—' : `${f.verifiedPercent}%`}
              suffix={
                <span style={{ fontSize: 12 }}>
                  ({f.verified}/{f.handled})
                </span>
              }
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('rpt.site.issued')} value={f.pointsIssued} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('rpt.site.redeemed')} value={f.pointsRedeemed} />
          </Col>
        </Row>
      ) : null}
    </Card>
  );
}
