import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';
import { partyProjects } from '../../auth/scope.ts';
import { approvalVisible } from './repo.ts';

/**
 * Who sees approvals: regulators by region (the project's division code, copied onto the row); an
 * enterprise's manager the approvals of the projects their enterprise is a party to. Who acts at a
 * step is decided per step (party role through the enterprise, regulator, the expert panel organised
 * by the constructor) in act.ts; these policies only let the roles that can ever act reach it. The
 * expert register: read by everyone who works with approvals, kept by leaders and administrators.
 * Material files are seen by whoever sees their approval. An expert's own login (experts.user_id, a
 * worker-role account with no worker record, so every other scope gives it nothing) is granted the
 * approvals whose panel it sits on (approval_experts); the routes let it read them and sign (expert.ts).
 */
export const approvalsAccess = defineAccess({
  scopes: {
    approval: {
      enterprise: (a, _e, party) => sql<SqlBool>`${sql.ref(`${a}.project_id`)} IN ${partyProjects(party)}`,
    },
  },
  policies: {
    approval: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: [...OFFICER_ROLES, 'enterprise_manager'],
      act: [...OFFICER_ROLES, 'enterprise_manager'],
      upload: ['enterprise_manager'],
      // the regulator organising the expert review names the panel
      assign_experts: [...OFFICER_ROLES],
    },
    expert: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: ['admin', 'leader'],
    },
    project_file: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      export: [...REGULATOR_ROLES, 'enterprise_manager'],
    },
  },
  grants: [
    {
      kind: 'approval',
      grant: (a, actor) =>
        actor.expertId
          ? sql<SqlBool>`${sql.ref(`${a}.id`)} IN (SELECT ae.approval_id FROM approval_experts ae WHERE ae.expert_id = ${actor.expertId})`
          : null,
    },
  ],
  fileOwners: {
    approval_material: (db, actor, ownerId) => approvalVisible(db, actor, ownerId),
  },
});
