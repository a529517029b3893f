import { useMemo } from 'react';
import { useT } from '../../i18n';

export interface MapPoint {
  id: string;
  name: string;
  lat: number;
  lng: number;
  /** 'alarm' sites are drawn in the alarm colour; 'device' sites grey. */
  kind: 'device' | 'alarm';
}

/**
 * Where it is: the sites with coordinates plotted on a plain grid (longitude east, latitude north),
 * the selected one marked and named. No map tiles and no network — an operator's plan view.
 */
export function SiteMap({
  points,
  selected,
  colour = '#cf1322',
  height = 220,
}: {
  points: MapPoint[];
  selected: MapPoint | null;
  colour?: string;
  height?: number;
}) {
  const t = useT();
  const all = useMemo(() => {
    const list = [...points];
    if (selected && !list.some((p) => p.id === selected.id)) list.push(selected);
    return list.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lng));
  }, [points, selected]);
  // A window around the selected site (about ±0.25°), or all points when nothing is selected.
  const focus = selected ?? all[0];
  if (!focus) return <div style={{ height, display: 'grid', placeItems: 'center', color: '#999' }}>—</div>;
  const near = all.filter((p) => Math.abs(p.lat - focus.lat) < 0.25 && Math.abs(p.lng - focus.lng) < 0.35);
  const lats = near.map((p) => p.lat);
  const lngs = near.map((p) => p.lng);
  const pad = 0.02;
  const minLat = Math.min(...lats) - pad;
  const maxLat = Math.max(...lats) + pad;
  const minLng = Math.min(...lngs) - pad;
  const maxLng = Math.max(...lngs) + pad;
  const W = 400;
  const H = 200;
  const x = (lng: number) => ((lng - minLng) / (maxLng - minLng || 1)) * W;
  const y = (lat: number) => H - ((lat - minLat) / (maxLat - minLat || 1)) * H;
  const grid = [0.25, 0.5, 0.75];
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      style={{ width: '100%', height, background: '#f6f8fb', borderRadius: 6, border: '1px solid #e5e9f0' }}
      data-testid="site-map"
      role="img"
      aria-label={t('os.d.map')}
    >
      {grid.map((g) => (
        <g key={g} stroke="#e1e6ee">
          <line x1={g * W} y1={0} x2={g * W} y2={H} />
          <line x1={0} y1={g * H} x2={W} y2={g * H} />
        </g>
      ))}
      <text x={6} y={14} fontSize={10} fill="#8c96a8">
        N {maxLat.toFixed(2)}°
      </text>
      <text x={W - 6} y={H - 6} fontSize={10} fill="#8c96a8" textAnchor="end">
        E {maxLng.toFixed(2)}°
      </text>
      {near
        .filter((p) => p.id !== selected?.id)
        .map((p) => (
          <circle
            key={p.id}
            cx={x(p.lng)}
            cy={y(p.lat)}
            r={p.kind === 'alarm' ? 4 : 3}
            fill={p.kind === 'alarm' ? '#fa8c16' : '#9aa5b8'}
            opacity={0.85}
          >
            <title>{p.name}</title>
          </circle>
        ))}
      {selected && (
        <g>
          <circle cx={x(selected.lng)} cy={y(selected.lat)} r={14} fill={colour} opacity={0.18}>
            <animate attributeName="r" values="8;18;8" dur="1.6s" repeatCount="indefinite" />
          </circle>
          <circle
            cx={x(selected.lng)}
            cy={y(selected.lat)}
            r={6}
            fill={colour}
            stroke="#fff"
            strokeWidth={2}
          />
          <text
            x={Math.min(x(selected.lng) + 10, W - 4)}
            y={Math.max(y(selected.lat) - 10, 12)}
            fontSize={12}
            fill="#1f1f1f"
            textAnchor={x(selected.lng) > W * 0.7 ? 'end' : 'start'}
          >
            {selected.name}
          </text>
        </g>
      )}
    </svg>
  );
}
