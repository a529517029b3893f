import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';

/**
 * Webhooks of a jurisdiction: administrators and leaders configure them for their region subtree
 * (regulators' region scope); enterprise managers and workers see none. The full URL (it carries the
 * robot's access token) is shown to administrators only (presenters.ts).
 */
export const webhooksAccess = defineAccess({
  scopes: {
    webhook: { enterprise: () => sql<SqlBool>`false` },
  },
  policies: {
    webhook: {
      read: ['admin', 'leader'],
      create: ['admin', 'leader'],
      update: ['admin', 'leader'],
      reveal_url: ['admin'],
    },
  },
});
