import { sql, type SqlBool } from 'kysely';
import { OFFICER_ROLES, REGULATOR_ROLES, isOfficer } from '@redline/domain';
import { defineAccess } from '../../auth/access.ts';

/**
 * Spot-check plans, their tasks and inspectors' declared conflicts.
 *
 * A plan is a record of its author's jurisdiction (`region_code`): the regulators there see it;
 * administrators and leaders (with an authority) make, commit, draw and reveal it. A task is a
 * record of its target's region, and the drawn inspectors see their own tasks wherever they work
 * (a cross-inspection sends them outside their jurisdiction) — the grant below. A declared
 * conflict is a record of the inspector's jurisdiction. Enterprises and workers see none of these;
 * the public sees the published notices only (routes/public.ts, no login).
 */
const none = () => sql<SqlBool>`false`;

export const spotChecksAccess = defineAccess({
  scopes: {
    spot_check_plan: { enterprise: none },
    spot_check_task: { enterprise: none },
    inspector_conflict: { enterprise: none },
  },
  grants: [
    {
      kind: 'spot_check_task',
      grant: (a, actor) =>
        isOfficer(actor.role)
          ? sql<SqlBool>`${sql.ref(`${a}.inspector_ids`)} @> ARRAY[${actor.userId}]::uuid[]`
          : null,
    },
  ],
  policies: {
    spot_check_plan: {
      read: [...REGULATOR_ROLES],
      create: ['admin', 'leader'],
      draw: ['admin', 'leader'],
    },
    spot_check_task: {
      read: [...OFFICER_ROLES],
      start: [...OFFICER_ROLES],
    },
    inspector_conflict: {
      read: [...OFFICER_ROLES],
      create: [...OFFICER_ROLES],
      /** Declare or withdraw a conflict for another inspector of one's jurisdiction. */
      manage: ['admin', 'leader'],
    },
  },
});
