import { REGULATOR_ROLES } from '@redline/domain';
import { defineAccess } from '../../auth/access.ts';

/** Route-level permissions on checklist libraries; which library a role may edit: rules.ts. */
export const checklistsAccess = defineAccess({
  policies: {
    checklist: {
      read: [...REGULATOR_ROLES, 'enterprise_manager', 'worker'],
      export: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: ['admin', 'leader'],
      update: ['admin', 'leader'],
      import: ['admin', 'leader'],
      publish: ['admin', 'leader'],
    },
  },
});
