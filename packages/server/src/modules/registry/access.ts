import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';
import { enterpriseOrProjects, partyProjects } from '../../auth/scope.ts';

const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);
const REGISTRY_WRITERS = OFFICER_ROLES;

/**
 * Who sees and writes the registry. Regulators see their region; an enterprise's safety manager
 * sees the enterprise, the projects it is party to and what belongs to those, and keeps its own
 * sites, workers, certificates and equipment; a worker sees their own record and certificates.
 */
export const registryAccess = defineAccess({
  scopes: {
    enterprise: { enterprise: (a, e) => sql<SqlBool>`${col(a, 'id')} = ${e}` },
    project: { enterprise: (a, _e, party) => sql<SqlBool>`${col(a, 'id')} IN ${partyProjects(party)}` },
    site: {
      enterprise: (a, _e, party) => enterpriseOrProjects(a, party),
    },
    worker: {
      enterprise: (a, e) => sql<SqlBool>`${col(a, 'employer_id')} = ${e}`,
      worker: (a, w) => sql<SqlBool>`${col(a, 'id')} = ${w}`,
    },
    certificate: {
      enterprise: (a, e) =>
        sql<SqlBool>`${col(a, 'worker_id')} IN (SELECT w.id FROM workers w WHERE w.employer_id = ${e})`,
      worker: (a, w) => sql<SqlBool>`${col(a, 'worker_id')} = ${w}`,
    },
    // a project account (users.project_scoped) sees its enterprise's equipment on its member projects
    // and on none; another project's crane of the same enterprise is that project's
    equipment: {
      enterprise: (a, e, party) =>
        party.projectScoped
          ? sql<SqlBool>`(${col(a, 'user_enterprise_id')} = ${e} AND (${col(a, 'project_id')} IS NULL OR ${col(a, 'project_id')} IN ${partyProjects(party)}))`
          : sql<SqlBool>`${col(a, 'user_enterprise_id')} = ${e}`,
    },
  },
  policies: {
    enterprise: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: REGISTRY_WRITERS,
      update: [...REGISTRY_WRITERS, 'enterprise_manager'],
      import: REGISTRY_WRITERS,
      export: [...REGULATOR_ROLES],
    },
    project: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: REGISTRY_WRITERS,
      update: REGISTRY_WRITERS,
      import: REGISTRY_WRITERS,
      export: [...REGULATOR_ROLES, 'enterprise_manager'],
    },
    site: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: [...REGISTRY_WRITERS, 'enterprise_manager'],
      update: [...REGISTRY_WRITERS, 'enterprise_manager'],
      import: [...REGISTRY_WRITERS, 'enterprise_manager'],
      export: [...REGULATOR_ROLES, 'enterprise_manager'],
    },
    worker: {
      read: [...REGULATOR_ROLES, 'enterprise_manager', 'worker'],
      create: [...REGISTRY_WRITERS, 'enterprise_manager'],
      update: [...REGISTRY_WRITERS, 'enterprise_manager'],
      import: [...REGISTRY_WRITERS, 'enterprise_manager'],
      export: [...OFFICER_ROLES, 'enterprise_manager'],
      reveal_personal_data: [...OFFICER_ROLES],
    },
    certificate: {
      read: [...REGULATOR_ROLES, 'enterprise_manager', 'worker'],
      create: [...REGISTRY_WRITERS, 'enterprise_manager'],
      update: [...REGISTRY_WRITERS, 'enterprise_manager'],
      import: [...REGISTRY_WRITERS, 'enterprise_manager'],
      export: [...REGULATOR_ROLES, 'enterprise_manager'],
    },
    equipment: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: [...REGISTRY_WRITERS, 'enterprise_manager'],
      update: [...REGISTRY_WRITERS, 'enterprise_manager'],
      import: [...REGISTRY_WRITERS, 'enterprise_manager'],
      export: [...REGULATOR_ROLES, 'enterprise_manager'],
    },
  },
});
