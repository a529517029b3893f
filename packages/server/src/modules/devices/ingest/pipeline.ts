import type { DeviceEventV1 } from '@redline/contracts';
import type { DeviceInfo } from '../device-cache.ts';
import type { Rejection } from './validate.ts';
import { wallClock } from '../../../clock.ts';

/**
 * The ingest pipeline: a bounded queue in front of batch commits.
 *
 * Sources (MQTT subscriber, embedded broker, HTTP) `submit` checked events; each carries a `done`
 * callback called once, after its batch has committed (accepted / duplicate) or when it could not
 * be stored. Sources acknowledge to the device or broker only then.
 *
 * Back-pressure: the queue holds at most `capacity` events (queued + being committed). A source
 * asks `hasRoom` before taking more and waits on `waitForRoom` — the MQTT subscriber stops reading
 * its socket, the embedded broker holds its acknowledgements, HTTP waits (then answers 503). Nothing
 * here grows without bound.
 *
 * Lanes: events go to one of `concurrency` lanes by their device (1 on PGlite, which is one
 * connection). A lane commits one batch at a time — up to `batchSize` events, as soon as that many
 * wait or after `batchMs` — so one device's events are committed in arrival order, and batches that
 * commit at once never share a device (their per-device locks never wait for each other).
 * A failing batch is retried (transient errors: deadlocks, a lost connection) or split in halves
 * until the one event that cannot be stored is found and refused, so one bad event never blocks
 * the stream.
 */
export type Outcome = 'accepted' | 'duplicate' | 'rejected' | 'failed';

export interface IngestItem {
  event: DeviceEventV1;
  at: number;
  device: DeviceInfo;
  transport: string;
  done: (outcome: Outcome, rejection?: Rejection) => void;
}

export interface RejectionRecord extends Rejection {
  transport: string;
}

export interface BatchOutcome {
  outcomes: Outcome[];
  alarmsRaised: number;
  alarmsSuppressed: number;
}

export type CommitFn = (items: IngestItem[], rejections: RejectionRecord[]) => Promise<BatchOutcome>;

export interface PipelineOptions {
  batchSize: number;
  batchMs: number;
  capacity: number;
  concurrency: number;
  log?: { warn: (o: object, msg: string) => void; error: (o: object, msg: string) => void };
}

const MAX_PENDING_REJECTIONS = 500;

/** One lane: its own FIFO of events and at most one batch committing. */
class Lane {
  queue: IngestItem[] = [];
  head = 0;
  busy = false;
  get waiting() {
    return this.queue.length - this.head;
  }
  take(n: number): IngestItem[] {
    const batch = this.queue.slice(this.head, this.head + n);
    this.head += n;
    if (this.head > 10_000 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return batch;
  }
}

/** The lane of a device: a string hash, so one device's events always share a lane. */
function laneOf(deviceId: string, lanes: number): number {
  if (lanes === 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < deviceId.length; i++) h = Math.imul(h ^ deviceId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

export class IngestPipeline {
  private readonly lanes: Lane[];
  private queued = 0;
  private inFlightItems = 0;
  private inFlightBatches = 0;
  private timer: NodeJS.Timeout | null = null;
  private roomWaiters: Array<{ n: number; resolve: () => void }> = [];
  private idleWaiters: Array<() => void> = [];
  private rejections: RejectionRecord[] = [];
  private closed = false;

  readonly stats = {
    startedAt: wallClock(),
    received: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    rejectedByCode: {} as Record<string, number>,
    batches: 0,
    retries: 0,
    pausedTimes: 0,
    alarmsRaised: 0,
    alarmsSuppressed: 0,
    lastBatchMs: 0,
    failed: 0,
    /** Reconnections of the ingest workers to an external broker. */
    reconnects: 0,
  };

  constructor(
    private readonly commit: CommitFn,
    readonly opts: PipelineOptions,
  ) {
    this.lanes = Array.from({ length: Math.max(1, opts.concurrency) }, () => new Lane());
  }

  get depth() {
    return this.queued + this.inFlightItems;
  }

  get capacity() {
    return this.opts.capacity;
  }

  hasRoom(n = 1) {
    return !this.closed && this.depth + n <= this.opts.capacity;
  }

  /**
   * Resolves true when `n` more events fit (at once if they do), false when `signal` aborts first —
   * the waiter is then forgotten, so sources that give up (an HTTP timeout, a lost MQTT connection)
   * leave nothing behind.
   */
  waitForRoom(n = 1, signal?: AbortSignal): Promise<boolean> {
    const want = Math.min(n, this.opts.capacity);
    if (this.hasRoom(want) || this.closed) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    this.stats.pausedTimes++;
    return new Promise((resolve) => {
      const waiter = {
        n: want,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        },
      };
      const onAbort = () => {
        const i = this.roomWaiters.indexOf(waiter);
        if (i >= 0) this.roomWaiters.splice(i, 1);
        resolve(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.roomWaiters.push(waiter);
    });
  }

  /** Queues checked events. Call after `hasRoom`/`waitForRoom`; a source may overshoot by one message. */
  submit(items: IngestItem[]) {
    if (this.closed) {
      for (const it of items) it.done('failed');
      return;
    }
    this.stats.received += items.length;
    this.queued += items.length;
    for (const it of items) this.lanes[laneOf(it.device.id, this.lanes.length)].queue.push(it);
    this.schedule();
  }

  /** Counts a refused event and keeps a sample for the rejections list. */
  reject(r: Rejection, transport: string) {
    this.stats.received++;
    this.stats.rejected++;
    this.stats.rejectedByCode[r.code] = (this.stats.rejectedByCode[r.code] ?? 0) + 1;
    if (this.rejections.length < MAX_PENDING_REJECTIONS) this.rejections.push({ ...r, transport });
    this.schedule();
  }

  /** Resolves when everything queued so far has been committed (or failed). */
  drain(): Promise<void> {
    if (this.depth === 0 && this.inFlightBatches === 0 && this.rejections.length === 0)
      return Promise.resolve();
    this.schedule(true);
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close() {
    await this.drain();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.roomWaiters.splice(0)) w.resolve();
  }

  /**
   * Starts a batch on every idle lane that has a full batch waiting (or anything, when `now`);
   * otherwise makes sure a timer will flush what waits after `batchMs`.
   */
  private schedule(now = false) {
    let pending = false;
    for (const lane of this.lanes) {
      if (lane.busy) continue;
      if (now || lane.waiting >= this.opts.batchSize) this.start(lane);
      else if (lane.waiting > 0) pending = true;
    }
    // Refused events alone still get recorded, on whichever lane is free.
    if (this.rejections.length > 0) {
      const idle = this.lanes.find((l) => !l.busy);
      if (idle && now) this.start(idle);
      else pending = true;
    }
    if (pending && !this.timer)
      this.timer = setTimeout(() => {
        this.timer = null;
        this.schedule(true);
      }, this.opts.batchMs);
  }

  private start(lane: Lane) {
    const n = Math.min(lane.waiting, this.opts.batchSize);
    if (n === 0 && this.rejections.length === 0) return;
    const batch = lane.take(n);
    const rejections = this.rejections.splice(0);
    lane.busy = true;
    this.queued -= n;
    this.inFlightBatches++;
    this.inFlightItems += n;
    void this.run(batch, rejections).finally(() => {
      lane.busy = false;
      this.inFlightBatches--;
      this.inFlightItems -= n;
      this.wake();
      if (lane.waiting > 0 || this.rejections.length > 0)
        this.schedule(lane.waiting >= this.opts.batchSize || this.idleWaiters.length > 0);
    });
  }

  private wake() {
    while (this.roomWaiters.length && this.hasRoom(this.roomWaiters[0].n))
      this.roomWaiters.shift()!.resolve();
    if (this.depth === 0 && this.inFlightBatches === 0 && this.rejections.length === 0)
      for (const w of this.idleWaiters.splice(0)) w();
  }

  private async run(batch: IngestItem[], rejections: RejectionRecord[]) {
    const t0 = performance.now();
    const outcomes = await this.commitResilient(batch, rejections);
    this.stats.batches++;
    this.stats.lastBatchMs = Math.round((performance.now() - t0) * 10) / 10;
    batch.forEach((item, i) => {
      const o = outcomes[i];
      if (o === 'accepted') this.stats.accepted++;
      else if (o === 'duplicate') this.stats.duplicates++;
      else if (o === 'failed') this.stats.failed++;
      try {
        item.done(o);
      } catch (e) {
        this.opts.log?.error({ err: e }, 'ingest: acknowledging an event failed');
      }
    });
  }

  /** Commits a batch; retries transient failures; splits a batch that keeps failing for its data. */
  private async commitResilient(batch: IngestItem[], rejections: RejectionRecord[]): Promise<Outcome[]> {
    let delay = 50;
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await this.commit(batch, rejections);
        this.stats.alarmsRaised += r.alarmsRaised;
        this.stats.alarmsSuppressed += r.alarmsSuppressed;
        return r.outcomes;
      } catch (e) {
        const kind = classify(e);
        if (kind === 'transient' && !this.closed && (attempt < 8 || isConnectionError(e))) {
          this.stats.retries++;
          if (attempt === 1 || attempt % 10 === 0)
            this.opts.log?.warn({ err: e, attempt, events: batch.length }, 'ingest: batch failed, retrying');
          await sleep(delay);
          delay = Math.min(delay * 2, 5_000);
          continue;
        }
        if (kind === 'transient' && this.closed) return batch.map(() => 'failed');
        if (batch.length <= 1) {
          this.opts.log?.error(
            { err: e, eventId: batch[0]?.event.eventId, device: batch[0]?.device.code },
            'ingest: event could not be stored',
          );
          if (batch[0]) {
            const r = {
              code: 'STORE_FAILED',
              reason: `could not be stored: ${(e as Error).message}`.slice(0, 300),
              eventId: batch[0].event.eventId,
              deviceCode: batch[0].device.code,
            };
            this.reject(r, batch[0].transport);
            this.stats.received--; // counted when it was submitted
          }
          return batch.map(() => 'rejected');
        }
        this.stats.retries++;
        const mid = Math.ceil(batch.length / 2);
        const left = await this.commitResilient(batch.slice(0, mid), rejections);
        const right = await this.commitResilient(batch.slice(mid), []);
        return [...left, ...right];
      }
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isConnectionError(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300'].includes(
      err?.code ?? '',
    ) ||
    (err?.code ?? '').startsWith('08') ||
    /Connection terminated|connection.*(closed|ended)|timeout exceeded when trying to connect/i.test(
      err?.message ?? '',
    )
  );
}

function classify(e: unknown): 'transient' | 'data' {
  const code = (e as { code?: string })?.code ?? '';
  if (code === '40P01' || code === '40001' || code === '55P03') return 'transient';
  if (isConnectionError(e)) return 'transient';
  return 'data';
}
