import type { Kysely } from 'kysely';
import type { HazardDetail } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { filesByIds, findHazardSummary, hazardDocuments, hazardEvents, hazardUploads } from './repo.ts';
import { detailOf, stateOf } from './presenters.ts';
import { actorParty } from '../projects/membership.ts';

/** One hazard as its page shows it: state, the actions the actor may take, evidence, events, documents. */
export async function hazardDetail(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  now: Date,
): Promise<HazardDetail> {
  const row = await findHazardSummary(db, actor, id);
  const state = stateOf(row);
  const events = await hazardEvents(db, id);
  const found = row.evidence_file_ids ?? [];
  const files = await filesByIds(db, [...new Set([...state.evidence, ...found])]);
  const documents = await hazardDocuments(db, actor, id);
  // Rectification evidence: every file uploaded to this hazard (submitted or not yet), and any
  // submitted file stored elsewhere; `submitted` says whether it was handed in with a submission.
  const submitted = new Set([...events.flatMap((e) => e.evidence_file_ids ?? []), ...state.evidence]);
  const uploads = await hazardUploads(db, id);
  for (const f of uploads) if (!files.some((x) => x.id === f.id)) files.push(f);
  files.push(
    ...(await filesByIds(
      db,
      [...submitted].filter((f) => !files.some((x) => x.id === f)),
    )),
  );
  const rectification = [...new Set([...uploads.map((f) => f.id), ...submitted])].filter(
    (f) => !found.includes(f) || submitted.has(f),
  );
  const party = await actorParty(db, actor, row.project_id);
  return detailOf({ row, state, events, files, rectification, submitted, documents, party }, actor, now);
}
