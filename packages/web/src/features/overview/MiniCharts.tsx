/**
 * Two tiny dependency-free charts for the overview (a doughnut and bars). ECharts (≈180 KB gzipped
 * for pie + bar) would take the first screen over its 400 KB budget; later dashboards on their own
 * routes can use ECharts through `echarts-for-react/esm/core`.
 */
export interface Slice {
  key: string;
  name: string;
  value: number;
  color: string;
}

export function Donut({
  data,
  onPick,
  label,
}: {
  data: Slice[];
  onPick?: (key: string) => void;
  label: string;
}) {
  const total = data.reduce((n, d) => n + d.value, 0);
  const r = 60;
  const c = 2 * Math.PI * r;
  let offset = 0;
  return (
    <svg viewBox="0 0 180 180" width="100%" height={200} role="img" aria-label={label} className="mini-donut">
      <circle cx="90" cy="90" r={r} fill="none" stroke="#f0f0f0" strokeWidth="28" />
      {data
        .filter((d) => d.value > 0)
        .map((d) => {
          const len = (d.value / total) * c;
          const el = (
            <circle
              key={d.key}
              cx="90"
              cy="90"
              r={r}
              fill="none"
              stroke={d.color}
              strokeWidth="28"
              strokeDasharray={`${len} ${c - len}`}
              strokeDashoffset={-offset}
              transform="rotate(-90 90 90)"
              style={{ cursor: onPick ? 'pointer' : undefined }}
              onClick={() => onPick?.(d.key)}
            >
              <title>{`${d.name}: ${d.value} (${Math.round((d.value / total) * 100)}%)`}</title>
            </circle>
          );
          offset += len;
          return el;
        })}
      <text x="90" y="86" textAnchor="middle" fontSize="26" fontWeight="600" fill="#1f1f1f">
        {total}
      </text>
      <text x="90" y="108" textAnchor="middle" fontSize="12" fill="#8c8c8c">
        {label}
      </text>
    </svg>
  );
}

export function Bars({ data, onPick }: { data: Slice[]; onPick?: (key: string) => void }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  return (
    <div className="mini-bars" role="list">
      {data.map((d) => (
        <button
          type="button"
          key={d.key}
          className="mini-bar-row"
          role="listitem"
          onClick={() => onPick?.(d.key)}
          title={`${d.name}: ${d.value}`}
        >
          <span className="mini-bar-label">{d.name}</span>
          <span className="mini-bar-track">
            <span
              className="mini-bar-fill"
              style={{ width: `${(d.value / max) * 100}%`, background: d.color }}
            />
          </span>
          <span className="mini-bar-value">{d.value}</span>
        </button>
      ))}
    </div>
  );
}
