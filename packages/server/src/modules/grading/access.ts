import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';
import { partyProjects } from '../../auth/scope.ts';

const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/**
 * Grades (rows of current_grades / target_grades, keyed by target): regulators see their region's;
 * an enterprise manager sees the grade of their enterprise and of the projects it is party to. Only
 * leaders and administrators override a grade (a regulator's decision, audited); officers may ask
 * for a recomputation and record model awards.
 */
export const gradingAccess = defineAccess({
  scopes: {
    grade: {
      enterprise: (
        a,
        e,
        party,
      ) => sql<SqlBool>`((${col(a, 'target_kind')} = 'enterprise' AND ${col(a, 'target_id')} = ${e})
        OR (${col(a, 'target_kind')} = 'project' AND ${col(a, 'target_id')} IN
          ${partyProjects(party)}))`,
    },
  },
  policies: {
    grade: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      recompute: OFFICER_ROLES,
      override: ['admin', 'leader'],
      award: ['admin', 'leader'],
    },
  },
});
