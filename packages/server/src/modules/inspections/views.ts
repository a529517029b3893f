import type { Kysely } from 'kysely';
import type {
  InspectionListItem,
  InspectionQuery,
  InspectionRecord,
  InspectionView,
  PageOf,
  ScoreView,
} from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import {
  inspectionViewRows,
  listInspectionRows,
  loadInspection,
  type InspectionRow,
} from './repo/inspections.ts';
import { buildRecord, inspectionViewOf, listItemOf } from './presenters.ts';
import { scoreInspection } from './scoring.ts';

/** Reading inspections: the full view of one (scoped), its score and record as they stand, and the list. */
type Q = Kysely<DB>;

export async function inspectionView(db: Q, actor: Actor, id: string): Promise<InspectionView> {
  const i = await loadInspection(db, actor, id);
  const rows = await inspectionViewRows(db, i);
  return inspectionViewOf(i, rows, await currentScores(db, i), actor);
}

/** The score frozen at finishing, or as it stands. */
export async function currentScores(db: Q, i: InspectionRow): Promise<ScoreView[]> {
  return i.status === 'finished' && i.score ? (i.score as ScoreView[]) : scoreInspection(db, i.id);
}

/** The on-site record frozen at finishing, or as it would be printed now. */
export async function currentRecord(db: Q, actor: Actor, id: string): Promise<InspectionRecord> {
  const i = await loadInspection(db, actor, id);
  if (i.status === 'finished' && i.record) return i.record as InspectionRecord;
  return buildRecord(await inspectionView(db, actor, i.id), false);
}

/** Inspections by jurisdiction, kind, status, inspector, target, date. */
export async function listInspections(
  db: Q,
  actor: Actor,
  q: InspectionQuery,
): Promise<PageOf<InspectionListItem>> {
  const pageSize = q.pageSize ?? 20;
  const { page, rows, members } = await listInspectionRows(db, actor, q, pageSize);
  const items = rows.map((r) => {
    const score = r.status === 'finished' ? ((r.score as ScoreView[] | null) ?? []) : [];
    const item = listItemOf(
      r,
      r.region_name,
      members
        .filter((m) => m.inspection_id === r.id)
        .map((m) => ({ userId: m.user_id, displayName: m.display_name, role: m.role })),
      [],
      score,
      Number(r.hazard_count ?? 0),
    );
    item.progress = {
      total: Number(r.total_items ?? 0),
      done: Number(r.done_items ?? 0),
      failed: Number(r.failed_items ?? 0),
    };
    return item;
  });
  return { ...page, items };
}
