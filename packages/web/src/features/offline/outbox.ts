import type { FileView, FindingView, InspectionView, SignatureView } from '@redline/contracts';
import type { OfflineDb, OutboxOp } from './db';

/**
 * The outbox: every write of the field pages is queued here first (online too, so there is one
 * path), then sent in order by the sync engine (sync.ts). Until the server has it, a write is
 * applied to the stored view so the pages show it — marked "not yet sent".
 */

export const newId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(Math.random() * 16).toString(16));

export type NewOp = Omit<
  OutboxOp,
  'seq' | 'clientId' | 'idempotencyKey' | 'createdAt' | 'status' | 'attempts' | 'nextAttemptAt'
> & { clientId?: string };

/** Queues a write; returns it with its order number. */
export async function enqueue(db: OfflineDb, op: NewOp, now = Date.now()): Promise<OutboxOp> {
  const row: OutboxOp = {
    ...op,
    clientId: op.clientId ?? newId(),
    idempotencyKey: newId(),
    createdAt: now,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
  };
  row.seq = await db.outbox.add(row);
  return row;
}

/** The writes not yet accepted by the server, in the order they will be sent. */
export const queued = (db: OfflineDb, inspectionId?: string) =>
  (inspectionId
    ? db.outbox.where('inspectionId').equals(inspectionId).sortBy('seq')
    : db.outbox.orderBy('seq').toArray()) as Promise<OutboxOp[]>;

/** "Discard my change": the write is dropped from the queue. */
export async function discard(db: OfflineDb, seq: number) {
  const op = await db.outbox.get(seq);
  await db.outbox.delete(seq);
  return op;
}

/** "Keep the server's": every queued write of the inspection is dropped (the page reloads its view). */
export async function keepServer(db: OfflineDb, inspectionId: string) {
  await db.outbox.where('inspectionId').equals(inspectionId).delete();
}

/** "Retry": sent again at the next sync, with the same idempotency key (nothing was stored for a refusal). */
export async function retry(db: OfflineDb, seq: number) {
  await db.outbox.update(seq, { status: 'pending', nextAttemptAt: 0, answer: undefined });
}

/** A photo queued but not yet on the server, shown from the device. */
export const LOCAL_FILE_PREFIX = 'local:';

function localPhoto(op: OutboxOp): FileView {
  const captured = (op.body as { capturedAt?: string } | undefined)?.capturedAt ?? null;
  return {
    id: `${LOCAL_FILE_PREFIX}${op.clientId}`,
    sha256: '',
    mime: op.blob?.type || 'image/jpeg',
    size: op.blob?.size ?? 0,
    originalName: op.fileName ?? 'photo.jpg',
    width: null,
    height: null,
    exifTakenAt: captured,
    exifLat: null,
    exifLng: null,
    uploadedAt: new Date(op.createdAt).toISOString(),
    uploadedBy: null,
    url: '',
  };
}

const findingOf = (v: InspectionView, op: OutboxOp): FindingView | undefined =>
  v.findings.find((f) => (op.itemId ? f.itemId === op.itemId : op.path.includes(`/findings/${f.id}`)));

/**
 * The view as the device sees it: the server's last answer with the queued writes applied (findings
 * recorded, photos, signatures, finished). A refused write (conflict) is not applied.
 */
export function applyQueued(server: InspectionView, ops: OutboxOp[]): InspectionView {
  const v: InspectionView = structuredClone(server);
  for (const op of ops) {
    if (op.inspectionId !== v.id || op.status === 'conflict') continue;
    switch (op.kind) {
      case 'finding': {
        const f = findingOf(v, op);
        const b = op.body as Partial<FindingView> & { result: FindingView['result'] };
        if (!f) break;
        Object.assign(f, {
          result: b.result,
          note: b.note ?? f.note,
          measuredValue: b.measuredValue ?? f.measuredValue,
          hazardDescription: b.result === 'fail' ? (b.hazardDescription ?? '') : '',
          hazardGrade: b.result === 'fail' ? (b.hazardGrade ?? f.item.handling?.grade ?? 'general') : null,
          deductions: b.result === 'fail' ? (b.deductions ?? []) : [],
          recordedAt: new Date(op.createdAt).toISOString(),
        });
        if (v.status === 'draft') v.status = 'in_progress';
        break;
      }
      case 'photo': {
        const f = findingOf(v, op);
        if (f) f.photos.push(localPhoto(op));
        break;
      }
      case 'signature': {
        const b = op.body as Partial<SignatureView> & { party: SignatureView['party'] };
        v.signatures.push({
          id: op.clientId,
          party: b.party,
          userId: b.userId ?? null,
          signerName: b.signerName ?? '',
          fileId: null,
          refused: !!b.refused,
          refusalReason: b.refusalReason ?? '',
          witnessName: b.witnessName ?? '',
          signedAt: new Date(op.createdAt).toISOString(),
        });
        if (v.status === 'draft') v.status = 'in_progress';
        break;
      }
      case 'finish':
        v.status = 'finished';
        break;
      case 'edit':
        Object.assign(v, op.body);
        break;
      default:
        break;
    }
  }
  return v;
}
