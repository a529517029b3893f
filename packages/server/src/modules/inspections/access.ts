import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { defineAccess } from '../../auth/access.ts';
import {
  idIn,
  inspectionVisible,
  noRows,
  ofEnterpriseOrItsProjects,
  type CrossGrants,
} from './repo/access.ts';

/**
 * Who sees inspections, and the cross-inspection grant.
 *
 * An inspection is a record of the target's jurisdiction (`region_code`): regulators there see
 * it; the inspected enterprise's manager sees inspections of the enterprise and of its projects.
 *
 * Cross-inspection: inspectors of jurisdiction X inspect a target in Y, on an inspection created
 * by Y's leader (or an administrator above both) naming them. They are not in Y, so the region
 * rule alone would hide the inspection from them. Each request of a regulator therefore loads the
 * inspections they are a member of outside their own jurisdiction (`inspection_members`, one
 * indexed query; the hook is in plugin.ts) onto the actor; `inScope` then ORs a grant of exactly
 * those ids — the inspection itself always, and its target (enterprise, project, site, equipment)
 * while it is still open. Actors without such memberships (nearly all) get no grant and their
 * queries are unchanged.
 */
export type { CrossGrants };

declare module '../../auth/actor.ts' {
  interface Actor {
    /** Set per request for regulators who are members of inspections outside their jurisdiction. */
    crossGrants?: CrossGrants;
  }
}

export const inspectionsAccess = defineAccess({
  scopes: {
    inspection: { enterprise: ofEnterpriseOrItsProjects },
    inspection_group: { enterprise: noRows },
  },
  grants: [
    { kind: 'inspection', grant: (a, actor) => idIn(a, 'id', actor.crossGrants?.inspections) },
    { kind: 'hazard', grant: (a, actor) => idIn(a, 'inspection_id', actor.crossGrants?.inspections) },
    { kind: 'enterprise', grant: (a, actor) => idIn(a, 'id', actor.crossGrants?.enterprises) },
    { kind: 'project', grant: (a, actor) => idIn(a, 'id', actor.crossGrants?.projects) },
    { kind: 'site', grant: (a, actor) => idIn(a, 'id', actor.crossGrants?.sites) },
    { kind: 'equipment', grant: (a, actor) => idIn(a, 'id', actor.crossGrants?.equipment) },
  ],
  policies: {
    inspection: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      create: [...OFFICER_ROLES, 'enterprise_manager'],
      /** Record findings, photos, signatures, finish: members of the team only (checked per inspection). */
      record: [...OFFICER_ROLES, 'enterprise_manager'],
    },
    inspection_group: {
      read: [...REGULATOR_ROLES],
      create: ['admin', 'leader'],
    },
  },
  /** Photos and signatures of an inspection are visible to whoever may see the inspection. */
  fileOwners: { inspection: inspectionVisible },
});
