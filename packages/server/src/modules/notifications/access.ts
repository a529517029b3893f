import { defineAccess } from '../../auth/access.ts';

/**
 * A user's notifications: no role policy and no jurisdiction scope — every query is by the
 * recipient's own user id (repo.ts), so one user never reads another's.
 */
export const notificationsAccess = defineAccess({});
