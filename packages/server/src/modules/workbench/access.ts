import { ROLES } from '@redline/domain';
import { defineAccess } from '../../auth/access.ts';

/**
 * Everyone has a workbench (the home page); what it holds is scoped like the lists it links to, so
 * the policy is only "signed in". Figures come from the hazards, devices, inspections, registry,
 * equipment, notifications and dashboard repositories with the caller's scope.
 */
export const workbenchAccess = defineAccess({
  policies: {
    workbench: { read: [...ROLES] },
  },
});
