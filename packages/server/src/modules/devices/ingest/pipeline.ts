import type { DeviceEventV1 } from '@redline/contracts';
import type { DeviceInfo } from '../device-cache.ts';
import type { Rejection } from './validate.ts';

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
 * Batches: up to `batchSize` events, committed as soon as that many are waiting or after
 * `batchMs`; up to `concurrency` batches commit at once (1 on PGlite, which is one connection).
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

export class IngestPipeline {
  private queue: IngestItem[] = [];
  private head = 0;
  private inFlightItems = 0;
  private inFlightBatches = 0;
  private timer: NodeJS.Timeout | null = null;
  private roomWaiters: Array<{ n: number; resolve: () => void }> = [];
  private idleWaiters: Array<() => void> = [];
  private rejections: RejectionRecord[] = [];
  private closed = false;

  readonly stats = {
    startedAt: new Date(),
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
  };

  constructor(
    private readonly commit: CommitFn,
    readonly opts: PipelineOptions,
  ) {}

  get depth() {
    return this.queue.length - this.head + this.inFlightItems;
  }

  get capacity() {
    return this.opts.capacity;
  }

  hasRoom(n = 1) {
    return !this.closed && this.depth + n <= this.opts.capacity;
  }

  /** Resolves when `n` more events fit (immediately if they do). */
  waitForRoom(n = 1): Promise<void> {
    const want = Math.min(n, this.opts.capacity);
    if (this.hasRoom(want) || this.closed) return Promise.resolve();
    this.stats.pausedTimes++;
    return new Promise((resolve) => this.roomWaiters.push({ n: want, resolve }));
  }

  /** Queues checked events. Call after `hasRoom`/`waitForRoom`; a source may overshoot by one message. */
  submit(items: IngestItem[]) {
    if (this.closed) {
      for (const it of items) it.done('failed');
      return;
    }
    this.stats.received += items.length;
    for (const it of items) this.queue.push(it);
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

  private schedule(now = false) {
    const waiting = this.queue.length - this.head;
    if (this.inFlightBatches >= this.opts.concurrency) return;
    if (now || waiting >= this.opts.batchSize) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      this.flush();
      return;
    }
    if (!this.timer && (waiting > 0 || this.rejections.length > 0)) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.opts.batchMs);
    }
  }

  private flush() {
    while (this.inFlightBatches < this.opts.concurrency) {
      const waiting = this.queue.length - this.head;
      if (waiting === 0 && this.rejections.length === 0) break;
      const n = Math.min(waiting, this.opts.batchSize);
      const batch = this.queue.slice(this.head, this.head + n);
      this.head += n;
      if (this.head > 10_000 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      const rejections = this.rejections.splice(0);
      this.inFlightBatches++;
      this.inFlightItems += batch.length;
      void this.run(batch, rejections).finally(() => {
        this.inFlightBatches--;
        this.inFlightItems -= batch.length;
        this.wake();
        const left = this.queue.length - this.head;
        if (left > 0 || this.rejections.length > 0)
          this.schedule(left >= this.opts.batchSize || this.idleWaiters.length > 0);
      });
    }
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
