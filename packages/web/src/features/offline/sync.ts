import type { InspectionView } from '@redline/contracts';
import type { OfflineDb, OutboxAnswer, OutboxOp } from './db';

/**
 * The sync engine: sends the outbox in order. Each write carries its Idempotency-Key, so a retry
 * after a dropped answer is answered like the first and writes nothing more. A write the server
 * refuses (4xx: the inspection changed or was reassigned, a checklist version retired, the target
 * left the jurisdiction, a rule such as two officers) becomes a conflict shown to the inspector; the
 * later writes of that inspection wait behind it, the other inspections carry on. A network failure
 * or a 5xx is retried with backoff (2 s, 4 s … at most 5 min), keeping the order.
 */

export interface SyncResult {
  sent: number;
  failed: number;
  conflicts: number;
  /** 401: the session ended; nothing more is sent until the inspector logs in again. */
  unauthenticated: boolean;
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

const MAX_BACKOFF_MS = 5 * 60_000;
export const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts);

/** Answers worth retrying as they are: the server or the network, not the write. */
const transient = (status: number, code: string) =>
  status >= 500 || status === 429 || status === 408 || code === 'IDEMPOTENCY_IN_PROGRESS';

let running: Promise<SyncResult> | null = null;

/** One sync at a time per page; a call while one runs waits for it. */
export function syncOutbox(db: OfflineDb, fetchFn: Fetch = (u, i) => fetch(u, i), now = Date.now) {
  running ??= run(db, fetchFn, now).finally(() => {
    running = null;
  });
  return running;
}

async function run(db: OfflineDb, fetchFn: Fetch, now: () => number): Promise<SyncResult> {
  const result: SyncResult = { sent: 0, failed: 0, conflicts: 0, unauthenticated: false };
  const ops = await db.outbox.orderBy('seq').toArray();
  const blocked = new Set<string>();
  for (const op of ops) {
    if (blocked.has(op.inspectionId)) continue;
    if (op.status === 'conflict' || (op.status === 'failed' && op.nextAttemptAt > now())) {
      blocked.add(op.inspectionId); // keep the order: nothing of this inspection overtakes it
      continue;
    }
    const path = await resolvePath(db, op);
    if (!path) {
      blocked.add(op.inspectionId); // its inspection is not created yet (an earlier write waits)
      continue;
    }
    let res: Response;
    try {
      res = await fetchFn(`/api${path}`, request(op));
    } catch {
      await failed(db, op, { status: 0, code: 'NETWORK', message: 'network error', at: now() }, now);
      result.failed++;
      blocked.add(op.inspectionId);
      continue;
    }
    const body = await readBody(res);
    if (res.ok) {
      if (isView(body)) await storeView(db, body, now());
      await db.outbox.delete(op.seq!);
      result.sent++;
      continue;
    }
    const err = (body as { error?: Partial<OutboxAnswer> } | null)?.error ?? {};
    const answer: OutboxAnswer = {
      status: res.status,
      code: typeof err.code === 'string' ? err.code : `HTTP_${res.status}`,
      message: typeof err.message === 'string' ? err.message : res.statusText,
      field: typeof err.field === 'string' ? err.field : undefined,
      details: err.details,
      at: now(),
    };
    if (res.status === 401) {
      result.unauthenticated = true;
      return result;
    }
    if (transient(res.status, answer.code)) {
      await failed(db, op, answer, now);
      result.failed++;
    } else {
      await db.outbox.update(op.seq!, { status: 'conflict', answer, attempts: op.attempts + 1 });
      result.conflicts++;
    }
    blocked.add(op.inspectionId);
  }
  return result;
}

async function failed(db: OfflineDb, op: OutboxOp, answer: OutboxAnswer, now: () => number) {
  await db.outbox.update(op.seq!, {
    status: 'failed',
    answer,
    attempts: op.attempts + 1,
    nextAttemptAt: now() + backoffMs(op.attempts + 1),
  });
}

function request(op: OutboxOp): RequestInit {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    // the server answers refusals in the UI language (the html lang the app keeps)
    'Accept-Language': (typeof document !== 'undefined' && document.documentElement.lang) || 'zh-CN',
    'Idempotency-Key': op.idempotencyKey,
  };
  if (op.ifMatch !== undefined) headers['If-Match'] = String(op.ifMatch);
  let body: BodyInit | undefined;
  if (op.blob) {
    const form = new FormData();
    form.append('file', op.blob, op.fileName ?? 'photo.jpg');
    body = form;
  } else if (op.body !== undefined && op.kind !== 'photo') {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(op.body);
  }
  return { method: op.method, headers, body, credentials: 'same-origin' };
}

/** `{finding}` → the id of the finding of op.itemId in the stored view of its inspection. */
async function resolvePath(db: OfflineDb, op: OutboxOp): Promise<string | null> {
  if (!op.path.includes('{finding}')) return op.path;
  const stored = await db.views.get(op.inspectionId);
  const f = stored?.view.findings.find((x) => x.itemId === op.itemId);
  return f ? op.path.replace('{finding}', f.id) : null;
}

async function readBody(res: Response): Promise<unknown> {
  try {
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

const isView = (b: unknown): b is InspectionView =>
  !!b && typeof b === 'object' && 'findings' in b && 'id' in b && 'status' in b;

/** Keeps the server's view of an inspection (an answer, or a page load online). */
export async function storeView(db: OfflineDb, view: InspectionView, now = Date.now()) {
  const had = await db.views.get(view.id);
  await db.views.put({ id: view.id, view, savedAt: now, inPack: had?.inPack ?? false });
}
