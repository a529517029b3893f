import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * How late the event loop runs, over the last completed window (10 s): a saturated ingest shows
 * here first, before HTTP answers and broker keep-alives start to suffer. One monitor per process.
 */
let histogram: IntervalHistogram | null = null;
let last = { p99Ms: 0, maxMs: 0 };

export function eventLoopDelay(): { p99Ms: number; maxMs: number } {
  if (!histogram) {
    histogram = monitorEventLoopDelay({ resolution: 20 });
    histogram.enable();
    const h = histogram;
    setInterval(() => {
      last = { p99Ms: round(h.percentile(99)), maxMs: round(h.max) };
      h.reset();
    }, 10_000).unref();
  }
  return last;
}

const round = (ns: number) => Math.round(ns / 1e5) / 10;
