import { useEffect, useMemo, useRef, useState } from 'react';
import { useUrlFilters } from '../../lib/useUrlFilters';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Row,
  Segmented,
  Select,
  Spin,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import {
  AlertOutlined,
  FilePdfOutlined,
  SoundOutlined,
  MutedOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import type { PageOf } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { useLabels } from '../../api/reference';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useLang, useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import {
  ALARM_TYPES,
  AlarmStatusTag,
  BAD_FACTS,
  SEVERITIES,
  SEVERITY_COLOUR,
  SeverityTag,
  factText,
  fmtTime,
  tx,
  typeLabel,
  type Alarm,
  type Fact,
} from './shared';
import { Snapshot } from './Snapshot';
import { SiteMap, type MapPoint } from './SiteMap';
import { EnforceDialog } from './EnforceDialog';
import { playAlarm, unlockSound } from './sound';
import { agoText, foldOffline, useNow, useTitleBadge } from './arrival';
import './offsite.css';

const SOUND_KEY = 'redline.console.sound';
function savedSound(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === '1';
  } catch {
    return false;
  }
}

type StatusFilter = 'open' | 'all' | 'closed';
const STATUS_QUERY: Record<StatusFilter, string | undefined> = {
  open: 'open',
  all: undefined,
  closed: 'false_positive,dispatched,closed',
};

/**
 * The duty officer's console: alarms of the jurisdiction arrive live (server-sent events), with a
 * sound and a flash; each shows its snapshot, where it is, what the registry cross-check found, and
 * the one-click actions its state allows — acknowledge, verify, false positive, make it a hazard,
 * off-site enforcement, close.
 */
export default function OffsitePage() {
  const t = useT();
  const qc = useQueryClient();
  const { notification } = AntApp.useApp();
  const [sp, set] = useUrlFilters({ resetPage: false });
  const status = (
    ['open', 'all', 'closed'].includes(sp.get('status') ?? '') ? sp.get('status') : 'open'
  ) as StatusFilter;
  const severity = sp.get('severity') ?? undefined;
  const type = sp.get('type') ?? undefined;
  const siteId = sp.get('siteId') ?? undefined;
  const q = sp.get('q') ?? undefined;
  const selectedId = sp.get('id');

  const alarms = useQuery({
    queryKey: ['alarms', { status, severity, type, siteId, q }],
    queryFn: () =>
      api<PageOf<Alarm>>('/alarms', {
        query: {
          status: STATUS_QUERY[status],
          severity,
          type,
          siteId,
          q,
          pageSize: 100,
          sort: 'createdAt',
          order: 'desc',
        },
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const devices = useQuery({
    queryKey: ['devices', 'map'],
    queryFn: () =>
      api<PageOf<{ id: string; siteId: string; siteName: string; lat: number | null; lng: number | null }>>(
        '/devices',
        { query: { pageSize: 200 } },
      ),
    staleTime: 5 * 60_000,
  });

  // ---- live feed
  const [live, setLive] = useState(false);
  // The sound choice is remembered on this device; a browser plays sound only after a gesture, so a
  // remembered "on" is armed by the first click or key on the page.
  const [soundOn, setSoundOnState] = useState(savedSound);
  const setSoundOn = (on: boolean) => {
    setSoundOnState(on);
    try {
      localStorage.setItem(SOUND_KEY, on ? '1' : '0');
    } catch {
      /* storage unavailable */
    }
  };
  useEffect(() => {
    if (!soundOn) return;
    const arm = () => unlockSound();
    window.addEventListener('pointerdown', arm, { once: true });
    window.addEventListener('keydown', arm, { once: true });
    return () => {
      window.removeEventListener('pointerdown', arm);
      window.removeEventListener('keydown', arm);
    };
  }, [soundOn]);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  // Alarms that arrived on the live feed and have not been looked at: the count is in the tab title.
  const [unseen, setUnseen] = useState<Set<string>>(new Set());
  useTitleBadge(unseen.size);
  const [lang] = useLang();
  const now = useNow(10_000);
  const soundRef = useRef(soundOn);
  soundRef.current = soundOn;
  const selectedRef = useRef(selectedId);
  const escalatedRef = useRef(new Set<string>());
  selectedRef.current = selectedId;
  useEffect(() => {
    const es = new EventSource('/api/alarms/stream', { withCredentials: true });
    es.addEventListener('ready', () => setLive(true));
    es.onerror = () => setLive(false);
    es.addEventListener('alarm', (ev) => {
      const msg = JSON.parse((ev as MessageEvent).data) as { kind: 'created' | 'updated'; alarm: Alarm };
      qc.setQueryData(['alarm', msg.alarm.id], msg.alarm);
      void qc.invalidateQueries({ queryKey: ['alarms'] });
      void qc.invalidateQueries({ queryKey: ['alarm', msg.alarm.id, 'history'] });
      if (msg.kind !== 'created') {
        // An escalation reaches the console live (leaders also get a notice in the app and the webhooks).
        if (msg.alarm.status === 'escalated' && !escalatedRef.current.has(msg.alarm.id)) {
          escalatedRef.current.add(msg.alarm.id);
          notification.error({
            key: `esc-${msg.alarm.id}`,
            message: t('os.escalatedLive', { number: msg.alarm.number }),
            description: `${typeLabel(t, msg.alarm.type)} · ${msg.alarm.site.name}`,
            placement: 'bottomRight',
            duration: 0,
            onClick: () => set({ id: msg.alarm.id }),
          });
        }
        return;
      }
      setFresh((s) => new Set(s).add(msg.alarm.id));
      setUnseen((s) => new Set(s).add(msg.alarm.id));
      setTimeout(() => setFresh((s) => ((s = new Set(s)), s.delete(msg.alarm.id), s)), 12_000);
      if (soundRef.current) playAlarm(msg.alarm.severity === 'critical' || msg.alarm.severity === 'high');
      notification.warning({
        key: msg.alarm.id,
        message: t('os.newAlarm', { type: typeLabel(t, msg.alarm.type), site: msg.alarm.site.name }),
        description: `${msg.alarm.number} · ${msg.alarm.enterprise?.name ?? ''}`,
        icon: <AlertOutlined style={{ color: SEVERITY_COLOUR[msg.alarm.severity] }} />,
        placement: 'bottomRight',
        duration: 8,
        onClick: () => set({ id: msg.alarm.id }),
      });
      if (!selectedRef.current) set({ id: msg.alarm.id });
    });
    return () => es.close();
    // One stream for the page's lifetime; the callbacks read the latest state through refs.
  }, []);

  const items = alarms.data?.items ?? [];
  const selected = items.find((a) => a.id === selectedId) ?? null;
  const entries = useMemo(() => foldOffline(items), [items]);
  const open = (ids: string[]) => {
    set({ id: ids[0] });
    setUnseen((s) => {
      if (!ids.some((i) => s.has(i))) return s;
      const next = new Set(s);
      for (const i of ids) next.delete(i);
      return next;
    });
  };
  const siteOptions = useMemo(() => {
    const m = new Map<string, string>();
    for (const a of items) m.set(a.site.id, a.site.name);
    for (const d of devices.data?.items ?? []) m.set(d.siteId, d.siteName);
    return [...m].map(([value, label]) => ({ value, label }));
  }, [items, devices.data]);
  const points: MapPoint[] = useMemo(() => {
    const m = new Map<string, MapPoint>();
    for (const d of devices.data?.items ?? [])
      if (d.lat !== null && d.lng !== null)
        m.set(d.siteId, { id: d.siteId, name: d.siteName, lat: d.lat, lng: d.lng, kind: 'device' });
    for (const a of items)
      if (a.site.lat !== null && a.site.lng !== null)
        m.set(a.site.id, {
          id: a.site.id,
          name: a.site.name,
          lat: a.site.lat,
          lng: a.site.lng,
          kind: 'alarm',
        });
    return [...m.values()];
  }, [items, devices.data]);

  return (
    <Flex vertical gap={12} className="offsite">
      <PageHeader
        title={t('os.title')}
        sub={<Typography.Text type="secondary">{t('os.sub')}</Typography.Text>}
        testId="offsite-header"
        extra={
          <>
            <Tag
              icon={<WifiOutlined />}
              color={live ? 'success' : 'warning'}
              data-testid="live-status"
              data-live={live}
            >
              {live ? t('os.live.on') : t('os.live.off')}
            </Tag>
            {unseen.size > 0 && (
              <Tag color="red" data-testid="unseen-count" data-count={unseen.size}>
                {t('os.unseen', { n: unseen.size })}{' '}
                <a onClick={() => setUnseen(new Set())} data-testid="mark-seen">
                  {t('os.markSeen')}
                </a>
              </Tag>
            )}
            <Button
              icon={soundOn ? <SoundOutlined /> : <MutedOutlined />}
              data-on={soundOn}
              onClick={() => {
                if (!soundOn) unlockSound();
                setSoundOn(!soundOn);
              }}
              data-testid="sound-toggle"
            >
              {soundOn ? t('os.sound.on') : t('os.sound.off')}
            </Button>
          </>
        }
      />
      <Flex wrap gap={8} align="center">
        <Segmented<StatusFilter>
          value={status}
          onChange={(v) => set({ status: v === 'open' ? undefined : v })}
          options={[
            { value: 'open', label: t('os.filter.open') },
            { value: 'closed', label: t('os.filter.closed') },
            { value: 'all', label: t('os.filter.all') },
          ]}
          data-testid="filter-status"
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('os.filter.severity')}
          aria-label={t('os.filter.severity')}
          style={{ minWidth: 160 }}
          value={severity ? severity.split(',') : []}
          onChange={(v: string[]) => set({ severity: v.join(',') || undefined })}
          options={SEVERITIES.map((s) => ({ value: s, label: tx(t, `os.sev.${s}`, s) }))}
          data-testid="filter-severity"
        />
        <Select
          allowClear
          placeholder={t('os.filter.type')}
          aria-label={t('os.filter.type')}
          style={{ minWidth: 180 }}
          value={type}
          onChange={(v?: string) => set({ type: v })}
          options={ALARM_TYPES.map((ty) => ({ value: ty, label: typeLabel(t, ty) }))}
          data-testid="filter-type"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('os.filter.site')}
          aria-label={t('os.filter.site')}
          style={{ minWidth: 200 }}
          value={siteId}
          onChange={(v?: string) => set({ siteId: v })}
          options={siteOptions}
          data-testid="filter-site"
        />
        <Input.Search
          allowClear
          placeholder={t('os.filter.search')}
          defaultValue={q}
          onSearch={(v) => set({ q: v || undefined })}
          style={{ width: 220 }}
        />
        {alarms.data && (
          <Typography.Text
            strong
            type={status === 'open' && alarms.data.total > 0 ? 'danger' : 'secondary'}
            style={{ whiteSpace: 'nowrap' }}
            data-testid="alarm-total"
          >
            {t(status === 'open' ? 'os.count.open' : 'common.total', { n: alarms.data.total })}
          </Typography.Text>
        )}
      </Flex>
      {alarms.error ? (
        <ErrorState error={alarms.error} onRetry={() => alarms.refetch()} />
      ) : (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={9}>
            <Flex vertical gap={8} className="alarm-list" data-testid="alarm-list">
              {alarms.isLoading && <Spin />}
              {!alarms.isLoading && !entries.length && <Empty description={t('os.empty')} />}
              {entries.map(({ alarm: a, ids, codes }) => {
                const folded = codes.length > 1;
                const isNew = ids.some((i) => unseen.has(i));
                return (
                  <div
                    key={a.id}
                    role="button"
                    tabIndex={0}
                    className={`alarm-card${ids.includes(selectedId ?? '') ? ' selected' : ''}${ids.some((i) => fresh.has(i)) ? ' fresh' : ''}${isNew ? ' unseen' : ''}`}
                    style={{ borderLeftColor: SEVERITY_COLOUR[a.severity] }}
                    onClick={() => open(ids)}
                    onKeyDown={(e) => e.key === 'Enter' && open(ids)}
                    data-testid="alarm-card"
                    data-alarm-id={a.id}
                    data-type={a.type}
                    data-device={a.device.code}
                    data-folded={folded ? codes.length : undefined}
                    data-new={isNew || undefined}
                  >
                    <Flex justify="space-between" gap={8} align="center">
                      <Typography.Text strong ellipsis>
                        {folded
                          ? t('os.offlineFold', { n: codes.length, site: a.site.name })
                          : typeLabel(t, a.type)}
                      </Typography.Text>
                      <Flex gap={4}>
                        <SeverityTag severity={a.severity} />
                        <AlarmStatusTag status={a.status} />
                      </Flex>
                    </Flex>
                    <Typography.Text type="secondary" ellipsis style={{ display: 'block' }}>
                      {folded
                        ? t('os.offlineFold.devices', { codes: codes.join('、') })
                        : `${a.site.name} · ${a.enterprise?.name ?? a.regionName}`}
                    </Typography.Text>
                    <Flex justify="space-between" style={{ fontSize: 12, color: '#636363' }}>
                      <span>
                        {a.number}
                        {folded ? '' : ` · ${a.device.code}`}
                      </span>
                      <Tooltip title={fmtTime(a.createdAt)}>
                        <span data-testid="alarm-ago" className={isNew ? 'alarm-ago new' : 'alarm-ago'}>
                          {t('os.arrived', { ago: agoText(a.createdAt, now, lang) })} ·{' '}
                          {t('os.events', { n: a.eventCount })}
                        </span>
                      </Tooltip>
                    </Flex>
                  </div>
                );
              })}
            </Flex>
          </Col>
          <Col xs={24} lg={15}>
            {selectedId ? (
              <AlarmDetail id={selectedId} initial={selected} points={points} />
            ) : (
              <Card>
                <Empty description={t('os.pick')} />
              </Card>
            )}
          </Col>
        </Row>
      )}
    </Flex>
  );
}

function AlarmDetail({ id, initial, points }: { id: string; initial: Alarm | null; points: MapPoint[] }) {
  const t = useT();
  const labels = useLabels();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const q = useQuery({
    queryKey: ['alarm', id],
    queryFn: () => api<Alarm>(`/alarms/${id}`),
    initialData: initial ?? undefined,
  });
  const history = useQuery({
    queryKey: ['alarm', id, 'history'],
    queryFn: () =>
      api<
        Array<{
          at: string;
          action: string;
          toStatus: string | null;
          by: { name: string } | null;
          note: string;
        }>
      >(`/alarms/${id}/history`),
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [enforcing, setEnforcing] = useState(false);
  const a = q.data;
  if (q.error) return <ErrorState error={q.error} />;
  if (!a) return <Spin />;
  const trade = (code: string) => labels.catalogue('trade', code) || code;

  const run = async (action: string) => {
    if (action === 'enforce') return setEnforcing(true);
    setBusy(action);
    try {
      // Each action goes to the endpoint that enforces it (the server offers only what it allows).
      const next =
        action === 'dispatch'
          ? await api<Alarm>(`/alarms/${id}/dispatch`, {
              method: 'POST',
              body: { kind: 'hazard', ...(note && { note }) },
            })
          : action === 'hand_over'
            ? await api<Alarm>(`/alarms/${id}/hand-over`, {
                method: 'POST',
                body: { ...(note && { note }) },
              })
            : await api<Alarm>(`/alarms/${id}/actions`, {
                method: 'POST',
                body: { action, ...(note && { note }) },
              });
      qc.setQueryData(['alarm', id], next);
      setNote('');
      message.success(t('os.a.done', { action: tx(t, `os.a.${action}`, action) }));
      void qc.invalidateQueries({ queryKey: ['alarms'] });
      void qc.invalidateQueries({ queryKey: ['alarm', id, 'history'] });
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const selectedPoint: MapPoint | null =
    a.site.lat !== null && a.site.lng !== null
      ? { id: a.site.id, name: a.site.name, lat: a.site.lat, lng: a.site.lng, kind: 'alarm' }
      : null;
  const cc = a.crossCheck;
  return (
    <Card
      data-testid="alarm-detail"
      data-alarm-id={a.id}
      data-status={a.status}
      title={
        <Flex gap={8} align="center" wrap>
          <AlertOutlined style={{ color: SEVERITY_COLOUR[a.severity] }} />
          <span data-testid="detail-type">{typeLabel(t, a.type)}</span>
          <SeverityTag severity={a.severity} />
          <AlarmStatusTag status={a.status} />
          <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
            {a.number}
          </Typography.Text>
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        {a.allowedActions.length > 0 && (
          <Flex gap={8} wrap align="center" data-testid="alarm-actions">
            {a.allowedActions.map((action) => (
              <Button
                key={action}
                type={
                  action === 'verify_real' || action === 'enforce' || action === 'hand_over'
                    ? 'primary'
                    : 'default'
                }
                danger={action === 'enforce'}
                title={action === 'hand_over' ? t('os.a.handOverHint') : undefined}
                loading={busy === action}
                onClick={() => run(action)}
                data-testid={`action-${action}`}
              >
                {tx(t, `os.a.${action}`, action)}
              </Button>
            ))}
            <Input
              placeholder={t('os.a.notePh')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              style={{ maxWidth: 260 }}
            />
          </Flex>
        )}
        <Row gutter={[12, 12]}>
          <Col xs={24} md={14}>
            <Typography.Text type="secondary">{t('os.d.snapshot')}</Typography.Text>
            <Snapshot alarm={a} />
          </Col>
          <Col xs={24} md={10}>
            <Typography.Text type="secondary">{t('os.d.map')}</Typography.Text>
            <SiteMap points={points} selected={selectedPoint} colour={SEVERITY_COLOUR[a.severity]} />
          </Col>
        </Row>
        {cc && (
          <Card
            size="small"
            title={t('os.d.crossCheck')}
            extra={
              <Tag
                color={cc.verdict === 'violation' ? 'red' : cc.verdict === 'compliant' ? 'green' : 'default'}
                data-testid="crosscheck-verdict"
              >
                {t(`os.d.verdict.${cc.verdict}` as MessageKey)}
              </Tag>
            }
            data-testid="crosscheck"
          >
            <ul className="facts">
              {cc.facts.map((f, i) => (
                <li key={i} className={BAD_FACTS.has(f.code) ? 'bad' : undefined} data-code={f.code}>
                  {factText(t, f as Fact, trade)}
                </li>
              ))}
            </ul>
          </Card>
        )}
        <Card size="small" title={t('os.d.trigger')}>
          <ul className="facts">
            {a.facts.map((f, i) => (
              <li key={i} data-code={f.code}>
                {factText(t, f as Fact, trade)}
              </li>
            ))}
          </ul>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('os.d.rule')}>
              {a.rule.name.zh} · v{a.rule.version}
            </Descriptions.Item>
            <Descriptions.Item label={t('os.d.device')}>
              {a.device.name}（{a.device.code}）
            </Descriptions.Item>
            <Descriptions.Item label={t('os.d.site')}>{a.site.name}</Descriptions.Item>
            <Descriptions.Item label={t('os.d.enterprise')}>{a.enterprise?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('os.d.first')}>{fmtTime(a.firstEventAt)}</Descriptions.Item>
            <Descriptions.Item label={t('os.d.last')}>
              {fmtTime(a.lastEventAt)} · {t('os.events', { n: a.eventCount })}
              {a.conditionEndedAt && <Tag style={{ marginInlineStart: 6 }}>{t('os.ended')}</Tag>}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        {a.disposition && (
          <Card size="small" title={t('os.d.disposition')} data-testid="disposition">
            <Flex vertical gap={4}>
              <span>
                {a.disposition.kind === 'enforcement' ? t('os.a.enforce') : t('os.d.hazard')} ·{' '}
                {t('os.d.by', { name: a.disposition.by?.name ?? '', time: fmtTime(a.disposition.at) })}
              </span>
              {a.disposition.documents.map((d) => (
                <Flex key={d.id} gap={8} align="center">
                  <Typography.Text strong data-testid="disposition-document">
                    {d.number}
                  </Typography.Text>
                  <Typography.Text type="secondary">{tx(t, `os.e.${d.kind}`, d.kind)}</Typography.Text>
                  {d.pdfUrl && (
                    <a href={d.pdfUrl} target="_blank" rel="noreferrer">
                      <FilePdfOutlined /> {t('os.e.pdf')}
                    </a>
                  )}
                </Flex>
              ))}
            </Flex>
          </Card>
        )}
        <Card size="small" title={t('os.d.history')}>
          <Timeline
            items={(history.data ?? []).map((h) => ({
              color: h.action === 'raised' ? 'red' : h.action === 'close' ? 'green' : 'blue',
              children: (
                <Tooltip title={h.note || undefined}>
                  <span>
                    {fmtTime(h.at)} · {tx(t, `os.h.${h.action}`, h.action)} · {h.by?.name ?? t('os.h.system')}
                    {h.note ? ` — ${h.note}` : ''}
                  </span>
                </Tooltip>
              ),
            }))}
          />
        </Card>
      </Flex>
      {enforcing && <EnforceDialog alarm={a} open={enforcing} onClose={() => setEnforcing(false)} />}
    </Card>
  );
}
