import { defineAccess } from '../../auth/access.ts';

/** Reference data (regions, catalogues, categories) is the same for every logged-in user: no rules. */
export const referenceAccess = defineAccess({});
