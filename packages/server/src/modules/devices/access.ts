import { ALARM_ACTION_ROLES, OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';
import { enterpriseOrProjects, type PartyScope } from '../../auth/scope.ts';

/**
 * Scope and permissions of devices, alarms, attendance and rules. Regulators see their region
 * subtree (region_code); an enterprise manager sees the devices and alarms of their own enterprise's
 * sites and of the projects it is a party to; workers see none of these.
 */
const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);
const ownedBy = (a: string, _e: string, party: PartyScope) => enterpriseOrProjects(a, party);

const WRITERS = OFFICER_ROLES;

export const devicesAccess = defineAccess({
  scopes: {
    device: { enterprise: ownedBy },
    alarm: { enterprise: ownedBy },
    attendance: { enterprise: (a, e) => sql<SqlBool>`${col(a, 'enterprise_id')} = ${e}` },
  },
  policies: {
    device: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: [...WRITERS, 'enterprise_manager'],
      update: [...WRITERS, 'enterprise_manager'],
      rotate_token: [...WRITERS, 'enterprise_manager'],
    },
    // The alarm actions' roles are the domain's (ALARM_ACTION_ROLES), which the console's offer uses too.
    alarm: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      handle: [...ALARM_ACTION_ROLES.acknowledge],
      dispatch: [...ALARM_ACTION_ROLES.dispatch],
      enforce: [...ALARM_ACTION_ROLES.enforce],
      hand_over: [...ALARM_ACTION_ROLES.hand_over],
    },
    attendance: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: [...WRITERS, 'enterprise_manager'],
    },
    alarm_rule: {
      read: [...REGULATOR_ROLES],
      create: ['admin', 'leader'],
    },
    // Refused events: the operations centre (duty officer, leader) and administrators see those of
    // their jurisdiction's devices; refusals of unknown devices carry no region (national only).
    ingest: {
      read: ['admin', 'leader', 'duty_officer'],
    },
  },
});
