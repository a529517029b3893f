import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';

/** The audit log is for the regulators' leadership; enterprises never see it. */
export const auditLogAccess = defineAccess({
  scopes: {
    audit: { enterprise: () => sql<SqlBool>`false` },
  },
  policies: {
    audit: {
      read: ['admin', 'leader'],
      verify: ['admin', 'leader'],
      checkpoint: ['admin'],
    },
  },
});
