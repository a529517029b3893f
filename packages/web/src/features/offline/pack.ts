import type { InspectionListItem, InspectionView } from '@redline/contracts';
import { api } from '../../api/client';
import type { OfflineDb } from './db';

/**
 * "Take offline": the day's work onto the device before leaving — the inspector's open inspections
 * (draft and in progress, as a team member), each with its target and checklist items (in the view),
 * and the open hazards of those targets. The previous pack is replaced; inspections with writes
 * still queued are kept whatever happens.
 */
export async function takeOffline(db: OfflineDb, userId: string, now = Date.now()) {
  const list: InspectionListItem[] = [];
  for (const status of ['draft', 'in_progress', 'signed'] as const) {
    let cursor: string | undefined;
    do {
      const page = await api<{ items: InspectionListItem[]; nextCursor?: string | null }>('/inspections', {
        query: { mine: true, status, pageSize: 100, cursor },
      });
      list.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && list.length < 300);
  }
  const views: InspectionView[] = [];
  for (const item of list) views.push(await api<InspectionView>(`/inspections/${item.id}`));

  const hazards: Array<{ id: string; targetKey: string; hazard: Record<string, unknown> }> = [];
  const targets = new Map<string, Record<string, string>>();
  for (const v of views) {
    const t = v.target;
    if (t.kind === 'project') targets.set(`project:${t.id}`, { projectId: t.id });
    else if (t.enterpriseId) targets.set(`enterprise:${t.enterpriseId}`, { enterpriseId: t.enterpriseId });
  }
  for (const [targetKey, filter] of targets) {
    const page = await api<{ items: Array<Record<string, unknown> & { id: string }> }>(
      '/hazards/rectification',
      { query: { open: true, pageSize: 200, ...filter } },
    );
    for (const h of page.items) hazards.push({ id: h.id, targetKey, hazard: h });
  }

  await db.transaction('rw', db.views, db.hazards, db.meta, async () => {
    await db.views.toCollection().modify({ inPack: false });
    for (const v of views) await db.views.put({ id: v.id, view: v, savedAt: now, inPack: true });
    await db.hazards.clear();
    await db.hazards.bulkPut(hazards);
    await db.meta.put({
      key: 'day',
      takenAt: now,
      userId,
      inspections: views.length,
      hazards: hazards.length,
    });
  });
  return { inspections: views.length, hazards: hazards.length };
}

/** The day pack's inspections, as stored. */
export async function packedViews(db: OfflineDb): Promise<InspectionView[]> {
  const rows = await db.views.toArray();
  return rows.filter((r) => r.inPack).map((r) => r.view);
}
