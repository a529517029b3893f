import { REGULATOR_ROLES } from '@redline/domain';
import { defineAccess } from '../../auth/access.ts';
import { enterpriseOrProjects } from '../../auth/scope.ts';

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
      enterprise: (a, _e, party) => enterpriseOrProjects(a, party),
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
