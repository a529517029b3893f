import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { sql, type SqlBool } from 'kysely';
import { inScope, registerScope } from '../../auth/scope.ts';
import { registerPolicy } from '../../auth/policy.ts';
import { registerFileOwner } from '../../storage/owners.ts';

/**
 * Who sees hazards: regulators by region (automatic), an enterprise's safety manager the hazards
 * of their enterprise and of the projects it is party to. (Issue 3 registers the same rule for
 * its read routes; registering it twice is harmless — the rule is identical.)
 */
registerScope('hazard', {
  enterprise: (a, e) =>
    sql<SqlBool>`(${sql.ref(`${a}.enterprise_id`)} = ${e} OR ${sql.ref(`${a}.project_id`)} IN (SELECT pp.project_id FROM project_parties pp WHERE pp.enterprise_id = ${e}))`,
});

/** Route-level permissions; which lifecycle action a role may take is the domain's HAZARD_RULES. */
registerPolicy('hazard', {
  read: [...REGULATOR_ROLES, 'enterprise_manager'],
  act: [...REGULATOR_ROLES, 'enterprise_manager'],
  upload_evidence: [...OFFICER_ROLES, 'enterprise_manager'],
  stats: [...REGULATOR_ROLES, 'enterprise_manager'],
});

/** Evidence files attached to a hazard are visible to whoever may see the hazard. */
registerFileOwner('hazard', async (db, actor, ownerId) => {
  const row = await db
    .selectFrom('hazards as h')
    .select('h.id')
    .where('h.id', '=', ownerId)
    .where(inScope(actor, 'hazard', 'h'))
    .executeTakeFirst();
  return !!row;
});
