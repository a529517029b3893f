import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { defineAccess } from '../../auth/access.ts';
import { siteVisible } from './map-repo.ts';

/**
 * Who works with risk points. A risk point is seen exactly when its site is (the registry's 'site'
 * scope: regulators by region, an enterprise's manager its own sites and those of the projects it
 * is party to), so no scope of its own. Enterprises and project parties keep their own points,
 * plans and zones (double prevention is the unit's duty, Work Safety Law 2021 art. 41); regulators
 * read within their jurisdiction and officers may assess; band sets are set by leaders and
 * administrators for their jurisdiction. A plan image is visible to whoever may see the site.
 */
export const riskPointsAccess = defineAccess({
  policies: {
    risk_point: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      manage: ['admin', 'enterprise_manager'],
      assess: [...OFFICER_ROLES, 'enterprise_manager'],
    },
    risk_band_set: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: ['admin', 'leader'],
    },
  },
  fileOwners: { site_plan: siteVisible },
});
