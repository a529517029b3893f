import { OFFICER_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { registerScope } from '../../auth/scope.ts';
import { registerPolicy } from '../../auth/policy.ts';

/**
 * Scope and permissions of devices, alarms, attendance and rules. Regulators see their region
 * subtree (region_code); an enterprise manager sees the devices and alarms of their own enterprise's
 * sites and of the projects it is a party to; workers see none of these.
 */
const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);
const projectsOf = (enterpriseId: string) =>
  sql`(SELECT pp.project_id FROM project_parties pp WHERE pp.enterprise_id = ${enterpriseId})`;
const ownedBy = (a: string, e: string) =>
  sql<SqlBool>`(${col(a, 'enterprise_id')} = ${e} OR ${col(a, 'project_id')} IN ${projectsOf(e)})`;

registerScope('device', { enterprise: ownedBy });
registerScope('alarm', { enterprise: ownedBy });
registerScope('attendance', { enterprise: (a, e) => sql<SqlBool>`${col(a, 'enterprise_id')} = ${e}` });

const REGULATORS = ['admin', 'leader', 'inspector', 'duty_officer'] as const;
const WRITERS = OFFICER_ROLES;

registerPolicy('device', {
  read: [...REGULATORS, 'enterprise_manager'],
  create: [...WRITERS, 'enterprise_manager'],
  update: [...WRITERS, 'enterprise_manager'],
  rotate_token: [...WRITERS, 'enterprise_manager'],
});
registerPolicy('alarm', {
  read: [...REGULATORS, 'enterprise_manager'],
  handle: [...REGULATORS],
  dispatch: [...REGULATORS],
  enforce: [...REGULATORS],
});
registerPolicy('attendance', {
  read: [...REGULATORS, 'enterprise_manager'],
  create: [...WRITERS, 'enterprise_manager'],
});
registerPolicy('alarm_rule', {
  read: [...REGULATORS],
  create: ['admin', 'leader'],
});
registerPolicy('ingest', {
  read: ['admin'],
});
