import type { Deps } from '../../../http/context.ts';
import { DeviceCache, TOPIC_RE, type DeviceInfo } from '../device-cache.ts';
import { RulesCache } from '../rules.ts';
import { ensureShippedRules } from '../ensure-shipped-rules.ts';
import { ensureEventPartitionsAhead } from '../event-store.ts';
import { AlarmHub } from '../stream.ts';
import { LIVE_CHANNEL } from '../live-repo.ts';
import { IngestPipeline, type Outcome } from './pipeline.ts';
import { commitBatch } from './batch.ts';
import { checkEvent, type Rejection } from './validate.ts';
import { epochMs } from '../../../clock.ts';

export interface AcceptReport {
  accepted: number;
  duplicates: number;
  failed: number;
  rejected: Array<Rejection & { index: number }>;
}

type Log = {
  info: (o: object | string, msg?: string) => void;
  warn: (o: object, msg: string) => void;
  error: (o: object, msg: string) => void;
};
const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Everything the devices feature keeps running beside the HTTP routes: the device and rule
 * caches, the ingest pipeline, the live alarm hub, and the one LISTEN connection that keeps them
 * in step with the other instances. One per app (keyed by its Deps).
 */
export class DeviceServices {
  readonly devices: DeviceCache;
  readonly rules: RulesCache;
  readonly pipeline: IngestPipeline;
  readonly hub: AlarmHub;
  log: Log = quiet;
  private unlisten: (() => Promise<void>) | null = null;
  private starting: Promise<void> | null = null;
  private stopped = false;
  readonly transports = new Set<string>(['http']);

  constructor(readonly deps: Deps) {
    const db = deps.database.db;
    const c = deps.config;
    const pglite = deps.database.kind === 'pglite';
    this.devices = new DeviceCache(db);
    this.rules = new RulesCache(db);
    this.hub = new AlarmHub(db);
    this.pipeline = new IngestPipeline(
      (items, rejections) =>
        commitBatch(
          {
            database: deps.database,
            rules: this.rules,
            timeZone: c.TIME_ZONE,
            lockDevices: !pglite && c.INGEST_CONCURRENCY > 1,
          },
          items,
          rejections,
        ),
      {
        batchSize: c.INGEST_BATCH_SIZE,
        batchMs: c.INGEST_BATCH_MS,
        capacity: c.INGEST_QUEUE_CAPACITY,
        concurrency: pglite ? 1 : c.INGEST_CONCURRENCY,
        log: { warn: (o, m) => this.log.warn(o, m), error: (o, m) => this.log.error(o, m) },
      },
    );
  }

  /** Loads the shipped rules and starts listening; idempotent. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      await ensureShippedRules(this.deps.database.db);
      // the month partitions of device_events, this month and the next two (the job keeps them ahead)
      await ensureEventPartitionsAhead(this.deps.database.db, this.deps.now());
      await this.rules.reload();
      this.unlisten = await this.deps.database.listen(LIVE_CHANNEL, (msg) => this.onLive(msg));
    })();
    return this.starting;
  }

  private onLive(msg: string) {
    const kind = msg[0];
    const rest = msg.slice(1);
    if (kind === 'A') this.hub.onNotify(rest);
    else if (kind === 'D') this.devices.invalidate(rest || undefined);
    else if (kind === 'R')
      void this.rules.reload().catch((e) => this.log.error({ err: e }, 'reloading alarm rules failed'));
  }

  async stop() {
    if (this.stopped) return;
    this.stopped = true;
    await this.pipeline.close();
    this.hub.close();
    if (this.unlisten) await this.unlisten().catch(() => {});
  }

  /**
   * Checks raw events and queues the good ones; resolves when all of them are committed (or
   * refused). `from` says who sent them: an authenticated device (HTTP, embedded broker) may only
   * send its own events; a message from an external broker is matched against its topic.
   * `waitMs` bounds the wait for queue room; `signal` gives up when the source is gone (its events
   * are then answered `failed` and not queued).
   */
  async accept(
    raws: unknown[],
    from: { transport: string; device?: DeviceInfo; topic?: string },
    opts: { waitMs?: number; signal?: AbortSignal } = {},
  ): Promise<AcceptReport> {
    await this.start();
    const report: AcceptReport = { accepted: 0, duplicates: 0, failed: 0, rejected: [] };
    const now = epochMs();
    const maxAge = this.deps.config.INGEST_MAX_EVENT_AGE_HOURS * 3_600_000;
    const checked: Array<{ index: number; value: ReturnType<typeof checkEvent> & { ok: true } }> = [];
    raws.forEach((raw, index) => {
      const r = checkEvent(raw, now, maxAge);
      if (r.ok) checked.push({ index, value: r });
      else
        this.refuse(
          report,
          index,
          { ...r.rejection, ...(from.device && { regionCode: from.device.regionCode }) },
          from.transport,
        );
    });
    let topicParts: RegExpExecArray | null = null;
    if (from.topic !== undefined) topicParts = TOPIC_RE.exec(from.topic);
    const devices = from.device
      ? null
      : await this.devices.getMany(checked.map((c) => c.value.value.event.deviceId));
    const items: Array<{ index: number; device: DeviceInfo; c: (typeof checked)[number] }> = [];
    for (const c of checked) {
      const ev = c.value.value.event;
      const ids = { eventId: ev.eventId, deviceCode: ev.deviceId };
      let device: DeviceInfo | null | undefined = from.device;
      if (from.device) {
        if (ev.deviceId !== from.device.code) {
          this.refuse(
            report,
            c.index,
            {
              code: 'DEVICE_MISMATCH',
              reason: `authenticated as ${from.device.code}, event says ${ev.deviceId}`,
              ...ids,
              regionCode: from.device.regionCode,
            },
            from.transport,
          );
          continue;
        }
      } else {
        device = devices!.get(ev.deviceId);
        if (!device) {
          this.refuse(
            report,
            c.index,
            { code: 'UNKNOWN_DEVICE', reason: `no device with code ${ev.deviceId} is registered`, ...ids },
            from.transport,
          );
          continue;
        }
      }
      if (!device!.active) {
        this.refuse(
          report,
          c.index,
          {
            code: 'DEVICE_DISABLED',
            reason: `device ${ev.deviceId} is disabled`,
            ...ids,
            regionCode: device!.regionCode,
          },
          from.transport,
        );
        continue;
      }
      if (from.topic !== undefined) {
        const d = device!;
        if (
          !topicParts ||
          topicParts[3] !== d.code ||
          topicParts[1] !== d.regionCode ||
          topicParts[2] !== d.siteId
        ) {
          this.refuse(
            report,
            c.index,
            {
              code: 'TOPIC_MISMATCH',
              reason: `device ${d.code} publishes on redline/v1/${d.regionCode}/${d.siteId}/${d.code}/events, not ${from.topic}`,
              ...ids,
              regionCode: d.regionCode,
            },
            from.transport,
          );
          continue;
        }
      }
      items.push({ index: c.index, device: device!, c });
    }
    if (!items.length) return report;
    // Only a wait needs a signal (a timeout for HTTP, the connection for MQTT).
    const giveUp = () =>
      opts.waitMs === undefined
        ? opts.signal
        : AbortSignal.any([AbortSignal.timeout(opts.waitMs), ...(opts.signal ? [opts.signal] : [])]);
    const room =
      this.pipeline.hasRoom(items.length) || (await this.pipeline.waitForRoom(items.length, giveUp()));
    if (!room || opts.signal?.aborted) {
      report.failed += items.length;
      return report;
    }
    const outcomes = await new Promise<Outcome[]>((resolve) => {
      const out: Outcome[] = new Array(items.length);
      let left = items.length;
      this.pipeline.submit(
        items.map((it, i) => {
          const v = it.c.value.value;
          return {
            event: v.event,
            at: v.at,
            device: it.device,
            transport: from.transport,
            done: (o: Outcome) => {
              out[i] = o;
              if (--left === 0) resolve(out);
            },
          };
        }),
      );
    });
    outcomes.forEach((o, i) => {
      if (o === 'accepted') report.accepted++;
      else if (o === 'duplicate') report.duplicates++;
      else if (o === 'failed') report.failed++;
      else
        report.rejected.push({
          index: items[i].index,
          code: 'STORE_FAILED',
          reason: 'could not be stored',
          eventId: items[i].c.value.value.event.eventId,
        });
    });
    report.rejected.sort((a, b) => a.index - b.index);
    return report;
  }

  private refuse(report: AcceptReport, index: number, r: Rejection, transport: string) {
    report.rejected.push({ ...r, index });
    this.pipeline.reject(r, transport);
  }
}

const registry = new WeakMap<Deps, DeviceServices>();

export function deviceServices(deps: Deps): DeviceServices {
  let s = registry.get(deps);
  if (!s) registry.set(deps, (s = new DeviceServices(deps)));
  return s;
}
