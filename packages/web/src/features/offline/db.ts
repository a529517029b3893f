import Dexie, { type EntityTable } from 'dexie';
import type { InspectionView } from '@redline/contracts';

/**
 * What the device keeps for work without a signal (issue 19), in IndexedDB through dexie: the day
 * pack (the inspector's inspections with their targets and checklist items, the open hazards of those
 * targets) and the outbox of writes not yet sent. Survives closing the browser and a restart.
 */

/** One inspection as last seen from the server (its view carries the target and the checklist items). */
export interface StoredView {
  id: string;
  view: InspectionView;
  /** When the server answered it (ms). */
  savedAt: number;
  /** Taken with "take offline" (kept until the next pack), rather than merely opened. */
  inPack: boolean;
}

export interface StoredHazard {
  id: string;
  targetKey: string;
  hazard: Record<string, unknown>;
}

export interface PackMeta {
  key: 'day';
  takenAt: number;
  userId: string;
  inspections: number;
  hazards: number;
}

export type OutboxStatus = 'pending' | 'failed' | 'conflict';
export type OutboxKind = 'create' | 'finding' | 'photo' | 'signature' | 'finish' | 'edit' | 'participate';

/** The server's answer to a queued write that was not accepted. */
export interface OutboxAnswer {
  status: number;
  code: string;
  message: string;
  field?: string;
  details?: unknown;
  at: number;
}

export interface OutboxOp {
  /** Order of capture: the queue is sent in this order. */
  seq?: number;
  /** Client-generated id of the write (and of the record it creates, for a create). */
  clientId: string;
  /** Sent as Idempotency-Key: a retry after a dropped answer writes nothing more. */
  idempotencyKey: string;
  inspectionId: string;
  kind: OutboxKind;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API path below /api; `{finding}` is resolved from `itemId` at sync (findings of a new inspection). */
  path: string;
  body?: unknown;
  /** Checklist item whose finding the write is about (to resolve `{finding}` and to show it). */
  itemId?: string;
  /** A photo (already compressed) or other file, sent as multipart field "file". */
  blob?: Blob;
  fileName?: string;
  /** If-Match for an edit: the version the device saw. */
  ifMatch?: number;
  /** Human label (item code and title) for the outbox page. */
  label: string;
  createdAt: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  answer?: OutboxAnswer;
}

export class OfflineDb extends Dexie {
  views!: EntityTable<StoredView, 'id'>;
  hazards!: EntityTable<StoredHazard, 'id'>;
  meta!: EntityTable<PackMeta, 'key'>;
  outbox!: EntityTable<OutboxOp, 'seq'>;

  constructor(name = 'redline-offline') {
    super(name);
    this.version(1).stores({
      views: 'id, savedAt',
      hazards: 'id, targetKey',
      meta: 'key',
      outbox: '++seq, clientId, &idempotencyKey, inspectionId, status',
    });
  }
}

let instance: OfflineDb | null = null;
/** The device's database (one per origin). */
export function offlineDb(): OfflineDb {
  instance ??= new OfflineDb();
  return instance;
}
