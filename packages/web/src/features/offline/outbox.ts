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

const urls = new Map<string, string>();
/** One object URL per queued photo (shown from the device until it is sent). */
function objectUrl(op: OutboxOp): string {
  let u = urls.get(op.clientId);
  if (!u) urls.set(op.clientId, (u = URL.createObjectURL(op.blob!)));
  return u;
}

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
    url: op.blob && typeof URL.createObjectURL === 'function' ? objectUrl(op) : '',
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
  const mine = ops.filter((op) => op.inspectionId === v.id && op.status !== 'conflict');
  if (!mine.length) return v;
  for (const op of mine) {
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
  recomputeReadiness(server, v);
  return v;
}

/**
 * What the server would say about finishing, for the writes applied on the device: the items still
 * pending and who has not signed (the server's other blockers — officers, tables — are kept as they
 * were). The server decides again when the writes arrive.
 */
function recomputeReadiness(server: InspectionView, v: InspectionView) {
  if (v.status === 'finished' || v.status === 'cancelled') {
    v.blockers = [];
    v.can = { ...v.can, record: false, sign: false, finish: false };
    return;
  }
  const LOCAL = ['ITEMS_PENDING', 'INSPECTOR_NOT_SIGNED', 'INSPECTED_NOT_SIGNED'];
  const blockers = server.blockers.filter((b) => !LOCAL.includes(b.code));
  const pending = v.findings.filter((f) => f.result === 'pending').length;
  if (pending) blockers.unshift({ code: 'ITEMS_PENDING', params: { count: pending } });
  for (const m of v.members)
    if (!v.signatures.some((s) => s.party === 'inspector' && s.userId === m.userId))
      blockers.push({ code: 'INSPECTOR_NOT_SIGNED', params: { name: m.displayName } });
  if (!v.signatures.some((s) => s.party === 'inspected'))
    blockers.push({ code: 'INSPECTED_NOT_SIGNED', params: {} });
  v.blockers = blockers;
  const member = server.can.record || server.can.sign || server.can.finish;
  const allSigned = !blockers.some((b) => b.code.endsWith('_NOT_SIGNED'));
  if (v.status === 'in_progress' && !pending && allSigned && v.signatures.length) v.status = 'signed';
  for (const m of v.members)
    (m as { signed?: boolean }).signed = v.signatures.some(
      (s) => s.party === 'inspector' && s.userId === m.userId,
    );
  v.can = {
    ...v.can,
    record: member && (v.status === 'draft' || v.status === 'in_progress') && v.signatures.length === 0,
    sign: member && (v.status === 'in_progress' || v.status === 'signed'),
    finish: member && v.status === 'signed' && blockers.length === 0,
  };
}
