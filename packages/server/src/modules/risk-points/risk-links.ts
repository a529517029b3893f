import type { Kysely } from 'kysely';
import { highestColour, type RiskColour } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import { linkedItemsOfTarget } from './repo.ts';

/**
 * The checklist items the current risk points of a target's sites are controlled by, keyed
 * `libraryId:itemCode`, with the points' names and their highest colour — for the inspection
 * proposal (modules/inspections/proposal.ts), which proposes them with this reason.
 */
export async function riskPointLinks(
  db: Kysely<DB>,
  target: { siteId: string | null; projectId: string | null; enterpriseId: string | null },
): Promise<Map<string, { points: string[]; colour: RiskColour | null }>> {
  const rows = await linkedItemsOfTarget(db, target);
  const out = new Map<string, { points: string[]; colours: Array<RiskColour | null> }>();
  for (const r of rows) {
    const k = `${r.library_id}:${r.item_code}`;
    const e = out.get(k) ?? { points: [], colours: [] };
    if (!e.points.includes(r.point_name)) e.points.push(r.point_name);
    e.colours.push(r.colour);
    out.set(k, e);
  }
  return new Map([...out].map(([k, v]) => [k, { points: v.points, colour: highestColour(v.colours) }]));
}
