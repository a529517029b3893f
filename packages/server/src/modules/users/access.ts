import { defineAccess } from '../../auth/access.ts';

/** Only the system administrator manages accounts. */
export const usersAccess = defineAccess({
  policies: { user: { manage_users: ['admin'] } },
});
