import { useEffect, useState } from 'react';
import type { Alarm } from './shared';

/** The current time, updated every `everyMs` (for "arrived 2 min ago" that keeps counting). */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/** How long ago an instant was, in words of the language ("3 分钟前", "3 minutes ago"). */
export function agoText(iso: string, now: number, lang: 'zh' | 'en'): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.trunc(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.trunc(seconds / 3600), 'hour');
  return rtf.format(Math.trunc(seconds / 86_400), 'day');
}

/**
 * The unseen count in the tab title ("(3) 红线 …"), so an alarm announces itself in a background tab;
 * the title is restored when the count goes back to 0 or the page closes.
 */
export function useTitleBadge(count: number) {
  useEffect(() => {
    if (!count) return;
    const base = document.title.replace(/^\(\d+\) /, '');
    document.title = `(${count}) ${base}`;
    return () => {
      document.title = document.title.replace(/^\(\d+\) /, '');
    };
  }, [count]);
}

/** Offline alarms of one site raised within this window are one entry ("5 devices offline at X"). */
export const FOLD_WINDOW_MS = 5 * 60_000;

export interface ConsoleEntry {
  /** The entry's representative alarm (the newest of a fold). */
  alarm: Alarm;
  /** Every alarm of the entry (one, or the folded offline alarms). */
  ids: string[];
  /** The devices of the entry (several for a fold, by the server or here). */
  codes: string[];
}

/** The devices an alarm covers: the server folds devices of one site going offline together into one alarm. */
const devicesOf = (a: Alarm) => (a.devices?.length ? a.devices.map((d) => d.code) : [a.device.code]);

/**
 * One entry per alarm; the server already folds devices of one site going offline within 5 minutes
 * into one alarm (its `devices`). Offline alarms of one site that are still separate (same status,
 * raised within FOLD_WINDOW_MS of the entry's newest — e.g. from before the server folded) are
 * folded here too. The order of the list is kept (an entry takes its newest alarm's place).
 */
export function foldOffline(items: Alarm[]): ConsoleEntry[] {
  const out: ConsoleEntry[] = [];
  const open = new Map<string, ConsoleEntry>();
  for (const a of items) {
    if (a.type !== 'device_offline') {
      out.push({ alarm: a, ids: [a.id], codes: [a.device.code] });
      continue;
    }
    const codes = devicesOf(a);
    const key = `${a.site.id}|${a.status}`;
    const entry = open.get(key);
    if (
      entry &&
      Math.abs(new Date(entry.alarm.createdAt).getTime() - new Date(a.createdAt).getTime()) <= FOLD_WINDOW_MS
    ) {
      entry.ids.push(a.id);
      entry.codes.push(...codes.filter((c) => !entry.codes.includes(c)));
      continue;
    }
    const fresh: ConsoleEntry = { alarm: a, ids: [a.id], codes };
    open.set(key, fresh);
    out.push(fresh);
  }
  return out;
}
