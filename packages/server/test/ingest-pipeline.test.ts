import { describe, expect, it } from 'vitest';
import {
  IngestPipeline,
  type IngestItem,
  type Outcome,
  type CommitFn,
} from '../src/modules/devices/ingest/pipeline.ts';

/** The bounded queue in front of the batch commits: back-pressure, batching, retries, isolation of a bad event. */
const device = { id: '00000000-0000-4000-8000-000000000001', code: 'D1' } as IngestItem['device'];

function item(i: number, outcomes: Map<number, Outcome>, on = device): IngestItem {
  return {
    event: {
      schema: 'redline.event/1',
      eventId: `e${i}`,
      deviceId: 'D1',
      time: new Date().toISOString(),
      type: 'heartbeat',
    },
    at: Date.now(),
    device: on,
    transport: 'test',
    done: (o) => outcomes.set(i, o),
  };
}

const ok: CommitFn = async (items) => ({
  outcomes: items.map(() => 'accepted'),
  alarmsRaised: 0,
  alarmsSuppressed: 0,
});

describe('ingest pipeline', () => {
  it('batches: never more than batchSize per commit, every event answered once', async () => {
    const sizes: number[] = [];
    const p = new IngestPipeline(async (items, r) => (sizes.push(items.length), ok(items, r)), {
      batchSize: 50,
      batchMs: 5,
      capacity: 1000,
      concurrency: 2,
    });
    const outcomes = new Map<number, Outcome>();
    p.submit(Array.from({ length: 730 }, (_, i) => item(i, outcomes)));
    await p.drain();
    expect(Math.max(...sizes)).toBeLessThanOrEqual(50);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(730);
    expect(outcomes.size).toBe(730);
    expect([...outcomes.values()].every((o) => o === 'accepted')).toBe(true);
  });

  it("lanes: batches committing together never share a device, and a device's events keep their order", async () => {
    const devices = Array.from(
      { length: 12 },
      (_, d) =>
        ({
          id: `00000000-0000-4000-8000-${String(d).padStart(12, '0')}`,
          code: `D${d}`,
        }) as IngestItem['device'],
    );
    const running = new Set<string>();
    const clashes: string[] = [];
    const order = new Map<string, number[]>();
    let together = 0;
    let maxTogether = 0;
    const p = new IngestPipeline(
      async (items, r) => {
        const mine = new Set(items.map((it) => it.device.id));
        for (const id of mine) if (running.has(id)) clashes.push(id);
        mine.forEach((id) => running.add(id));
        maxTogether = Math.max(maxTogether, ++together);
        await new Promise((res) => setTimeout(res, 2));
        for (const it of items) order.get(it.device.id)!.push(Number(it.event.eventId.slice(1)));
        mine.forEach((id) => running.delete(id));
        together--;
        return ok(items, r);
      },
      { batchSize: 7, batchMs: 1, capacity: 10_000, concurrency: 3 },
    );
    devices.forEach((d) => order.set(d.id, []));
    const outcomes = new Map<number, Outcome>();
    for (let round = 0; round < 5; round++) {
      p.submit(Array.from({ length: 120 }, (_, i) => item(round * 120 + i, outcomes, devices[i % 12])));
      await new Promise((res) => setTimeout(res, 1));
    }
    await p.drain();
    expect(clashes).toEqual([]);
    expect(maxTogether).toBeGreaterThan(1); // the lanes did commit at the same time
    expect(outcomes.size).toBe(600);
    for (const seqs of order.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect([...order.values()].every((s) => s.length === 50)).toBe(true);
  });

  it('is bounded: no room beyond capacity until batches commit, then waiting sources resume', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const p = new IngestPipeline(async (items, r) => (await gate, ok(items, r)), {
      batchSize: 10,
      batchMs: 1,
      capacity: 40,
      concurrency: 1,
    });
    const outcomes = new Map<number, Outcome>();
    p.submit(Array.from({ length: 40 }, (_, i) => item(i, outcomes)));
    expect(p.depth).toBe(40);
    expect(p.hasRoom(1)).toBe(false);
    let resumed = false;
    const waiting = p.waitForRoom(5).then(() => (resumed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(resumed).toBe(false);
    expect(p.stats.pausedTimes).toBe(1);
    release();
    await waiting;
    expect(resumed).toBe(true);
    await p.drain();
    expect(p.depth).toBe(0);
  });

  it('a source that gives up while waiting for room leaves nothing behind', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let batches = 0;
    // The first batch commits when released, the second never (within this test).
    const p = new IngestPipeline(
      async (items, r) => (++batches === 1 ? await gate : await new Promise(() => {}), ok(items, r)),
      { batchSize: 5, batchMs: 1, capacity: 10, concurrency: 1 },
    );
    const outcomes = new Map<number, Outcome>();
    p.submit(Array.from({ length: 10 }, (_, i) => item(i, outcomes)));
    const gone = new AbortController();
    const abandoned = p.waitForRoom(10, gone.signal); // first in line, wants everything
    const patient = p.waitForRoom(1);
    gone.abort();
    expect(await abandoned).toBe(false);
    expect(await p.waitForRoom(1, gone.signal)).toBe(false); // already aborted: not queued at all
    release(); // five events commit: room for the patient one, had the abandoned one not stood first
    expect(await patient).toBe(true);
  });

  it('retries a transient failure (deadlock, lost connection) and then succeeds', async () => {
    let calls = 0;
    const p = new IngestPipeline(
      async (items, r) => {
        if (++calls <= 2) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        return ok(items, r);
      },
      { batchSize: 10, batchMs: 1, capacity: 100, concurrency: 1 },
    );
    const outcomes = new Map<number, Outcome>();
    p.submit([item(1, outcomes), item(2, outcomes)]);
    await p.drain();
    expect([...outcomes.values()]).toEqual(['accepted', 'accepted']);
    expect(p.stats.retries).toBe(2);
  });

  it('isolates the one event that cannot be stored; the rest of its batch is committed', async () => {
    const p = new IngestPipeline(
      async (items, r) => {
        if (items.some((it) => it.event.eventId === 'e13'))
          throw Object.assign(new Error('invalid input syntax'), { code: '22P02' });
        return ok(items, r);
      },
      { batchSize: 20, batchMs: 1, capacity: 100, concurrency: 1 },
    );
    const outcomes = new Map<number, Outcome>();
    p.submit(Array.from({ length: 20 }, (_, i) => item(i, outcomes)));
    await p.drain();
    expect(outcomes.get(13)).toBe('rejected');
    expect([...outcomes].filter(([, o]) => o === 'accepted')).toHaveLength(19);
    expect(p.stats.rejectedByCode.STORE_FAILED).toBe(1);
  });

  it('after close, nothing more is taken: events are answered "failed" so the source does not acknowledge them', async () => {
    const p = new IngestPipeline(ok, { batchSize: 10, batchMs: 1, capacity: 100, concurrency: 1 });
    await p.close();
    const outcomes = new Map<number, Outcome>();
    p.submit([item(1, outcomes)]);
    expect(outcomes.get(1)).toBe('failed');
    expect(p.hasRoom(1)).toBe(false);
  });
});
