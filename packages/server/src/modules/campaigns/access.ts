import { REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { defineAccess } from '../../auth/access.ts';
import { groupFileVisible } from './repo.ts';

/**
 * Who sees campaigns: regulators whose jurisdiction covers the campaign's region (a county's
 * officers see the county's campaigns; a city's campaign is seen by the city and above, while its
 * groups working in a county are seen there as inspection groups). Enterprises see none. Set up,
 * add and edit groups, close: leaders and administrators, like groups (inspections/access.ts).
 * The task book file of a group is visible to whoever sees the group.
 */
export const campaignsAccess = defineAccess({
  scopes: {
    campaign: { enterprise: () => sql<SqlBool>`false` },
  },
  policies: {
    campaign: {
      read: [...REGULATOR_ROLES],
      create: ['admin', 'leader'],
      update: ['admin', 'leader'],
    },
  },
  fileOwners: { inspection_group: groupFileVisible },
});
