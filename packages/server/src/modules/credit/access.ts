import { REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';

/**
 * Credit records (the serious untrustworthy list): regulators see their region's; an enterprise's
 * manager sees their own enterprise's (the listing is published anyway). Listing and early removal
 * are decisions of an authority: leaders and administrators.
 */
export const creditAccess = defineAccess({
  scopes: {
    credit_record: { enterprise: (a, e) => sql<SqlBool>`${sql.ref(`${a}.enterprise_id`)} = ${e}` },
  },
  policies: {
    credit_record: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: ['admin', 'leader'],
      update: ['admin', 'leader'],
    },
  },
});
