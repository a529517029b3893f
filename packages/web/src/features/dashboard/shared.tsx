import { useEffect, useState } from 'react';
import dayjs from 'dayjs';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Alarm, Dashboard, PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import type { TFunction } from '../../i18n';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { todayInZone } from '../../lib/time';

/** What the dashboard and the big screen share: the URL state, the figures query, the live alarms. */
export type Preset = 'month' | 'quarter' | 'year';
export const PRESETS: Preset[] = ['month', 'quarter', 'year'];

export function presetRange(p: Preset): [string, string] {
  const today = dayjs(todayInZone());
  const start =
    p === 'month'
      ? today.startOf('month')
      : p === 'year'
        ? today.startOf('year')
        : today.month(Math.floor(today.month() / 3) * 3).startOf('month');
  return [start.format('YYYY-MM-DD'), today.format('YYYY-MM-DD')];
}

/** The region and period in the URL (regionCode, from, to), and the dashboard figures for them. */
export function useDashboard(opts: { refetchMs?: number } = {}) {
  const [sp, set] = useUrlFilters({ resetPage: false });
  const regionCode = sp.get('regionCode') ?? undefined;
  const [defFrom, defTo] = presetRange('month');
  const from = sp.get('from') ?? defFrom;
  const to = sp.get('to') ?? defTo;
  const query = { regionCode, from, to };
  const q = useQuery({
    queryKey: ['dashboard', query],
    queryFn: () => api<Dashboard>('/dashboard', { query }),
    placeholderData: keepPreviousData,
    refetchInterval: opts.refetchMs,
  });
  return { q, query, set, sp };
}

export type LiveAlarm = Alarm;

/**
 * The open alarms of the jurisdiction, newest first, kept live by the console's stream
 * (GET /api/alarms/stream: each notification is re-read with the list's scope on the server), and
 * re-read every minute as a fallback. Only those inside `regionCode` are returned.
 */
export function useLiveAlarms(regionCode: string | undefined, limit = 12) {
  const qc = useQueryClient();
  const [live, setLive] = useState(false);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const alarms = useQuery({
    queryKey: ['alarms', 'dashboard'],
    queryFn: () =>
      api<PageOf<Alarm>>('/alarms', {
        query: { status: 'open', pageSize: 50, sort: 'createdAt', order: 'desc' },
      }),
    refetchInterval: 60_000,
  });
  useEffect(() => {
    const es = new EventSource('/api/alarms/stream', { withCredentials: true });
    es.addEventListener('ready', () => setLive(true));
    es.onerror = () => setLive(false);
    es.addEventListener('alarm', (ev) => {
      const msg = JSON.parse((ev as MessageEvent).data) as { kind: 'created' | 'updated'; alarm: Alarm };
      void qc.invalidateQueries({ queryKey: ['alarms', 'dashboard'] });
      if (msg.kind === 'created') {
        setFresh((s) => new Set(s).add(msg.alarm.id));
        setTimeout(
          () =>
            setFresh((s) => {
              const n = new Set(s);
              n.delete(msg.alarm.id);
              return n;
            }),
          15_000,
        );
      }
    });
    return () => es.close();
  }, [qc]);
  const items = (alarms.data?.items ?? [])
    .filter((a) => !regionCode || a.regionCode.startsWith(regionCode))
    .slice(0, limit);
  return { items, live, fresh };
}

/** A year-on-year change as shown: "+12.5" / "-45.0" with the percent sign, "—" without a base. */
export const yoy = (t: TFunction, p: string | null) => (p === null ? '—' : t('dash.yoy', { p }));

export const fmtCount = (n: number) => n.toLocaleString('zh-CN');
