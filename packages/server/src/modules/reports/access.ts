import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';

/**
 * Periodic reports are the leaders' (and administrators'): only they generate, list and download
 * the reports of regions their jurisdiction covers (regulators' region scope); a report of another
 * jurisdiction answers 404 like a missing one. Inspectors and duty officers have the dashboard and
 * get 403 here; enterprise managers and workers see no report (their scope is empty).
 */
export const reportsAccess = defineAccess({
  scopes: {
    report: { enterprise: () => sql<SqlBool>`false` },
  },
  policies: {
    report: {
      read: ['admin', 'leader'],
      create: ['admin', 'leader'],
      export: ['admin', 'leader'],
    },
  },
});
