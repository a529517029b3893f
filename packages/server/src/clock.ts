import { dateInZone } from '@redline/domain';

/**
 * The server's one clock. Times that are recorded (a record's moment, a deadline's start, "today")
 * come from `deps.now()` / `deps.today()`, built here and injectable, so tests and the demo's
 * simulated history can set them. Code with no deps at hand (defaults, caches, counters) reads
 * `wallClock()`; elapsed times and cache ages read `elapsedMs()`, which never jumps with the wall
 * clock. Lint forbids `new Date()` and `Date.now()` in server code outside this file.
 */
export function systemClock(timeZone: string): { now: () => Date; today: () => string } {
  return { now: wallClock, today: () => dateInZone(timeZone, wallClock()) };
}

/** The current instant, for code that has no injected clock. */
export const wallClock = (): Date => new Date();

/** Milliseconds since the epoch, for event times and intervals measured against them. */
export const epochMs = (): number => Date.now();

/** A monotonic millisecond counter for ages, timeouts and durations (not a point in time). */
export const elapsedMs = (): number => performance.now();
