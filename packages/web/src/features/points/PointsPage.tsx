import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { GiftOutlined, PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { RefSelect } from '../../components/RefSelect';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtTime } from '../public-report/shared';

interface Balance {
  workerId: string;
  workerName: string;
  balance: number;
  earned: number;
  redeemed: number;
}
interface Item {
  id: string;
  siteId: string;
  siteName: string;
  name: string;
  description: string;
  price: number;
  stock: number;
  active: boolean;
}
interface Redemption {
  id: string;
  itemName: string;
  siteName: string;
  workerName: string;
  points: number;
  status: 'pending' | 'handed_over' | 'cancelled';
  createdAt: string;
  handedOverAt: string | null;
}
interface Entry {
  id: string;
  kind: 'earn' | 'redeem' | 'reverse';
  points: number;
  reason: string;
  siteName: string | null;
  createdAt: string;
}
interface Site {
  id: string;
  name: string;
}
interface Board {
  rows: Array<{ rank: number; workerId: string; workerName: string; points: number }>;
}

const thisMonth = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(
    new Date(),
  );

function RedemptionStatus({ s }: { s: Redemption['status'] }) {
  const t = useT();
  const colour = s === 'pending' ? 'gold' : s === 'handed_over' ? 'green' : 'default';
  return (
    <Tag color={colour} data-testid="redemption-status" data-status={s}>
      {t(`pts.redemption.${s}` as MessageKey)}
    </Tag>
  );
}

function Leaderboard({ siteId }: { siteId: string | undefined }) {
  const t = useT();
  const month = thisMonth();
  const q = useQuery({
    queryKey: ['leaderboard', siteId, month],
    queryFn: () => api<Board>('/points/leaderboard', { query: { siteId, month } }),
    enabled: !!siteId,
  });
  return (
    <Card
      size="small"
      title={
        <>
          <TrophyOutlined /> {t('pts.leaderboard', { m: month })}
        </>
      }
    >
      <List
        size="small"
        dataSource={q.data?.rows ?? []}
        locale={{ emptyText: <Empty description={t('pts.leaderboardEmpty')} /> }}
        renderItem={(r) => (
          <List.Item>
            <span>
              {r.rank}. {r.workerName}
            </span>
            <strong>{r.points}</strong>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The worker's side: balance, the catalogue of their sites, redeeming, their redemptions and ledger. */
function WorkerPoints() {
  const t = useT();
  const qc = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const sites = useQuery({ queryKey: ['report-sites'], queryFn: () => api<Site[]>('/report-sites') });
  const [siteId, setSiteId] = useState<string | undefined>();
  const site = siteId ?? sites.data?.[0]?.id;
  const balance = useQuery({ queryKey: ['points-balance'], queryFn: () => api<Balance>('/points/balance') });
  const items = useQuery({
    queryKey: ['points-items', site],
    queryFn: () => api<PageOf<Item>>('/points/items', { query: { siteId: site, pageSize: 50 } }),
    enabled: !!site,
  });
  const redemptions = useQuery({
    queryKey: ['points-redemptions', 'mine'],
    queryFn: () => api<PageOf<Redemption>>('/points/redemptions', { query: { pageSize: 20 } }),
  });
  const entries = useQuery({
    queryKey: ['points-entries', 'mine'],
    queryFn: () => api<PageOf<Entry>>('/points/entries', { query: { pageSize: 20 } }),
  });
  const refresh = () =>
    qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('points') });
  const redeem = (item: Item) =>
    modal.confirm({
      title: t('pts.redeemConfirm', { name: item.name, price: item.price }),
      okButtonProps: { 'data-testid': 'redeem-ok' } as never,
      onOk: async () => {
        try {
          await api('/points/redemptions', { method: 'POST', body: { itemId: item.id } });
          message.success(t('pts.redeemed'));
          await refresh();
        } catch (e) {
          message.error(errorMessage(t, e));
        }
      },
    });
  return (
    <>
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col span={8}>
          <Card size="small">
            <div data-testid="points-balance">
              <Statistic
                title={t('pts.balance')}
                value={balance.data?.balance ?? 0}
                valueStyle={{ color: '#1d5fbf' }}
              />
            </div>
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small">
            <Statistic title={t('pts.earned')} value={balance.data?.earned ?? 0} />
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small">
            <Statistic title={t('pts.redeemedTotal')} value={balance.data?.redeemed ?? 0} />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={
          <>
            <GiftOutlined /> {t('pts.shop')}
          </>
        }
        style={{ marginBottom: 12 }}
        extra={
          (sites.data?.length ?? 0) > 1 ? (
            <Select
              size="small"
              value={site}
              onChange={setSiteId}
              options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            />
          ) : null
        }
      >
        <List
          dataSource={items.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('pts.shopEmpty')} /> }}
          renderItem={(i) => (
            <List.Item
              data-testid="shop-item"
              data-name={i.name}
              actions={[
                <Button
                  key="r"
                  type="primary"
                  size="small"
                  disabled={i.stock === 0 || (balance.data?.balance ?? 0) < i.price}
                  onClick={() => redeem(i)}
                  data-testid="redeem"
                >
                  {t('pts.redeem')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={i.name}
                description={
                  <span data-testid="shop-item-meta">
                    {t('pts.price', { n: i.price })} ·{' '}
                    <span data-testid="shop-item-stock">{t('pts.stock', { n: i.stock })}</span>
                  </span>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Card size="small" title={t('pts.myRedemptions')} style={{ marginBottom: 12 }}>
            <List
              size="small"
              dataSource={redemptions.data?.items ?? []}
              renderItem={(r) => (
                <List.Item data-testid="my-redemption">
                  <span>
                    {r.itemName} · {r.points}
                  </span>
                  <RedemptionStatus s={r.status} />
                </List.Item>
              )}
            />
          </Card>
          <Leaderboard siteId={site} />
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('pts.ledger')}>
            <List
              size="small"
              dataSource={entries.data?.items ?? []}
              renderItem={(e) => (
                <List.Item data-testid="ledger-entry">
                  <List.Item.Meta title={e.reason} description={fmtTime(e.createdAt)} />
                  <strong style={{ color: e.points > 0 ? '#389e0d' : '#cf1322' }}>
                    {e.points > 0 ? `+${e.points}` : e.points}
                  </strong>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** The keeper's side (enterprise safety manager): a site's catalogue, redemptions to hand over, leaderboard. */
function KeeperPoints() {
  const t = useT();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [siteId, setSiteId] = useState<string | undefined>();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const items = useQuery({
    queryKey: ['points-items', siteId],
    queryFn: () => api<PageOf<Item>>('/points/items', { query: { siteId, pageSize: 50 } }),
    enabled: !!siteId,
  });
  const pending = useQuery({
    queryKey: ['points-redemptions', siteId],
    queryFn: () => api<PageOf<Redemption>>('/points/redemptions', { query: { siteId, pageSize: 50 } }),
    enabled: !!siteId,
  });
  const refresh = () =>
    qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('points') });
  const act = async (id: string, action: 'hand-over' | 'cancel') => {
    try {
      await api(`/points/redemptions/${id}/${action}`, { method: 'POST', body: {} });
      await refresh();
    } catch (e) {
      message.error(errorMessage(t, e));
    }
  };
  const add = async (v: { name: string; price: number; stock: number; description?: string }) => {
    try {
      await api('/points/items', { method: 'POST', body: { ...v, siteId } });
      setAdding(false);
      form.resetFields();
      await refresh();
    } catch (e) {
      message.error(errorMessage(t, e));
    }
  };
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <span>{t('pts.site')}</span>
          <RefSelect
            kind="sites"
            value={siteId}
            onChange={(v) => setSiteId(v ?? undefined)}
            style={{ width: 320 }}
            data-testid="keeper-site"
          />
          {siteId ? (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="item-new">
              {t('pts.addItem')}
            </Button>
          ) : null}
        </Space>
      </Card>
      {siteId ? (
        <Row gutter={12}>
          <Col xs={24} lg={14}>
            <Card size="small" title={t('pts.redemptions')} style={{ marginBottom: 12 }}>
              <Table<Redemption>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={pending.data?.items ?? []}
                data-testid="keeper-redemptions"
                columns={[
                  { title: t('pts.col.when'), render: (_, r) => fmtTime(r.createdAt), width: 140 },
                  { title: t('pts.col.worker'), dataIndex: 'workerName' },
                  { title: t('pts.col.item'), dataIndex: 'itemName' },
                  { title: t('pts.col.points'), dataIndex: 'points', width: 70 },
                  {
                    title: t('pts.col.status'),
                    render: (_, r) => <RedemptionStatus s={r.status} />,
                    width: 100,
                  },
                  {
                    title: '',
                    width: 150,
                    render: (_, r) =>
                      r.status === 'pending' ? (
                        <Space>
                          <Button
                            size="small"
                            type="primary"
                            onClick={() => act(r.id, 'hand-over')}
                            data-testid="hand-over"
                          >
                            {t('pts.handOver')}
                          </Button>
                          <Button size="small" onClick={() => act(r.id, 'cancel')}>
                            {t('pts.cancel')}
                          </Button>
                        </Space>
                      ) : null,
                  },
                ]}
              />
            </Card>
            <Card size="small" title={t('pts.catalogue')}>
              <Table<Item>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={items.data?.items ?? []}
                columns={[
                  { title: t('pts.col.item'), dataIndex: 'name' },
                  { title: t('pts.col.price'), dataIndex: 'price', width: 80 },
                  { title: t('pts.col.stock'), dataIndex: 'stock', width: 80 },
                  {
                    title: '',
                    render: (_, i) => (i.active ? null : <Tag>{t('pts.inactive')}</Tag>),
                    width: 80,
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Leaderboard siteId={siteId} />
          </Col>
        </Row>
      ) : (
        <Typography.Text type="secondary">{t('pts.pickSite')}</Typography.Text>
      )}
      <Modal
        open={adding}
        title={t('pts.addItem')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={add} initialValues={{ price: 10, stock: 10 }}>
          <Form.Item name="name" label={t('pts.col.item')} rules={[{ required: true }]}>
            <Input maxLength={100} data-testid="item-name" />
          </Form.Item>
          <Form.Item name="price" label={t('pts.col.price')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} precision={0} data-testid="item-price" />
          </Form.Item>
          <Form.Item name="stock" label={t('pts.col.stock')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1000000} precision={0} data-testid="item-stock" />
          </Form.Item>
          <Form.Item name="description" label={t('pts.description')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 积分超市: the worker's points and shop, or the keeper's catalogue and hand-overs. */
export default function PointsPage() {
  const t = useT();
  const me = useCurrentUser();
  return (
    <div data-testid="points-page">
      <PageHeader
        title={t('pts.title')}
        sub={<Typography.Text type="secondary">{t('pts.sub')}</Typography.Text>}
      />
      {me.role === 'worker' ? <WorkerPoints /> : <KeeperPoints />}
    </div>
  );
}
