import { defineAccess } from '../../auth/access.ts';

/**
 * The caller's own account (log in, me, password, API tokens): no record kinds to scope or to
 * authorise by role — every query is by the caller's own user id (repo.ts), and login is public.
 */
export const accountAccess = defineAccess({});
