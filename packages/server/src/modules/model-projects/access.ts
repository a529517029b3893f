import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';
import { partyProjects } from '../../auth/scope.ts';

/**
 * Model / award projects (草原杯, safety-standardisation demonstration sites): regulators see those of
 * their region; an enterprise manager those of the projects their enterprise is a party to, and
 * applies for them. Officers evaluate (scores by criterion) and record the settlement; leaders and
 * administrators decide. The awarded list is public.
 */
export const modelProjectsAccess = defineAccess({
  scopes: {
    model_project_award: {
      enterprise: (a, _e, party) => sql<SqlBool>`${sql.ref(`${a}.project_id`)} IN ${partyProjects(party)}`,
    },
  },
  policies: {
    model_project_award: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: [...OFFICER_ROLES, 'enterprise_manager'],
      evaluate: [...OFFICER_ROLES],
      decide: ['admin', 'leader'],
      settle: [...OFFICER_ROLES],
    },
  },
});
