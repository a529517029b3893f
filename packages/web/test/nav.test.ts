import { describe, expect, it } from 'vitest';
import type { Me, Role } from '@redline/contracts';
import { NAV, navFor, selectedNavKey, type NavItem } from '../src/app/nav';

const me = (role: Role, mustChangePassword = false): Me => ({
  id: '00000000-0000-4000-8000-000000000000',
  username: role,
  displayName: role,
  role,
  regionCode: '',
  regionName: null,
  authority: null,
  enterpriseId: null,
  enterpriseName: null,
  workerId: null,
  mustChangePassword,
});
const keys = (items: NavItem[]): string[] => items.flatMap((i) => [i.key, ...keys(i.children ?? [])]);

describe('navigation by capability', () => {
  it('keeps every capability in the config and hides those marked as coming next', () => {
    expect(keys(NAV)).toEqual(
      expect.arrayContaining(['checklists', 'inspections', 'hazards', 'enforcement', 'offsite']),
    );
    for (const role of [
      'admin',
      'leader',
      'inspector',
      'duty_officer',
      'enterprise_manager',
      'worker',
    ] as const)
      for (const item of NAV.filter((i) => i.comingNext))
        expect(keys(navFor(me(role)))).not.toContain(item.key);
  });
  it('shows users to the admin only', () => {
    expect(keys(navFor(me('admin')))).toContain('users');
    expect(keys(navFor(me('inspector')))).not.toContain('users');
  });
  it('shows an expert’s own login their reviews and their account, nothing of a worker', () => {
    const expert = { ...me('worker'), expertId: '00000000-0000-4000-8000-000000000001' };
    const nav = navFor(expert);
    expect(nav.map((i) => i.key)).toEqual(['approvals', 'account']);
    expect(nav[0].labelKey).toBe('nav.myReviews');
    expect(keys(navFor(me('worker')))).not.toContain('approvals');
  });
  it('shows only the account while a password change is due', () => {
    expect(keys(navFor(me('inspector', true)))).toEqual(['account', 'password', 'tokens']);
  });
  it('selects the entry of the current page', () => {
    expect(selectedNavKey('/')).toBe('overview');
    expect(selectedNavKey('/registry/projects/123')).toBe('projects');
    expect(selectedNavKey('/account/tokens')).toBe('tokens');
  });
});
