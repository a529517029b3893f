import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { defineAccess } from '../../auth/access.ts';
import { enterpriseOrProjects } from '../../auth/scope.ts';
import { hazardVisible } from './repo.ts';

/**
 * Who sees hazards: regulators by region (automatic), an enterprise's safety manager the hazards
 * of their enterprise and of the projects it is party to. Which lifecycle action a role may take
 * is the domain's HAZARD_RULES; these are the route-level permissions. Evidence files attached to
 * a hazard are visible to whoever may see the hazard.
 */
export const hazardsAccess = defineAccess({
  scopes: {
    hazard: {
      enterprise: (a, _e, party) => enterpriseOrProjects(a, party),
    },
  },
  policies: {
    hazard: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      act: [...REGULATOR_ROLES, 'enterprise_manager'],
      upload_evidence: [...OFFICER_ROLES, 'enterprise_manager'],
      stats: [...REGULATOR_ROLES, 'enterprise_manager'],
    },
  },
  fileOwners: { hazard: hazardVisible },
});
