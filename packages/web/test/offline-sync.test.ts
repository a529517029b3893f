import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InspectionView } from '@redline/contracts';
import { OfflineDb } from '../src/features/offline/db';
import { applyQueued, discard, enqueue, keepServer, queued, retry } from '../src/features/offline/outbox';
import { backoffMs, storeView, syncOutbox, type Fetch } from '../src/features/offline/sync';
import { exifSegment, withExif } from '../src/features/offline/compress';

/** The outbox and the sync engine (issue 19) against an in-memory IndexedDB and a scripted server. */

let db: OfflineDb;
let n = 0;
beforeEach(async () => {
  db = new OfflineDb(`test-${++n}`);
  await db.open();
});

const INSP_A = '00000000-0000-4000-8000-00000000000a';
const INSP_B = '00000000-0000-4000-8000-00000000000b';
const view = (id: string, status = 'draft'): InspectionView =>
  ({
    id,
    status,
    version: 1,
    signatures: [],
    blockers: [],
    members: [
      { userId: 'u1', displayName: '陈志远' },
      { userId: 'u2', displayName: '陆晓峰' },
    ],
    can: { record: true, sign: true, finish: false, cancel: true, edit: true },
    findings: [
      {
        id: `${id.slice(0, -1)}f`,
        itemId: '11111111-0000-4000-8000-000000000001',
        result: 'pending',
        note: '',
        measuredValue: '',
        deductions: [],
        hazardDescription: '',
        hazardGrade: null,
        photos: [],
        item: { handling: { grade: 'general' } },
      },
    ],
  }) as unknown as InspectionView;

const finding = (inspectionId: string, result = 'pass') => ({
  inspectionId,
  kind: 'finding' as const,
  method: 'PUT' as const,
  path: `/inspections/${inspectionId}/findings/{finding}`,
  itemId: '11111111-0000-4000-8000-000000000001',
  body: { result, hazardDescription: result === 'fail' ? '洞口未防护' : undefined },
  label: 'B.1.1',
});

interface Call {
  url: string;
  method: string;
  key: string | null;
}
/** A server that answers by script; `drop` answers but loses the answer (the write happened). */
function server(script: Array<'ok' | 'drop' | 'down' | { status: number; code: string }>) {
  const calls: Call[] = [];
  const seen = new Map<string, number>();
  let writes = 0;
  const f: Fetch = async (url, init) => {
    const key = new Headers(init.headers).get('idempotency-key');
    calls.push({ url, method: String(init.method), key });
    const step = script.shift() ?? 'ok';
    if (step === 'down') throw new TypeError('Failed to fetch');
    if (typeof step === 'object')
      return new Response(
        JSON.stringify({ error: { code: step.code, message: step.code, details: { version: 7 } } }),
        {
          status: step.status,
        },
      );
    if (!key || !seen.has(key)) writes++;
    if (key) seen.set(key, (seen.get(key) ?? 0) + 1);
    const id = /inspections\/([0-9a-f-]{36})/.exec(url)![1];
    if (step === 'drop') throw new TypeError('network connection lost');
    return new Response(JSON.stringify({ ...view(id, 'in_progress'), version: 2 }), { status: 200 });
  };
  return { f, calls, writes: () => writes };
}

describe('outbox', () => {
  it('keeps writes in capture order with their own ids and idempotency keys, across a reopen', async () => {
    const a = await enqueue(db, finding(INSP_A));
    const b = await enqueue(db, finding(INSP_A, 'fail'));
    expect(b.seq).toBeGreaterThan(a.seq!);
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey);
    expect(a.clientId).toMatch(/^[0-9a-f-]{36}$/);
    db.close();
    const again = new OfflineDb(db.name);
    await again.open();
    expect((await queued(again)).map((o) => [o.seq, o.status])).toEqual([
      [a.seq, 'pending'],
      [b.seq, 'pending'],
    ]);
  });

  it('applies queued writes to the stored view (findings, signatures, finish); a conflict is not applied', async () => {
    await enqueue(db, finding(INSP_A, 'fail'));
    const sig = await enqueue(db, {
      inspectionId: INSP_A,
      kind: 'signature',
      method: 'POST',
      path: `/inspections/${INSP_A}/signatures`,
      body: { party: 'inspected', refused: true, refusalReason: '拒签', witnessName: '监理' },
      label: 'sig',
    });
    const v = applyQueued(view(INSP_A), await queued(db));
    expect(v.findings[0]).toMatchObject({
      result: 'fail',
      hazardDescription: '洞口未防护',
      hazardGrade: 'general',
    });
    expect(v.status).toBe('in_progress');
    expect(v.signatures).toHaveLength(1);
    await db.outbox.update(sig.seq!, { status: 'conflict' });
    expect(applyQueued(view(INSP_A), await queued(db)).signatures).toHaveLength(0);
  });
});

describe('readiness on the device', () => {
  it('all items recorded and every side signed: signed and ready to finish; then finished', async () => {
    const sig = (body: object) =>
      enqueue(db, {
        inspectionId: INSP_A,
        kind: 'signature',
        method: 'POST',
        path: `/inspections/${INSP_A}/signatures`,
        body,
        label: 'sig',
      });
    await enqueue(db, finding(INSP_A));
    let v = applyQueued(view(INSP_A), await queued(db));
    expect(v.blockers.map((b) => b.code)).toEqual([
      'INSPECTOR_NOT_SIGNED',
      'INSPECTOR_NOT_SIGNED',
      'INSPECTED_NOT_SIGNED',
    ]);
    await sig({ party: 'inspector', userId: 'u1', signerName: 'a', image: 'data:' });
    await sig({ party: 'inspector', userId: 'u2', signerName: 'b', image: 'data:' });
    v = applyQueued(view(INSP_A), await queued(db));
    expect([v.status, v.can.finish, v.can.record]).toEqual(['in_progress', false, false]);
    await sig({ party: 'inspected', signerName: '王建国', image: 'data:' });
    v = applyQueued(view(INSP_A), await queued(db));
    expect([v.status, v.can.finish, v.blockers]).toEqual(['signed', true, []]);
    await enqueue(db, { ...finding(INSP_A), kind: 'finish', method: 'POST', path: 'x', itemId: undefined });
    v = applyQueued(view(INSP_A), await queued(db));
    expect([v.status, v.can.finish, v.can.sign]).toEqual(['finished', false, false]);
  });

  it('a blocker of the server it cannot judge (officers) stays', async () => {
    const server = {
      ...view(INSP_A),
      blockers: [{ code: 'OFFICER_NOT_CONFIRMED', params: {} }],
    } as InspectionView;
    await enqueue(db, finding(INSP_A));
    expect(applyQueued(server, await queued(db)).blockers[0].code).toBe('OFFICER_NOT_CONFIRMED');
  });
});

describe('sync engine', () => {
  it('sends in order, resolves the finding from the stored view, and empties the queue', async () => {
    await storeView(db, view(INSP_A));
    await enqueue(db, finding(INSP_A));
    await enqueue(db, {
      ...finding(INSP_A),
      kind: 'finish',
      method: 'POST',
      path: `/inspections/${INSP_A}/finish`,
      itemId: undefined,
      body: undefined,
    });
    const s = server(['ok', 'ok']);
    const r = await syncOutbox(db, s.f);
    expect(r).toMatchObject({ sent: 2, failed: 0, conflicts: 0 });
    expect(s.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `PUT /api/inspections/${INSP_A}/findings/${INSP_A.slice(0, -1)}f`,
      `POST /api/inspections/${INSP_A}/finish`,
    ]);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.views.get(INSP_A))!.view.version).toBe(2); // the answer is kept
  });

  it('a dropped answer is retried with the same idempotency key: the server writes once', async () => {
    await storeView(db, view(INSP_A));
    const op = await enqueue(db, finding(INSP_A));
    let clock = 1000;
    const s = server(['drop', 'ok']);
    const first = await syncOutbox(db, s.f, () => clock);
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    const waiting = (await db.outbox.get(op.seq!))!;
    expect(waiting).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: 1000 + backoffMs(1) });
    expect(await syncOutbox(db, s.f, () => clock)).toMatchObject({ sent: 0 }); // backoff: not yet
    expect(s.calls).toHaveLength(1);
    clock += backoffMs(1);
    expect(await syncOutbox(db, s.f, () => clock)).toMatchObject({ sent: 1 });
    expect(s.calls.map((c) => c.key)).toEqual([op.idempotencyKey, op.idempotencyKey]);
    expect(s.writes()).toBe(1);
  });

  it('a conflict stops that inspection and keeps the server answer; the others carry on', async () => {
    await storeView(db, view(INSP_A));
    await storeView(db, view(INSP_B));
    const a1 = await enqueue(db, finding(INSP_A));
    await enqueue(db, {
      ...finding(INSP_A),
      kind: 'finish',
      method: 'POST',
      path: `/inspections/${INSP_A}/finish`,
      itemId: undefined,
      body: undefined,
    });
    await enqueue(db, finding(INSP_B));
    const s = server([{ status: 409, code: 'INSPECTION_CHANGED' }, 'ok']);
    const r = await syncOutbox(db, s.f);
    expect(r).toMatchObject({ sent: 1, conflicts: 1 });
    expect(s.calls.map((c) => c.url)).toEqual([
      `/api/inspections/${INSP_A}/findings/${INSP_A.slice(0, -1)}f`,
      `/api/inspections/${INSP_B}/findings/${INSP_B.slice(0, -1)}f`,
    ]);
    const left = await queued(db);
    expect(left.map((o) => [o.inspectionId, o.kind, o.status])).toEqual([
      [INSP_A, 'finding', 'conflict'],
      [INSP_A, 'finish', 'pending'],
    ]);
    expect(left[0].answer).toMatchObject({
      status: 409,
      code: 'INSPECTION_CHANGED',
      details: { version: 7 },
    });
    // nothing of A is sent while its conflict stands
    expect((await syncOutbox(db, server(['ok']).f)).sent).toBe(0);
    // retry: sent again with the same key
    await retry(db, a1.seq!);
    const s2 = server(['ok', 'ok']);
    expect((await syncOutbox(db, s2.f)).sent).toBe(2);
    expect(s2.calls[0].key).toBe(a1.idempotencyKey);
  });

  it('discard my change and keep the server’s take writes off the queue', async () => {
    const a1 = await enqueue(db, finding(INSP_A));
    await enqueue(db, finding(INSP_A, 'fail'));
    await enqueue(db, finding(INSP_B));
    await discard(db, a1.seq!);
    expect((await queued(db)).length).toBe(2);
    await keepServer(db, INSP_A);
    expect((await queued(db)).map((o) => o.inspectionId)).toEqual([INSP_B]);
  });

  it('a network failure or a 5xx is retried; a 401 stops the sync and keeps everything queued', async () => {
    await storeView(db, view(INSP_A));
    await enqueue(db, finding(INSP_A));
    expect(await syncOutbox(db, server([{ status: 503, code: 'INGEST_BUSY' }]).f)).toMatchObject({
      failed: 1,
    });
    await db.outbox.toCollection().modify({ nextAttemptAt: 0 });
    const r = await syncOutbox(db, server([{ status: 401, code: 'UNAUTHENTICATED' }]).f);
    expect(r.unauthenticated).toBe(true);
    expect((await queued(db))[0].status).toBe('failed');
  });

  it('a finding of an inspection not yet on the device waits (its create comes first)', async () => {
    await enqueue(db, finding(INSP_A));
    const s = server([]);
    expect(await syncOutbox(db, s.f)).toMatchObject({ sent: 0, failed: 0 });
    expect(s.calls).toHaveLength(0);
  });
});

describe('photo compression keeps EXIF', () => {
  it('finds the APP1 Exif segment and puts it back after SOI', () => {
    const exif = [0xff, 0xe1, 0x00, 0x08, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00];
    const original = new Uint8Array([
      0xff,
      0xd8,
      0xff,
      0xe0,
      0x00,
      0x04,
      0x4a,
      0x46,
      ...exif,
      0xff,
      0xda,
      0,
      2,
      0xff,
      0xd9,
    ]);
    const seg = exifSegment(original)!;
    expect([...seg]).toEqual(exif);
    const canvasJpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x02, 0xff, 0xd9]);
    const out = withExif(canvasJpeg, seg);
    expect([...out.slice(0, 2)]).toEqual([0xff, 0xd8]);
    expect(exifSegment(out)).toEqual(seg);
    expect(exifSegment(new Uint8Array([0x89, 0x50]))).toBeNull();
  });
});
