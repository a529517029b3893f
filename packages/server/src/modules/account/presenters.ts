import type { ApiTokenView, Me } from '@redline/contracts';
import type { Static } from '@sinclair/typebox';
import type { Actor } from '../../auth/actor.ts';
import type { MeRow } from './repo.ts';

export function meView(u: MeRow, timeZone: string): Static<typeof Me> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Actor['role'],
    regionCode: u.region_code,
    regionName: u.region_name,
    authority: u.authority_id
      ? { id: u.authority_id, name: u.authority_name!, shortName: u.authority_short! }
      : null,
    enterpriseId: u.enterprise_id,
    enterpriseName: u.enterprise_name,
    workerId: u.worker_id,
    expertId: u.expert_id,
    projectScoped: u.project_scoped,
    mustChangePassword: u.must_change_password,
    timeZone,
  };
}

export const tokenView = (t: {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): Static<typeof ApiTokenView> => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.created_at.toISOString(),
  lastUsedAt: t.last_used_at?.toISOString() ?? null,
  revokedAt: t.revoked_at?.toISOString() ?? null,
});
