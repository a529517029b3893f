import {
  checkOfficers,
  isEnforcementInspection,
  TWO_OFFICER_RULE,
  twoOfficersMessage,
  type OfficerCheck,
} from '@redline/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { participants, type ParticipantRow } from './repo/participants.ts';

/**
 * The two-officer rule on an inspection (Administrative Penalty Law 2021 art. 42): a law-enforcement
 * inspection (every kind but the enterprise's self-inspection) finishes only when at least two
 * distinct officers of its team, each with a certificate number on their account, confirmed that
 * they took part. The domain's checkOfficers decides.
 */
export function officerCheckOf(
  rows: ReadonlyArray<Omit<ParticipantRow, 'role' | 'licence_no'>>,
): OfficerCheck {
  return checkOfficers(
    rows.map((r) => ({
      userId: r.user_id,
      name: r.display_name,
      licenceNo: r.current_licence_no,
      confirmed: !!r.confirmed_at,
      active: r.active,
    })),
  );
}

export async function assertTwoOfficers(
  db: Kysely<DB>,
  i: { id: string; kind: string },
  doing = { zh: '才能完成检查', en: 'finish the inspection' },
) {
  if (!isEnforcementInspection(i.kind)) return;
  const check = officerCheckOf(await participants(db, i.id));
  if (check.ok) return;
  throw new AppError('TWO_OFFICERS_REQUIRED', twoOfficersMessage(check, doing), undefined, {
    rule: TWO_OFFICER_RULE,
    problems: check.problems,
  });
}
