import type { Deps } from '../../http/context.ts';
import type { Job } from '../../jobs/scheduler.ts';
import { elapsedMs } from '../../clock.ts';
import { claimDueDeliveries, recordAttempt } from './repo.ts';

/** Attempts before a delivery is given up (about 17 hours of back-off). */
export const WEBHOOK_MAX_ATTEMPTS = 12;
const LEASE_MS = 2 * 60_000;
const BATCH = 20;
const TIMEOUT_MS = 10_000;

/** Exponential back-off after the n-th failed attempt: 30 s, 1 min, 2 min … capped at 4 hours. */
export const webhookBackoffMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 4 * 3_600_000);

/** Only http(s) addresses are ever requested (checked again here, whatever the table holds). */
export const isHttpUrl = (url: string) => {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
};

/**
 * One POST. A robot answers 200 with {"errcode":0} when it took the message; a non-zero errcode
 * (wrong keyword, bad token, rate limit) is a failure with its errmsg.
 */
async function post(
  url: string,
  payload: unknown,
): Promise<{ statusCode: number | null; error: string | null }> {
  if (!isHttpUrl(url)) return { statusCode: null, error: 'only http and https addresses are requested' };
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(typeof payload === 'string' ? JSON.parse(payload) : payload),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = (await res.text()).slice(0, 2000);
    if (res.status < 200 || res.status >= 300)
      return { statusCode: res.status, error: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}` };
    try {
      const body = JSON.parse(text) as { errcode?: number; errmsg?: string };
      if (typeof body.errcode === 'number' && body.errcode !== 0)
        return {
          statusCode: res.status,
          error: `errcode ${body.errcode}: ${String(body.errmsg ?? '').slice(0, 200)}`,
        };
    } catch {
      // not JSON: a 2xx is taken as delivered
    }
    return { statusCode: res.status, error: null };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return {
      statusCode: null,
      error:
        `${err.name === 'TimeoutError' ? 'timed out' : err.message}${err.cause?.code ? ` (${err.cause.code})` : ''}`.slice(
          0,
          300,
        ),
    };
  }
}

/**
 * Sends the deliveries that are due, outside any transaction (a claim pushes their next attempt
 * ahead first, so instances do not send twice), records every attempt with its status code or error,
 * and schedules a failed one again with exponential back-off until WEBHOOK_MAX_ATTEMPTS.
 */
export async function deliverDueWebhooks(deps: Pick<Deps, 'database' | 'now'>): Promise<string> {
  const db = deps.database.db;
  const due = await claimDueDeliveries(db, deps.now(), LEASE_MS, BATCH);
  if (!due.length) return '';
  let delivered = 0;
  let failed = 0;
  for (const d of due) {
    const attempt = Number(d.attempts) + 1;
    const started = elapsedMs();
    const r = await post(d.url, d.payload);
    const at = deps.now();
    const ok = r.error === null;
    if (ok) delivered++;
    else failed++;
    await recordAttempt(db, {
      deliveryId: d.id,
      attempt,
      at,
      ok,
      statusCode: r.statusCode,
      error: r.error,
      durationMs: Math.round(elapsedMs() - started),
      next: ok
        ? { status: 'delivered', nextAt: null }
        : attempt >= WEBHOOK_MAX_ATTEMPTS
          ? { status: 'failed', nextAt: null }
          : { status: 'failing', nextAt: new Date(at.getTime() + webhookBackoffMs(attempt)) },
    });
  }
  return `webhooks: ${delivered} delivered, ${failed} failed`;
}

/** The delivery job: every 15 s; the sending happens after the scheduler's transaction. */
export const webhookDeliveryJob: Job = {
  name: 'webhook-deliveries',
  everyMs: 15_000,
  run: async () => '',
  afterCommit: (deps) => deliverDueWebhooks(deps),
};
