import { defineAccess } from '../../auth/access.ts';

/** Route-level permissions on checklist libraries; which library a role may edit: rules.ts. */
export const checklistsAccess = defineAccess({
  policies: {
    checklist: {
      read: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager', 'worker'],
      export: ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager'],
      create: ['admin', 'leader'],
      update: ['admin', 'leader'],
      import: ['admin', 'leader'],
      publish: ['admin', 'leader'],
    },
  },
});
