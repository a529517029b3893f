import { describe, expect, it } from 'vitest';
import type { Me, Role } from '@redline/contracts';
import { fieldPath } from '../src/api/client';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar, residentIdCheckChar } from '@redline/domain';
import { creditCodeProblem } from '../src/lib/credit-code';
import { residentIdProblem } from '../src/lib/resident-id';
import { canSeeFullIdNumber, canWrite, REGISTRY_KINDS, ROLE_LIST, visibleKinds } from '../src/lib/roles';

describe('unified social credit code (GB 32100)', () => {
  it.each([
    ['91310116MA1UNEKUCJ', null],
    ['91350100M000100Y43', null],
    ['91310116MA1UNEKUCA', 'check'],
    ['91310116MA1UNEKUC', 'length'],
    ['91310116MA1UNEKUCJX', 'length'],
    ['91310116MA1UNEKUCI', 'alphabet'],
    ['91310116MA1UNEKUCO', 'alphabet'],
    // lower case and spaces are normalised, as the server does
    [' 91310116ma1unekucj ', null],
  ])('%s → %s', (code, problem) => expect(creditCodeProblem(code)).toBe(problem));

  it('the check character makes every 17-character body valid', () => {
    for (let n = 0; n < 200; n++) {
      let body = '';
      for (let i = 0; i < 17; i++) body += CREDIT_CODE_ALPHABET[(n * 7 + i * 13 + n * i) % 31];
      expect(creditCodeProblem(body + creditCodeCheckChar(body))).toBeNull();
    }
  });
});

describe('resident ID number (ISO 7064 MOD 11-2)', () => {
  it('computes the check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdProblem('11010519491231002X')).toBeNull();
    expect(residentIdProblem('110105194912310021')).toBe('check');
    expect(residentIdProblem('1101051949123100')).toBe('format');
    // the 13th month: the domain's birth-date rule, which the form's own copy never had
    expect(residentIdProblem('110105194913310028')).toBe('birthdate');
  });
});

describe('server field names → form paths', () => {
  it.each([
    ['creditCode', ['creditCode']],
    ['/parties/1/name', ['parties', 1, 'name']],
    ['parties.0.name', ['parties', 0, 'name']],
    ['body.parties[2].contact', ['parties', 2, 'contact']],
  ])('%s', (field, path) => expect(fieldPath(field)).toEqual(path));
});

const me = (role: Role): Me => ({
  id: '00000000-0000-4000-8000-000000000000',
  username: role,
  displayName: role,
  role,
  regionCode: '310116',
  regionName: null,
  authority: null,
  enterpriseId: null,
  enterpriseName: null,
  workerId: null,
  mustChangePassword: false,
});

describe('what each role may do in the registry', () => {
  it('regulators write every kind, the duty officer and the worker none', () => {
    for (const kind of REGISTRY_KINDS) {
      for (const role of ['admin', 'leader', 'inspector'] as const)
        expect(canWrite(me(role), kind)).toBe(true);
      expect(canWrite(me('duty_officer'), kind)).toBe(false);
      expect(canWrite(me('worker'), kind)).toBe(false);
    }
  });
  it('the enterprise manager writes their sites, workers, certificates and equipment only', () => {
    const writable = REGISTRY_KINDS.filter((k) => canWrite(me('enterprise_manager'), k));
    expect(writable).toEqual(['sites', 'workers', 'certificates', 'equipment']);
  });
  it('only leaders, inspectors and admins see full ID numbers', () => {
    expect(ROLE_LIST.filter((r) => canSeeFullIdNumber(me(r)))).toEqual(['admin', 'leader', 'inspector']);
  });
  it('a worker sees workers and certificates only', () => {
    expect(visibleKinds(me('worker'))).toEqual(['workers', 'certificates']);
  });
});
