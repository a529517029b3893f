import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';

/** The officers of an inspection team with what the two-officer rule needs: their account's certificate number now, activity, confirmation. */
type Q = Kysely<DB>;

export async function participants(db: Q, inspectionId: string) {
  return db
    .selectFrom('inspection_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.user_id',
      'm.role',
      'm.display_name',
      'm.licence_no',
      'm.confirmed_at',
      'u.licence_no as current_licence_no',
      'u.active',
    ])
    .where('m.inspection_id', '=', inspectionId)
    .execute();
}
export type ParticipantRow = Awaited<ReturnType<typeof participants>>[number];

/** The officer confirms taking part; the certificate number of their account is recorded with it. */
export async function confirmMember(
  db: Q,
  inspectionId: string,
  userId: string,
  licenceNo: string | null,
  at: Date,
): Promise<void> {
  await db
    .updateTable('inspection_members')
    .set({ confirmed_at: at, licence_no: licenceNo })
    .where('inspection_id', '=', inspectionId)
    .where('user_id', '=', userId)
    .execute();
}

/** Before the record is frozen: each member's certificate number as their account carries it now. */
export async function refreshMemberLicences(db: Q, inspectionId: string): Promise<void> {
  await db
    .updateTable('inspection_members as m')
    .from('users as u')
    .set((eb) => ({ licence_no: eb.ref('u.licence_no') }))
    .whereRef('u.id', '=', 'm.user_id')
    .where('m.inspection_id', '=', inspectionId)
    .execute();
}

export async function deleteMember(db: Q, inspectionId: string, userId: string): Promise<void> {
  await db
    .deleteFrom('inspection_members')
    .where('inspection_id', '=', inspectionId)
    .where('user_id', '=', userId)
    .execute();
}
