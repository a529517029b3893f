import type { UserView } from '@redline/contracts';
import type { UserRow } from './repo.ts';

export function userView(r: UserRow): UserView {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    regionCode: r.region_code,
    authorityId: r.authority_id,
    authorityName: r.authority_name,
    enterpriseId: r.enterprise_id,
    workerId: r.worker_id,
    licenceNo: r.licence_no,
    phone: r.phone,
    active: r.active,
    projectScoped: r.project_scoped,
    expertId: r.expert_id,
    createdAt: r.created_at.toISOString(),
  };
}
