import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { InspectionSignaturesTable } from '../../../db/schema-inspections.ts';

/** Signatures of the on-site record and the team who must give them. */
type Q = Kysely<DB>;

export async function teamMember(db: Q, inspectionId: string, userId: string) {
  return db
    .selectFrom('inspection_members')
    .selectAll()
    .where('inspection_id', '=', inspectionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Deletes the inspection's signatures (or only those of one party, and one user); returns how many. */
export async function deleteSignatures(
  db: Q,
  inspectionId: string,
  only?: { party: InspectionSignaturesTable['party']; userId: string | null },
): Promise<number> {
  let del = db.deleteFrom('inspection_signatures').where('inspection_id', '=', inspectionId);
  if (only) {
    del = del.where('party', '=', only.party);
    if (only.userId) del = del.where('user_id', '=', only.userId);
  }
  const r = await del.executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

export async function insertSignature(db: Q, values: Insertable<InspectionSignaturesTable>): Promise<string> {
  const sig = await db
    .insertInto('inspection_signatures')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return sig.id;
}

/** Who is on the team, and who has signed so far. */
export async function teamAndSignatures(db: Q, inspectionId: string) {
  const members = await db
    .selectFrom('inspection_members')
    .select('user_id')
    .where('inspection_id', '=', inspectionId)
    .execute();
  const signatures = await db
    .selectFrom('inspection_signatures')
    .select(['party', 'user_id'])
    .where('inspection_id', '=', inspectionId)
    .execute();
  return { members, signatures };
}
