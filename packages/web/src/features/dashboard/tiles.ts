import type { Dashboard } from '@redline/contracts';
import type { TFunction } from '../../i18n';
import { fmtCount, yoy } from './shared';

export interface Tile {
  key: string;
  label: string;
  /** The big number (or 暂无数据（尚未启用） when the feature is not installed). */
  value: string;
  sub: string;
  tone: 'normal' | 'good' | 'warn' | 'bad' | 'muted';
}

/**
 * The dashboard's headline tiles, the same for the page and the big screen. The rate is the
 * server's (rounded down, never 100 % while anything is open) and always shown with its counts.
 */
export function tilesOf(d: Dashboard, t: TFunction): Tile[] {
  const f = d.figures;
  const na = t('dash.notAvailable');
  const tiles: Tile[] = [
    {
      key: 'enterprises',
      label: t('dash.tile.enterprises'),
      value: fmtCount(f.enterprises),
      sub: `${t('dash.tile.projects')} ${fmtCount(f.projects)}`,
      tone: 'normal',
    },
    {
      key: 'devicesOnline',
      label: t('dash.tile.devicesOnline'),
      value: fmtCount(f.devicesOnline),
      sub: t('dash.tile.devicesOnlineOf', { n: fmtCount(f.devices), m: d.onlineMinutes }),
      tone: 'normal',
    },
    {
      key: 'enterprisesInspected',
      label: t('dash.tile.enterprisesInspected'),
      value: fmtCount(f.enterprisesInspected),
      sub: t('dash.tile.inspectionsDone', { n: f.inspectionsDone }),
      tone: 'normal',
    },
    {
      key: 'problemsFound',
      label: t('dash.tile.problemsFound'),
      value: fmtCount(f.problemsFound),
      sub: t('dash.tile.rateCounts', {
        closed: fmtCount(f.closed),
        found: fmtCount(f.problemsFound),
        open: fmtCount(f.open),
      }),
      tone: 'normal',
    },
    {
      key: 'rate',
      label: t('dash.tile.rate'),
      value: f.ratePercent === null ? '—' : `${f.ratePercent} %`,
      sub: `${fmtCount(f.closed)} / ${fmtCount(f.problemsFound)}`,
      tone:
        f.ratePercent === null
          ? 'muted'
          : f.open === 0
            ? 'good'
            : Number(f.ratePercent) >= 90
              ? 'normal'
              : 'warn',
    },
    {
      key: 'overdue',
      label: t('dash.tile.overdue'),
      value: fmtCount(f.overdue),
      sub: '',
      tone: f.overdue > 0 ? 'bad' : 'good',
    },
    {
      key: 'major',
      label: t('dash.tile.major'),
      value: fmtCount(f.majorFound),
      sub: t('dash.tile.majorSub', { listed: fmtCount(f.majorListed), closed: fmtCount(f.majorClosed) }),
      tone: f.majorFound > f.majorClosed ? 'warn' : 'normal',
    },
    {
      key: 'accidents',
      label: t('dash.tile.accidents'),
      value: f.accidents ? `${fmtCount(f.accidents.count)} / ${fmtCount(f.accidents.deaths)}` : na,
      sub: f.accidents
        ? `${t('dash.tile.accidentsSub', { count: f.accidents.lastYearCount, deaths: f.accidents.lastYearDeaths })} · ${yoy(t, f.accidents.countChangePercent)} / ${yoy(t, f.accidents.deathsChangePercent)}`
        : '',
      tone: f.accidents ? (f.accidents.deaths > 0 ? 'bad' : 'normal') : 'muted',
    },
    {
      key: 'equipmentOverdue',
      label: t('dash.tile.equipmentOverdue'),
      value: fmtCount(f.equipmentOverdue),
      sub: '',
      tone: f.equipmentOverdue > 0 ? 'bad' : 'good',
    },
    {
      key: 'plan',
      label: t('dash.tile.plan'),
      value: f.plan ? `${fmtCount(f.plan.done)} / ${fmtCount(f.plan.due)}` : na,
      sub: '',
      tone: f.plan ? 'normal' : 'muted',
    },
  ];
  return tiles;
}
