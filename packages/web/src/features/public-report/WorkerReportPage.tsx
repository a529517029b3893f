import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Form, Input, List, Radio, Result, Select, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { useT } from '../../i18n';
import { fmtTime, PhotoPicker, ReportStatusTag, type PickedPhoto } from './shared';
import type { ReportItem } from './ReportsPage';

interface WorkerSite {
  id: string;
  name: string;
  enterpriseName: string | null;
  address: string;
}

/** A worker reports a hazard or sends a suggestion from one of their sites (phone), and sees their reports. */
export default function WorkerReportPage() {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const sites = useQuery({ queryKey: ['report-sites'], queryFn: () => api<WorkerSite[]>('/report-sites') });
  const mine = useQuery({
    queryKey: ['public-reports', 'mine'],
    queryFn: () => api<PageOf<ReportItem>>('/public-reports', { query: { pageSize: 20 } }),
  });
  const submit = async (v: { siteId: string; kind: 'hazard' | 'suggestion'; description: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ trackingCode: string }>('/public-reports', {
        method: 'POST',
        body: { ...v, photos: photos.map((p) => ({ name: p.name, data: p.data })) },
      });
      setDone(r.trackingCode);
      setPhotos([]);
      form.resetFields(['description']);
      await qc.invalidateQueries({ queryKey: ['public-reports'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const first = sites.data?.[0]?.id;
  return (
    <div data-testid="worker-report-page" style={{ maxWidth: 640 }}>
      {done ? (
        <Result
          status="success"
          title={t('rpt.worker.sent')}
          subTitle={<span data-testid="worker-tracking-code">{done}</span>}
          extra={<Button onClick={() => setDone(null)}>{t('rpt.worker.another')}</Button>}
        />
      ) : (
        <Card title={t('rpt.worker.title')} size="small" style={{ marginBottom: 12 }}>
          {sites.data && sites.data.length === 0 ? (
            <Alert type="info" message={t('rpt.worker.noSite')} />
          ) : null}
          {first ? (
            <Form
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{ siteId: first, kind: 'hazard' }}
            >
              <Form.Item name="siteId" label={t('rpt.worker.site')}>
                <Select
                  options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                  data-testid="worker-site"
                />
              </Form.Item>
              <Form.Item name="kind">
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={[
                    { value: 'hazard', label: t('rpt.kind.hazard') },
                    { value: 'suggestion', label: t('rpt.kind.suggestion') },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="description"
                label={t('rpt.public.what')}
                rules={[{ required: true, min: 5, message: t('rpt.public.whatRequired') }]}
              >
                <Input.TextArea rows={4} maxLength={2000} showCount data-testid="worker-description" />
              </Form.Item>
              <Form.Item label={t('rpt.public.photos')}>
                <PhotoPicker photos={photos} onChange={setPhotos} />
              </Form.Item>
              {error ? (
                <Alert type="error" showIcon message={errorMessage(t, error)} style={{ marginBottom: 8 }} />
              ) : null}
              <Button
                type="primary"
                htmlType="submit"
                size="large"
                block
                loading={busy}
                data-testid="worker-submit"
              >
                {t('rpt.public.submit')}
              </Button>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
                {t('rpt.worker.privacy')}
              </Typography.Paragraph>
            </Form>
          ) : null}
        </Card>
      )}
      <Card title={t('rpt.worker.mine')} size="small" extra={<Link to="/points">{t('pts.title')}</Link>}>
        <List
          dataSource={mine.data?.items ?? []}
          loading={mine.isLoading}
          renderItem={(r) => (
            <List.Item data-testid="my-report">
              <List.Item.Meta
                title={
                  <>
                    <ReportStatusTag status={r.status} /> {r.description.slice(0, 40)}
                  </>
                }
                description={`${fmtTime(r.createdAt)} · ${r.siteName ?? ''}`}
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
