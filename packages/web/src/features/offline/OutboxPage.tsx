import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { liveQuery } from 'dexie';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Empty,
  Flex,
  List,
  Popconfirm,
  Space,
  Tag,
  Typography,
} from 'antd';
import { CloudDownloadOutlined, SyncOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useCurrentUser } from '../../app/current-user';
import { errorMessage } from '../../components/ErrorState';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { offlineDb, type OutboxOp, type PackMeta } from './db';
import { discard, keepServer, retry } from './outbox';
import { syncOutbox } from './sync';
import { takeOffline } from './pack';
import { storageWarning } from './compress';
import { useOnline } from './client';

const STATUS_COLOUR = { pending: 'blue', failed: 'orange', conflict: 'red' } as const;
const KNOWN_CONFLICTS = [
  'INSPECTION_CHANGED',
  'CHECKLIST_VERSION_RETIRED',
  'NOT_FOUND',
  'TWO_OFFICERS_REQUIRED',
  'ALREADY_SIGNED',
  'ILLEGAL_TRANSITION',
  'FORBIDDEN',
];
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** The outbox: the day pack, what is not yet sent, and the conflicts with what to do about them. */
export default function OutboxPage() {
  const t = useT();
  const me = useCurrentUser();
  const { message } = AntApp.useApp();
  const online = useOnline();
  const db = offlineDb();
  const [ops, setOps] = useState<OutboxOp[]>([]);
  const [pack, setPack] = useState<PackMeta | undefined>();
  const [taking, setTaking] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const [storage, setStorage] = useState<Awaited<ReturnType<typeof storageWarning>>>(null);

  useEffect(() => {
    const sub = liveQuery(() => db.outbox.orderBy('seq').toArray()).subscribe({ next: setOps });
    const subPack = liveQuery(() => db.meta.get('day')).subscribe({ next: setPack });
    void storageWarning().then(setStorage);
    return () => {
      sub.unsubscribe();
      subPack.unsubscribe();
    };
  }, [db]);

  const take = async () => {
    setTaking(true);
    try {
      const r = await takeOffline(db, me.id);
      message.success(t('off.taken', r));
      setStorage(await storageWarning());
    } catch (e) {
      message.error(errorMessage(t, e));
    } finally {
      setTaking(false);
    }
  };
  const sync = async () => {
    setSyncing(true);
    try {
      const r = await syncOutbox(db);
      message.info(t('off.synced', { sent: r.sent, failed: r.failed, conflicts: r.conflicts }));
    } finally {
      setSyncing(false);
    }
  };

  return (
    <Flex vertical gap={16} style={{ maxWidth: 760 }} data-testid="outbox-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('off.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('off.intro')}
      </Typography.Paragraph>
      {!online && <Alert type="warning" showIcon message={t('off.offline')} data-testid="offline-alert" />}
      {storage?.low && (
        <Alert
          type="error"
          showIcon
          data-testid="storage-low"
          message={t('off.storageLow', { used: mb(storage.usage), quota: mb(storage.quota) })}
        />
      )}
      <Card size="small">
        <Flex vertical gap={8}>
          <Typography.Text data-testid="pack-status">
            {pack
              ? t('off.packAt', {
                  at: dayjs(pack.takenAt).format('YYYY-MM-DD HH:mm'),
                  inspections: pack.inspections,
                  hazards: pack.hazards,
                })
              : t('off.noPack')}
          </Typography.Text>
          {storage && !storage.low && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('off.storage', { used: mb(storage.usage), quota: mb(storage.quota) })}
            </Typography.Text>
          )}
          <Space wrap>
            <Button
              type="primary"
              size="large"
              icon={<CloudDownloadOutlined />}
              loading={taking}
              disabled={!online}
              onClick={take}
              data-testid="take-offline"
            >
              {t('off.take')}
            </Button>
            <Button
              size="large"
              icon={<SyncOutlined />}
              loading={syncing}
              disabled={!online || !ops.length}
              onClick={sync}
              data-testid="sync-now"
            >
              {t('off.syncNow')}
            </Button>
          </Space>
        </Flex>
      </Card>

      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('off.queue')} ({ops.length})
      </Typography.Title>
      {ops.length === 0 ? (
        <Empty description={t('off.empty')} data-testid="outbox-empty" />
      ) : (
        <List
          bordered
          dataSource={ops}
          data-testid="outbox-list"
          renderItem={(op) => (
            <List.Item data-testid={`outbox-item-${op.status}`} data-kind={op.kind}>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <Flex justify="space-between" gap={8} wrap>
                  <Typography.Text strong>
                    {t(`off.kind.${op.kind}` as MessageKey)} · {op.label}
                  </Typography.Text>
                  <Tag color={STATUS_COLOUR[op.status]}>{t(`off.status.${op.status}` as MessageKey)}</Tag>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('off.capturedAt', { at: dayjs(op.createdAt).format('YYYY-MM-DD HH:mm:ss') })}
                  {op.attempts ? ` · ${t('off.attempts', { n: op.attempts })}` : ''}
                </Typography.Text>
                {op.answer && op.status !== 'pending' && (
                  <Alert
                    type={op.status === 'conflict' ? 'error' : 'warning'}
                    showIcon
                    data-testid="outbox-answer"
                    message={`${op.answer.code}: ${t('off.answer', { message: op.answer.message })}`}
                    description={
                      op.status === 'conflict'
                        ? t(
                            (KNOWN_CONFLICTS.includes(op.answer.code)
                              ? `off.what.${op.answer.code}`
                              : 'off.what.other') as MessageKey,
                          )
                        : undefined
                    }
                  />
                )}
                <Space wrap>
                  <Link to={`/inspections/${op.inspectionId}`}>{t('off.open')}</Link>
                  {op.status !== 'pending' && (
                    <Button size="small" onClick={() => retry(db, op.seq!)} data-testid="outbox-retry">
                      {t('off.retry')}
                    </Button>
                  )}
                  <Popconfirm title={t('off.discardConfirm')} onConfirm={() => discard(db, op.seq!)}>
                    <Button size="small" danger data-testid="outbox-discard">
                      {t('off.discard')}
                    </Button>
                  </Popconfirm>
                  {op.status === 'conflict' && (
                    <Popconfirm
                      title={t('off.keepServerConfirm')}
                      onConfirm={() => keepServer(db, op.inspectionId)}
                    >
                      <Button size="small" data-testid="outbox-keep-server">
                        {t('off.keepServer')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}
