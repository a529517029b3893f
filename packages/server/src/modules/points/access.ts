import { REGULATOR_ROLES } from '@redline/domain';
import { defineAccess } from '../../auth/access.ts';

/**
 * The points exchange (issue 18). A worker sees their own ledger, their sites' catalogues and
 * leaderboards and redeems; the site keeper (the enterprise's safety manager) keeps the catalogue,
 * hands items over, awards training / drill points and confirmed-violation deductions and sets the
 * rules; regulators read everything of their region. Rows are scoped through the site, the worker,
 * the enterprise or the project they belong to (registry scopes).
 */
export const pointsAccess = defineAccess({
  policies: {
    points: {
      read: [...REGULATOR_ROLES, 'enterprise_manager', 'worker'],
      redeem: ['worker'],
      keep: ['enterprise_manager', 'admin'],
      award: ['enterprise_manager', 'admin'],
      reverse: ['enterprise_manager', 'admin'],
      rules: ['enterprise_manager', 'admin'],
    },
  },
});
