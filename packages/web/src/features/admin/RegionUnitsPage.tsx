import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateRegionUnitBody, RegionDetail, RegionList, RegionNode } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { useLabels } from '../../api/reference';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { RegionSelect } from '../../components/RegionSelect';
import { localName, useLang, useT } from '../../i18n';

/**
 * Administrators add a unit below a county (an industrial park, a new street): the county, a 9-digit
 * code extending it, the names and the basis. The server checks the code and audits the addition; the
 * county's units are listed beside the form with where each came from.
 */
export default function RegionUnitsPage() {
  const t = useT();
  const [lang] = useLang();
  const labels = useLabels();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<CreateRegionUnitBody>();
  const parentCode = Form.useWatch('parentCode', form);
  const county = parentCode && parentCode.length === 6 ? parentCode : null;
  const [busy, setBusy] = useState(false);
  const children = useQuery({
    queryKey: ['regions', 'children', county],
    queryFn: () => api<RegionList>('/regions', { query: { parent: county! } }),
    enabled: !!county,
  });

  async function onFinish(values: CreateRegionUnitBody) {
    setBusy(true);
    try {
      const body: CreateRegionUnitBody = {
        code: values.code.trim(),
        parentCode: values.parentCode,
        zh: values.zh,
        ...(values.en ? { en: values.en } : {}),
        ...(values.note ? { note: values.note } : {}),
      };
      const d = await api<RegionDetail>('/regions', { method: 'POST', body });
      message.success(t('regions.added', { name: d.region.zh, code: d.region.code }));
      form.resetFields(['code', 'zh', 'en', 'note']);
      await qc.invalidateQueries({ queryKey: ['regions'] });
      await qc.invalidateQueries({ queryKey: ['reference'] });
    } catch (e) {
      if (isApiError(e) && e.field && ['code', 'parentCode', 'zh', 'en', 'note'].includes(e.field))
        form.setFields([{ name: e.field as keyof CreateRegionUnitBody, errors: [e.message] }]);
      else message.error(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title={t('regions.title')} sub={t('regions.sub')} testId="region-units" />
      <Card style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" onFinish={onFinish} style={{ maxWidth: 560 }}>
          <Form.Item name="parentCode" label={t('regions.parent')} rules={[{ required: true }]}>
            <RegionSelect placeholder="" allowClear={false} data-testid="region-parent" />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('regions.code')}
            extra={t('regions.codeHint')}
            rules={[{ required: true, pattern: /^\d{9}$/ }]}
          >
            <Input maxLength={9} placeholder={county ? `${county}601` : ''} data-testid="region-code" />
          </Form.Item>
          <Form.Item
            name="zh"
            label={t('regions.zh')}
            rules={[{ required: true, whitespace: true, max: 60 }]}
          >
            <Input data-testid="region-zh" />
          </Form.Item>
          <Form.Item name="en" label={t('regions.en')} rules={[{ max: 120 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="note" label={t('regions.note')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="region-add">
            {t('regions.add')}
          </Button>
        </Form>
      </Card>
      <Card title={county ? t('regions.children', { name: labels.region(county) }) : t('regions.pickCounty')}>
        {children.error ? (
          <ErrorState error={children.error} onRetry={() => children.refetch()} />
        ) : (
          <Table<RegionNode>
            rowKey="code"
            size="small"
            loading={children.isFetching}
            dataSource={county ? (children.data?.items ?? []) : []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: t('regions.code'), dataIndex: 'code', render: (c: string) => <code>{c}</code> },
              { title: t('regions.zh'), key: 'name', render: (_, r) => localName(lang, r) },
              {
                title: t('regions.source'),
                dataIndex: 'source',
                render: (s: RegionNode['source']) => (
                  <Tag color={s === 'package' ? 'default' : s === 'local' ? 'blue' : 'gold'}>
                    {t(`regions.source.${s}`)}
                  </Tag>
                ),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
