import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Spin } from 'antd';
import { ErrorState } from '../../components/ErrorState';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { SEVERITY_COLOUR, tx, typeLabel } from '../offsite/shared';
import { MEASURES, ModulesBar, RegionTreemap, TrendChart, type Measure } from './charts';
import { useDashboard, useLiveAlarms } from './shared';
import { tilesOf } from './tiles';
import './dashboard.css';
import { formatClock, formatClockSeconds, nowInZone } from '../../lib/time';

/**
 * Big-screen mode for a command-centre wall (/dashboard/screen): dark, large type, laid out to fit
 * 1920×1080 without scrolling (a fixed grid; lists show what fits and never scroll). The figures
 * refresh every 60 s and the alarms arrive live from the console's stream, without a reload. The
 * region view cycles through its measures every 20 s.
 */
export default function ScreenPage() {
  const t = useT();
  const nav = useNavigate();
  const { q, query, set, sp } = useDashboard({ refetchMs: 60_000 });
  const alarms = useLiveAlarms(query.regionCode ?? q.data?.regionCode, 7);
  const [now, setNow] = useState(() => nowInZone());
  const [measureIndex, setMeasureIndex] = useState(0);
  useEffect(() => {
    const tick = setInterval(() => setNow(nowInZone()), 1000);
    const rotate = setInterval(() => setMeasureIndex((i) => (i + 1) % MEASURES.length), 20_000);
    return () => {
      clearInterval(tick);
      clearInterval(rotate);
    };
  }, []);
  useEffect(() => {
    document.body.classList.add('dash-screen-body');
    return () => document.body.classList.remove('dash-screen-body');
  }, []);
  const measure: Measure = MEASURES[measureIndex];
  const d = q.data;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return (
    <div className="dash-screen" data-testid="dashboard-screen">
      <header className="dash-screen-head">
        <div className="dash-screen-title">
          {d?.regionName ?? ''} · {t('dash.title')}
        </div>
        <nav className="dash-screen-crumbs" data-testid="screen-breadcrumb">
          {(d?.breadcrumb ?? []).map((b, i, all) =>
            i === all.length - 1 ? (
              <span key={b.code}>{b.name}</span>
            ) : (
              <a key={b.code} onClick={() => set({ regionCode: b.code || undefined })}>
                {b.name} ›
              </a>
            ),
          )}
        </nav>
        <div className="dash-screen-meta">
          <span>
            {t('dash.period')} {query.from} ~ {query.to}
          </span>
          {d && (
            <span data-testid="screen-as-of">{t('dash.asOf', { time: formatClockSeconds(d.asOf) })}</span>
          )}
          <span className="dash-screen-clock" data-testid="screen-clock">
            {now.format('YYYY-MM-DD HH:mm:ss')}
          </span>
          <span className={alarms.live ? 'dash-live on' : 'dash-live'} data-live={alarms.live}>
            ● {t(alarms.live ? 'dash.alarms.live' : 'dash.alarms.reconnecting')}
          </span>
          <a
            className="dash-screen-exit"
            data-testid="screen-exit"
            onClick={() => nav(`/dashboard?${sp.toString()}`)}
          >
            {t('dash.exitScreen')}
          </a>
        </div>
      </header>
      {!d ? (
        <div className="dash-screen-loading">
          <Spin size="large" />
        </div>
      ) : (
        <main className="dash-screen-grid">
          <section className="dash-screen-tiles" data-testid="screen-tiles">
            {tilesOf(d, t).map((tile) => (
              <div
                key={tile.key}
                className={`dash-screen-tile dash-tone-${tile.tone}`}
                data-testid={`screen-tile-${tile.key}`}
              >
                <div className="label">{tile.label}</div>
                <div className="value" data-testid={`screen-tile-${tile.key}-value`}>
                  {tile.value}
                </div>
                <div className="sub">{tile.sub || '\u00a0'}</div>
              </div>
            ))}
          </section>
          <section className="dash-screen-panel dash-screen-map">
            <h2>
              {t(d.childKind === 'region' ? 'dash.regions' : 'dash.units')}
              {d.childKind === 'region' && <small> · {t(`dash.measure.${measure}` as MessageKey)}</small>}
            </h2>
            <div className="fill">
              {d.childKind === 'region' ? (
                <RegionTreemap
                  d={d}
                  measure={measure}
                  dark
                  font={20}
                  height={400}
                  onPick={(code) => set({ regionCode: code })}
                />
              ) : (
                <div className="dash-screen-units">
                  {d.children.slice(0, 10).map((c) => (
                    <div key={c.key} className="row">
                      <span className="name">{c.name}</span>
                      <span>{c.problemsFound}</span>
                      <span>{c.ratePercent === null ? '—' : `${c.ratePercent} %`}</span>
                    </div>
                  ))}
                </div>
              )}
            </div>
          </section>
          <section className="dash-screen-panel dash-screen-trend">
            <h2>{t('dash.trend')}</h2>
            <TrendChart d={d} dark font={16} height={400} />
          </section>
          <section className="dash-screen-panel dash-screen-alarms" data-testid="screen-alarms">
            <h2>{t('dash.alarms')}</h2>
            {alarms.items.length === 0 ? (
              <div className="dash-screen-none">{t('dash.alarms.none')}</div>
            ) : (
              alarms.items.map((a) => (
                <div
                  key={a.id}
                  className={alarms.fresh.has(a.id) ? 'alarm fresh' : 'alarm'}
                  data-testid="screen-alarm"
                >
                  <span className="sev" style={{ background: SEVERITY_COLOUR[a.severity] }}>
                    {tx(t, `os.sev.${a.severity}`, a.severity)}
                  </span>
                  <span className="what">
                    {typeLabel(t, a.type)} · {a.site.name}
                  </span>
                  <span className="when">{formatClock(a.createdAt)}</span>
                </div>
              ))
            )}
          </section>
          <section className="dash-screen-panel dash-screen-modules">
            <h2>{t('dash.modules')}</h2>
            <ModulesBar d={{ ...d, topModules: d.topModules.slice(0, 6) }} dark font={16} height={400} />
          </section>
        </main>
      )}
    </div>
  );
}
