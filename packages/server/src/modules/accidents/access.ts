import { REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';

/**
 * Who sees accident reports: regulators by region (the place of the accident, a full division code);
 * an enterprise's safety manager the accidents of their enterprise and of the projects it is party to.
 * Regulators record reports and their casualty updates and the times each level was reported to; an
 * enterprise manager files their unit's first report (the unit head reports, Order No. 493 art. 9)
 * and may read, not change, it afterwards. Statistics: regulators and enterprise managers (their own).
 */
export const accidentsAccess = defineAccess({
  scopes: {
    accident: {
      enterprise: (a, e) =>
        sql<SqlBool>`(${sql.ref(`${a}.enterprise_id`)} = ${e} OR ${sql.ref(`${a}.project_id`)} IN (SELECT pp.project_id FROM project_parties pp WHERE pp.enterprise_id = ${e}))`,
    },
  },
  policies: {
    accident: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: [...REGULATOR_ROLES, 'enterprise_manager'],
      update: [...REGULATOR_ROLES],
      stats: [...REGULATOR_ROLES, 'enterprise_manager'],
      export: [...REGULATOR_ROLES, 'enterprise_manager'],
    },
  },
});
