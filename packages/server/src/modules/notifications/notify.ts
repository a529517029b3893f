import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  activeLeaderIds,
  activeManagerIds,
  activeOfficerIds,
  insertNotices,
  nearestLeaderIds,
} from './repo.ts';

/** Notices for people, written in the caller's transaction; the same dedupe key reaches a user once. */
export interface Notice {
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  dedupeKey?: string | null;
}

/** Tells each user once (duplicates in the list are dropped); returns the users who got the notice. */
export async function notifyUsers(trx: Kysely<DB>, userIds: readonly string[], n: Notice): Promise<string[]> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return [];
  return insertNotices(trx, ids, {
    kind: n.kind,
    title: n.title,
    body: n.body ?? '',
    link: n.link ?? null,
    subject_type: n.subjectType ?? null,
    subject_id: n.subjectId ?? null,
    dedupe_key: n.dedupeKey ?? null,
  });
}

/** Active safety managers of an enterprise, or of the enterprises party to a project. */
export async function enterpriseManagers(
  trx: Kysely<DB>,
  enterpriseId: string | null,
  projectId: string | null,
): Promise<string[]> {
  if (!enterpriseId && !projectId) return [];
  return activeManagerIds(trx, enterpriseId, projectId);
}

/** Active leaders of an authority. */
export async function authorityLeaders(trx: Kysely<DB>, authorityId: string | null): Promise<string[]> {
  if (!authorityId) return [];
  return activeLeaderIds(trx, authorityId);
}

/** Active leaders of the nearest jurisdiction over a region (who an escalated alarm goes to). */
export async function jurisdictionLeaders(trx: Kysely<DB>, regionCode: string): Promise<string[]> {
  return nearestLeaderIds(trx, regionCode);
}

/** Active leaders and inspectors of an authority (or the one named, if they are one). */
export async function authorityOfficers(
  trx: Kysely<DB>,
  authorityId: string | null,
  userId?: string,
): Promise<string[]> {
  if (!authorityId) return [];
  return activeOfficerIds(trx, authorityId, userId);
}
