import { Card, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { PageOf, Rejection } from '@redline/contracts';
import type { Static } from '@sinclair/typebox';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { fmtTime } from './shared';

type Row = Static<typeof Rejection>;

/**
 * Why the devices of the user's jurisdiction had data refused (the operations centre's view: duty
 * officers, leaders, administrators; the server scopes the list to the devices' region).
 */
export function RejectionsCard() {
  const t = useT();
  const q = useQuery({
    queryKey: ['ingest', 'rejections'],
    queryFn: () => api<PageOf<Row>>('/ingest/rejections', { query: { pageSize: 20 } }),
    refetchInterval: 60_000,
  });
  return (
    <Card
      size="small"
      title={t('os.rej.title')}
      extra={<Typography.Text type="secondary">{t('os.rej.sub')}</Typography.Text>}
      data-testid="ingest-rejections"
    >
      <Table<Row>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items}
        pagination={false}
        columns={[
          { title: t('os.rej.time'), dataIndex: 'receivedAt', render: (v: string) => fmtTime(v), width: 170 },
          {
            title: t('os.rej.device'),
            dataIndex: 'deviceCode',
            width: 140,
            render: (v: string | null) => v ?? '—',
          },
          { title: t('os.rej.code'), dataIndex: 'code', width: 150 },
          { title: t('os.rej.reason'), dataIndex: 'reason' },
        ]}
      />
    </Card>
  );
}
