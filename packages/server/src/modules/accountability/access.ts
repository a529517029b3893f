import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';

/**
 * Who sees accountability actions: regulators whose jurisdiction covers the target's region; an
 * enterprise's safety manager the notifications, warnings and interviews on their enterprise or a
 * person of it — not proposals for accountability (问责建议), which go to the discipline body or
 * superior and are internal to the authorities. Officers (leaders, inspectors, administrators)
 * record actions and follow them up; only leaders and administrators close one.
 */
export const accountabilityAccess = defineAccess({
  scopes: {
    accountability: {
      enterprise: (a, e) =>
        sql<SqlBool>`(${sql.ref(`${a}.target_enterprise_id`)} = ${e} AND ${sql.ref(`${a}.kind`)} <> 'proposal')`,
    },
  },
  policies: {
    accountability: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: [...OFFICER_ROLES],
      follow_up: [...OFFICER_ROLES],
      close: ['admin', 'leader'],
    },
  },
});
