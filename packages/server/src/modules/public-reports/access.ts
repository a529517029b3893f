import { REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';
import { enterpriseOrProjects } from '../../auth/scope.ts';
import { reportVisible } from './repo.ts';

/**
 * Hazard reports (issue 18). Regulators see the reports of their region (the place) and verify them;
 * an enterprise's safety manager sees the reports of its sites and projects — never who reported —
 * and answers suggestions; a worker sees their own. The reporter's name and contact are read only by
 * leaders and inspectors, one audited request at a time (`reveal_personal_data`).
 */
export const publicReportsAccess = defineAccess({
  scopes: {
    public_report: {
      enterprise: (a, _e, party) => enterpriseOrProjects(a, party),
      worker: (a, w) => sql<SqlBool>`${sql.ref(`${a}.reporter_worker_id`)} = ${w}`,
    },
  },
  policies: {
    public_report: {
      read: [...REGULATOR_ROLES, 'enterprise_manager', 'worker'],
      create: ['worker'],
      verify: [...REGULATOR_ROLES, 'enterprise_manager'],
      reveal_personal_data: ['admin', 'leader', 'inspector'],
      poster: [...REGULATOR_ROLES, 'enterprise_manager'],
      stats: [...REGULATOR_ROLES, 'enterprise_manager'],
    },
  },
  fileOwners: { public_report: reportVisible },
});
