import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Select, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, isApiError } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { useT } from '../../i18n';
import { PhotoPicker, PublicShell, type PickedPhoto } from './shared';

interface Site {
  siteName: string;
  regionCode: string;
  regionName: string;
  address: string;
}
interface Receipt {
  trackingCode: string;
  status: string;
  deadline: string;
  mergedAsDuplicate: boolean;
}

/** A random id this browser keeps, so the per-device limit does not hit other people on the same network. */
function deviceId(): string {
  try {
    let id = localStorage.getItem('redline.device');
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem('redline.device', id);
    }
    return id;
  } catch {
    return '';
  }
}

async function postReport(body: unknown): Promise<Receipt> {
  const device = deviceId();
  const res = await fetch('/api/public/reports', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      ...(device && { 'X-Device-Id': device }),
    },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(
      res.status,
      json?.error?.code ?? `HTTP_${res.status}`,
      json?.error?.message ?? res.statusText,
      json?.error?.field,
    );
  return json as Receipt;
}

/**
 * The public report page (no login): reached from a site's QR poster (/r/<token>) or directly (/r),
 * then the place is a county or town and an address. Anonymous by default; the reporter gets a
 * tracking code to follow the handling at /t/<code>.
 */
export default function PublicReportPage() {
  const t = useT();
  const { siteToken } = useParams();
  const [form] = Form.useForm();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [anonymous, setAnonymous] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [regionQuery, setRegionQuery] = useState('');
  const site = useQuery({
    queryKey: ['report-site', siteToken],
    queryFn: () => api<Site>(`/public/report-sites/${siteToken}`),
    enabled: !!siteToken,
  });
  const regions = useQuery({
    queryKey: ['public-regions', regionQuery],
    queryFn: () =>
      api<Array<{ code: string; name: string }>>('/public/regions', { query: { q: regionQuery } }),
    enabled: !siteToken && regionQuery.trim().length >= 2,
  });

  const submit = async (v: {
    description: string;
    regionCode?: string;
    address?: string;
    name?: string;
    contact?: string;
  }) => {
    setBusy(true);
    setError(null);
    try {
      setReceipt(
        await postReport({
          ...(siteToken ? { siteToken } : { regionCode: v.regionCode }),
          ...(v.address ? { address: v.address } : {}),
          description: v.description,
          photos: photos.map((p) => ({ name: p.name, data: p.data })),
          anonymous,
          ...(!anonymous && { name: v.name || undefined, contact: v.contact }),
        }),
      );
      window.scrollTo(0, 0);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (siteToken && site.isLoading)
    return (
      <PublicShell>
        <Spin />
      </PublicShell>
    );
  if (siteToken && site.error)
    return (
      <PublicShell>
        <Result
          status="warning"
          title={t('rpt.public.posterGone')}
          extra={<Link to="/r">{t('rpt.public.reportElsewhere')}</Link>}
        />
      </PublicShell>
    );

  if (receipt)
    return (
      <PublicShell>
        <Result
          status="success"
          title={t('rpt.public.thanks')}
          subTitle={
            receipt.mergedAsDuplicate
              ? t('rpt.public.merged')
              : t('rpt.public.deadline', { d: new Date(receipt.deadline).toLocaleDateString('zh-CN') })
          }
          extra={
            <div>
              <Typography.Paragraph>{t('rpt.public.keepCode')}</Typography.Paragraph>
              <Typography.Title
                level={2}
                copyable
                data-testid="tracking-code"
                style={{ letterSpacing: 2, fontFamily: 'monospace' }}
              >
                {receipt.trackingCode}
              </Typography.Title>
              <Link to={`/t/${receipt.trackingCode}`} data-testid="tracking-link">
                <Button type="primary" size="large">
                  {t('rpt.public.follow')}
                </Button>
              </Link>
            </div>
          }
        />
      </PublicShell>
    );

  return (
    <PublicShell>
      <Card data-testid="public-report-page">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('rpt.public.title')}
        </Typography.Title>
        {site.data ? (
          <div data-testid="report-site-name">
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={site.data.siteName}
              description={site.data.address || site.data.regionName}
            />
          </div>
        ) : null}
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('rpt.public.intro')}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          {!siteToken ? (
            <>
              <Form.Item
                name="regionCode"
                label={t('rpt.public.region')}
                rules={[{ required: true, message: t('rpt.public.regionRequired') }]}
              >
                <Select
                  showSearch
                  filterOption={false}
                  onSearch={setRegionQuery}
                  placeholder={t('rpt.public.regionPlaceholder')}
                  notFoundContent={regions.isFetching ? <Spin size="small" /> : null}
                  options={(regions.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
                  data-testid="report-region"
                />
              </Form.Item>
              <Form.Item
                name="address"
                label={t('rpt.public.address')}
                rules={[{ required: true, min: 2, message: t('rpt.public.addressRequired') }]}
              >
                <Input maxLength={300} data-testid="report-address" />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="address" label={t('rpt.public.spot')}>
              <Input
                maxLength={300}
                placeholder={t('rpt.public.spotPlaceholder')}
                data-testid="report-address"
              />
            </Form.Item>
          )}
          <Form.Item
            name="description"
            label={t('rpt.public.what')}
            rules={[{ required: true, min: 5, message: t('rpt.public.whatRequired') }]}
          >
            <Input.TextArea
              rows={4}
              maxLength={2000}
              showCount
              placeholder={t('rpt.public.whatPlaceholder')}
              data-testid="report-description"
            />
          </Form.Item>
          <Form.Item label={t('rpt.public.photos')}>
            <PhotoPicker photos={photos} onChange={setPhotos} />
          </Form.Item>
          <Form.Item>
            <Checkbox
              checked={anonymous}
              onChange={(e) => setAnonymous(e.target.checked)}
              data-testid="report-anonymous"
            >
              {t('rpt.public.anonymous')}
            </Checkbox>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
              {anonymous ? t('rpt.public.anonymousHint') : t('rpt.public.namedHint')}
            </Typography.Paragraph>
          </Form.Item>
          {!anonymous ? (
            <>
              <Form.Item name="name" label={t('rpt.public.name')}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item
                name="contact"
                label={t('rpt.public.contact')}
                rules={[{ required: true, message: t('rpt.public.contactRequired') }]}
              >
                <Input maxLength={100} inputMode="tel" />
              </Form.Item>
            </>
          ) : null}
          {error ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              message={
                isApiError(error) && error.status === 429 ? t('rpt.public.tooMany') : errorMessage(t, error)
              }
              data-testid="report-error"
            />
          ) : null}
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={busy}
            data-testid="report-submit"
          >
            {t('rpt.public.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
          {t('rpt.public.hotline')}
        </Typography.Paragraph>
      </Card>
    </PublicShell>
  );
}
