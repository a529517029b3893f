import { OFFICER_ROLES, REGULATOR_ROLES } from '@redline/domain';
import { defineAccess } from '../../auth/access.ts';

/**
 * Special equipment due-date work. Rows are the registry's equipment, scoped by the registry's
 * `equipment` rule (regulators by region, enterprise managers their use unit's equipment). Who may
 * record a periodic inspection result: officers and the use unit's manager (who holds the
 * inspection body's report); the lists and flags: regulators and enterprise managers.
 */
export const equipmentInspectionsAccess = defineAccess({
  policies: {
    equipment_inspection: {
      read: [...REGULATOR_ROLES, 'enterprise_manager'],
      record: [...OFFICER_ROLES, 'enterprise_manager'],
    },
  },
});
