import { REGULATOR_ROLES } from '@redline/domain';
import { defineAccess } from '../../auth/access.ts';

/**
 * The jurisdiction dashboard is the regulators' (leaders first, every regulator for their own
 * jurisdiction): figures of a region inside the caller's jurisdiction, never of another. Enterprise
 * managers and workers have their own pages; the dashboard answers them 403.
 */
export const dashboardAccess = defineAccess({
  policies: {
    dashboard: {
      read: [...REGULATOR_ROLES],
      export: [...REGULATOR_ROLES],
    },
  },
});
