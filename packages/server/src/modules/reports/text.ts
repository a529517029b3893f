/** How a report prints its numbers: thousands separated, rates rounded down with their counts. */
const count = new Intl.NumberFormat('en-US');

export const n = (v: number) => count.format(v);

/** A floorPercent string as printed: "100.0" → "100", "99.9" stays (never rounded up). */
export const pct = (p: string | null) => (p === null ? '—' : p.endsWith('.0') ? p.slice(0, -2) : p);

/** "99.9 %（2,852 / 2,853）", or "—（0 / 0）" when nothing was found. */
export const rateText = (p: string | null, closed: number, found: number) =>
  `${p === null ? '—' : `${pct(p)} %`}（${n(closed)} / ${n(found)}）`;
