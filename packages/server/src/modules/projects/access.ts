import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { defineAccess } from '../../auth/access.ts';
import { projectVisible } from './repo.ts';

/**
 * The project life cycle and the parties' portal (issue 17). Which projects: the registry's
 * 'project' scope — regulators by region, an enterprise manager the projects their enterprise is a
 * party to (the party dimension: a party of project P never sees project Q). Which stage step a
 * role or party may take is the domain's PROJECT_STAGE_RULES; adding members: officers, and a
 * party's own manager for their party. Stage materials (files owned by the project) are visible to
 * whoever sees the project.
 */
export const projectsAccess = defineAccess({
  policies: {
    project_site: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      move_stage: [...OFFICER_ROLES, 'enterprise_manager'],
      upload_materials: [...OFFICER_ROLES, 'enterprise_manager'],
      add_member: [...OFFICER_ROLES, 'enterprise_manager'],
      portal: ['enterprise_manager'],
      // survey / design requests: who asks, answers and closes is decided per party in requests.ts
      ask_party: [...OFFICER_ROLES, 'enterprise_manager'],
      answer_request: ['enterprise_manager'],
      close_request: [...OFFICER_ROLES, 'enterprise_manager'],
    },
  },
  fileOwners: { project: projectVisible },
});
