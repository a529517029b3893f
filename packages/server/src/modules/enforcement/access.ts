import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';
import { enterpriseOrProjects, type PartyScope } from '../../auth/scope.ts';

/**
 * Documents and cases belong to a region (the party's); regulators see them by region prefix.
 * An enterprise's safety manager sees the documents addressed to the enterprise or to projects it
 * is party to — only issued ones (repositories add that condition) — and never cases.
 */
const partyRule = (a: string, _e: string, party: PartyScope) => enterpriseOrProjects(a, party);

export const enforcementAccess = defineAccess({
  scopes: {
    document: { enterprise: partyRule },
    case: { enterprise: () => sql<SqlBool>`false` },
  },
  policies: {
    document: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      draft: [...REGULATOR_ROLES],
      // Which roles may issue a kind is the template's issuerRoles; this is the outer gate.
      issue: [...REGULATOR_ROLES],
      manage_templates: ['admin', 'leader'],
    },
    case: {
      read: [...REGULATOR_ROLES],
      open: [...OFFICER_ROLES],
      update: [...OFFICER_ROLES],
      close: ['admin', 'leader'],
    },
    supervision_file: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
    },
  },
});
