import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type { InspectionView } from '@redline/contracts';
import { api, ApiError, isApiError } from '../../api/client';
import { offlineDb } from './db';
import { applyQueued, enqueue, queued, type NewOp } from './outbox';
import { storeView, syncOutbox } from './sync';

/**
 * The offline-aware client of the field pages: reads come from the server when it answers (and are
 * kept on the device), else from the device; writes go through the outbox — online too, so there is
 * one path — and are sent at once when there is a network.
 */

const online = () => typeof navigator === 'undefined' || navigator.onLine !== false;

/** An inspection as the device sees it: the server's view (or the stored one offline) with the queued writes. */
export async function loadInspectionView(id: string): Promise<InspectionView> {
  const db = offlineDb();
  let server: InspectionView | undefined;
  try {
    server = await api<InspectionView>(`/inspections/${id}`);
    await storeView(db, server);
  } catch (e) {
    if (!isApiError(e) || e.status !== 0) throw e;
    server = (await db.views.get(id))?.view;
    if (!server) throw e;
  }
  return applyQueued(server, await queued(db, id));
}

/** Whether a view shown came from the device with writes still queued. */
export async function pendingCount(inspectionId?: string): Promise<number> {
  const ops = await queued(offlineDb(), inspectionId);
  return ops.length;
}

/**
 * Queues a write of an inspection and, online, sends the queue. Returns the view as it now stands.
 * Online, a refusal (a 4xx) is thrown as before and the write taken off the queue (the page shows
 * the reason where the inspector is); offline, or when the network drops, it stays queued.
 */
export async function submitWrite(op: NewOp): Promise<InspectionView> {
  const db = offlineDb();
  const row = await enqueue(db, op);
  if (online()) {
    let r = await syncOutbox(db);
    // a sync already running when this was queued did not see it: once more
    if ((await db.outbox.get(row.seq!))?.status === 'pending') r = await syncOutbox(db);
    const after = await db.outbox.get(row.seq!);
    if (after?.status === 'conflict' && after.answer && !r.unauthenticated) {
      const earlier = (await queued(db, op.inspectionId)).filter((x) => x.seq! < row.seq!);
      if (!earlier.length) {
        await db.outbox.delete(row.seq!);
        const a = after.answer;
        throw new ApiError(a.status, a.code, a.message, a.field, a.details);
      }
    }
  }
  const stored = await db.views.get(op.inspectionId);
  if (!stored) throw new ApiError(404, 'NOT_FOUND', 'Inspection not on this device');
  return applyQueued(stored.view, await queued(db, op.inspectionId));
}

/** The queue's size, live (the header badge, the outbox page). */
export function useOutboxCounts() {
  const [counts, setCounts] = useState({ total: 0, conflicts: 0 });
  useEffect(() => {
    const sub = liveQuery(async () => {
      const all = await offlineDb().outbox.toArray();
      return { total: all.length, conflicts: all.filter((o) => o.status === 'conflict').length };
    }).subscribe({ next: setCounts, error: () => undefined });
    return () => sub.unsubscribe();
  }, []);
  return counts;
}

/** Whether the browser says it is online, live. */
export function useOnline() {
  const [on, setOn] = useState(online());
  useEffect(() => {
    const up = () => setOn(true);
    const down = () => setOn(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return on;
}

let started = false;
/** Sends the queue when the network comes back, and every 20 s while online (backoff decides per write). */
export function startBackgroundSync() {
  if (started || typeof window === 'undefined') return;
  started = true;
  const kick = () => {
    if (online()) void syncOutbox(offlineDb()).catch(() => undefined);
  };
  window.addEventListener('online', kick);
  window.setInterval(kick, 20_000);
  kick();
}

const FIELD_WRITES: Array<{ re: RegExp; method: string; kind: NewOp['kind'] }> = [
  { re: /^\/inspections\/([0-9a-f-]{36})\/findings\/([0-9a-f-]{36})$/, method: 'PUT', kind: 'finding' },
  { re: /^\/inspections\/([0-9a-f-]{36})\/signatures$/, method: 'POST', kind: 'signature' },
  { re: /^\/inspections\/([0-9a-f-]{36})\/finish$/, method: 'POST', kind: 'finish' },
  { re: /^\/inspections\/([0-9a-f-]{36})\/participants\/confirm$/, method: 'POST', kind: 'participate' },
];

async function labelOf(inspectionId: string, findingId?: string): Promise<string> {
  const v = (await offlineDb().views.get(inspectionId))?.view;
  if (!v) return inspectionId.slice(0, 8);
  const f = findingId ? v.findings.find((x) => x.id === findingId) : undefined;
  const title = (f?.item as { title?: { zh?: string } } | undefined)?.title?.zh ?? '';
  return f ? `${v.target.name} · ${f.item.code} ${title}`.trim() : `${v.target.name} · ${v.number}`;
}

/**
 * The data-access seam of the inspection pages: a field write (recording an item, signing,
 * finishing, confirming one's part) goes through the outbox; any other call straight to the API.
 */
export async function fieldApi(
  path: string,
  opts: { method: 'POST' | 'PUT' | 'DELETE'; body?: unknown },
): Promise<InspectionView> {
  const w = FIELD_WRITES.find((x) => x.method === opts.method && x.re.test(path));
  if (!w) return api<InspectionView>(path, opts);
  const [, inspectionId, findingId] = w.re.exec(path)!;
  return submitWrite({
    inspectionId,
    kind: w.kind,
    method: opts.method,
    path,
    body: opts.body,
    label: await labelOf(inspectionId, findingId),
  });
}

/** A photo of an item: compressed on the device (EXIF kept), queued with its capture time, sent when possible. */
export async function fieldUpload(
  inspectionId: string,
  findingId: string,
  file: File,
): Promise<InspectionView> {
  const { compressPhoto } = await import('./compress');
  const blob = await compressPhoto(file);
  return submitWrite({
    inspectionId,
    kind: 'photo',
    method: 'POST',
    path: `/inspections/${inspectionId}/findings/${findingId}/photos`,
    blob,
    fileName: file.name,
    body: { capturedAt: new Date(file.lastModified || Date.now()).toISOString() },
    label: await labelOf(inspectionId, findingId),
  });
}
