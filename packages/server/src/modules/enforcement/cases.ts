import type { Kysely } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { CaseView } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { caseViewOf } from './presenters.ts';
import { caseSummaryRow, caseTimeline, loadCase } from './repo/cases.ts';
import { documentSummaryRowsOfCase } from './repo/documents.ts';

/** One case with its documents and its timeline (the audit entries of the case and its documents). */
export async function caseView(db: Kysely<DB>, actor: Actor, id: string): Promise<Static<typeof CaseView>> {
  await loadCase(db, actor, id);
  const r = await caseSummaryRow(db, id);
  const docs = await documentSummaryRowsOfCase(db, id);
  const entries = await caseTimeline(
    db,
    id,
    docs.map((d) => d.id),
  );
  return caseViewOf(r, docs, entries);
}
