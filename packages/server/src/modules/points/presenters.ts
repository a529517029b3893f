import type { ItemRow, RedemptionRow } from './repo.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

export const itemView = (i: ItemRow) => ({
  id: i.id,
  siteId: i.site_id,
  siteName: i.site_name,
  name: i.name,
  description: i.description,
  price: i.price,
  stock: i.stock,
  active: i.active,
});

export const redemptionView = (r: RedemptionRow) => ({
  id: r.id,
  itemId: r.item_id,
  itemName: r.item_name,
  siteId: r.site_id,
  siteName: r.site_name,
  workerId: r.worker_id,
  workerName: r.worker_name,
  points: r.points,
  status: r.status,
  createdAt: iso(r.created_at),
  handedOverAt: r.handed_over_at ? iso(r.handed_over_at) : null,
});

export interface EntryRow {
  id: string;
  kind: 'earn' | 'redeem' | 'reverse';
  points: number;
  event: string;
  reason: string;
  source_kind: string;
  source_id: string;
  reverses: string | null;
  created_at: Date;
  site_name: string | null;
}

/**
 * A ledger entry. To anyone but the worker and regulators, an entry from a report does not name the
 * report (so the enterprise cannot learn who reported what).
 */
export const entryView = (e: EntryRow, masked: boolean) => {
  const hide = masked && e.source_kind === 'public_report';
  return {
    id: e.id,
    kind: e.kind,
    points: e.points,
    event: hide ? 'report' : e.event,
    reason: hide ? '举报或建议经核实' : e.reason,
    sourceKind: e.source_kind,
    sourceId: hide ? '' : e.source_id,
    reverses: e.reverses,
    siteName: e.site_name,
    createdAt: iso(e.created_at),
  };
};
