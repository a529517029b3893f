import { defineAccess } from '../../auth/access.ts';

/**
 * Reference data (regions, catalogues, categories) is the same for every logged-in user: no scopes.
 * Adding a unit below a county is an administrator's (inside their own jurisdiction, checked by the use case).
 */
export const referenceAccess = defineAccess({
  policies: { region: { create: ['admin'] } },
});
