import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  CREDIT_CODE_ALPHABET,
  compactDivisionCode,
  creditCodeCheckChar,
  creditCodeDivision,
  divisionLevel,
  generateCreditCode,
  generateResidentId,
  isWithinJurisdiction,
  maskResidentId,
  parentDivision,
  residentIdCheckChar,
  validateCreditCode,
  validateDivisionCode,
  validateResidentId,
} from '../src/index.ts';

const codeOf = (r: { ok: boolean; code?: string }) => (r.ok ? 'OK' : r.code);

describe('unified social credit code (GB 32100-2015)', () => {
  it('has the 31-character alphabet without I, O, S, V, Z', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    for (const c of 'IOSVZ') expect(CREDIT_CODE_ALPHABET).not.toContain(c);
  });

  it.each([
    ['91350100M000100Y43', 'OK'], // the standard's worked example
    ['91110000600037341L', 'OK'],
    ['91440300708461136T', 'OK'],
    [' 91350100m000100y43 ', 'OK'], // trimmed and upper-cased
    ['91350100M000100Y4', 'CREDIT_CODE_LENGTH'],
    ['91350100M000100Y433', 'CREDIT_CODE_LENGTH'],
    ['', 'CREDIT_CODE_LENGTH'],
    ['91350100M000100I43', 'CREDIT_CODE_CHARSET'],
    ['91350100M000100Y4Z', 'CREDIT_CODE_CHARSET'],
    ['91350100M000100Y44', 'CREDIT_CODE_CHECK'],
    ['91350100M000100Y34', 'CREDIT_CODE_CHECK'], // transposition
  ])('%s → %s', (code, expected) => {
    expect(codeOf(validateCreditCode(code))).toBe(expected);
  });

  it('returns the normalised code', () => {
    expect(validateCreditCode(' 91350100m000100y43 ')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('names the expected check character in the message', () => {
    const r = validateCreditCode('91350100M000100Y44');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('should be 3');
  });

  it('maps a sum that is a multiple of 31 to check character 0', () => {
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });

  it('returns null for bad input to creditCodeCheckChar and throws in generateCreditCode', () => {
    expect(creditCodeCheckChar('123')).toBeNull();
    expect(creditCodeCheckChar('9135010OM000100Y4')).toBeNull(); // letter O
    expect(() => generateCreditCode('123')).toThrow();
  });

  it('reads the registering division', () => {
    expect(creditCodeDivision('91310116MA1J00000Y')).toBe('310116');
    expect(creditCodeDivision('91ABCDEFMA1J00000Y')).toBeNull();
  });

  const first17 = fc.string({ unit: fc.constantFrom(...CREDIT_CODE_ALPHABET), minLength: 17, maxLength: 17 });

  it('property: a generated code always validates', () => {
    fc.assert(fc.property(first17, (s) => validateCreditCode(generateCreditCode(s)).ok));
  });

  it('property: changing any one character is always detected', () => {
    fc.assert(
      fc.property(first17, fc.nat(17), fc.nat(30), (s, pos, shift) => {
        const code = generateCreditCode(s);
        const old = CREDIT_CODE_ALPHABET.indexOf(code[pos]);
        const replacement = CREDIT_CODE_ALPHABET[(old + 1 + (shift % 30)) % 31];
        const changed = code.slice(0, pos) + replacement + code.slice(pos + 1);
        expect(validateCreditCode(changed).ok).toBe(false);
      }),
    );
  });
});

describe('resident ID (GB 11643, ISO 7064 MOD 11-2)', () => {
  it.each([
    ['11010519491231002X', 'OK'], // the standard's example
    ['440524188001010014', 'OK'],
    ['11010519491231002x', 'OK'],
    ['11010519491231002', 'RESIDENT_ID_FORMAT'],
    ['1101051949123100XX', 'RESIDENT_ID_FORMAT'],
    ['11010519491231002A', 'RESIDENT_ID_FORMAT'],
    ['110105194902300021', 'RESIDENT_ID_BIRTHDATE'], // 30 February
    ['110105194913310021', 'RESIDENT_ID_BIRTHDATE'], // month 13
    ['110105170001010021', 'RESIDENT_ID_BIRTHDATE'], // year 1700
    ['110105194912310021', 'RESIDENT_ID_CHECK'],
  ])('%s → %s', (id, expected) => {
    expect(codeOf(validateResidentId(id))).toBe(expected);
  });

  it('accepts 29 February in a leap year only', () => {
    expect(validateResidentId(generateResidentId('11010520000229002')).ok).toBe(true);
    expect(codeOf(validateResidentId(generateResidentId('11010519000229002')))).toBe('RESIDENT_ID_BIRTHDATE');
  });

  it('rejects a birth date after today when today is given', () => {
    const id = generateResidentId('11010520300101002');
    expect(validateResidentId(id).ok).toBe(true);
    expect(codeOf(validateResidentId(id, { today: '2025-01-01' }))).toBe('RESIDENT_ID_BIRTHDATE');
  });

  it('computes the check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('1101051949123100')).toBeNull();
  });

  it.each([
    ['11010519491231002X', '110105********002X'],
    ['440524188001010014', '440524********0014'],
    ['short', '*****'],
  ])('masks %s as %s', (id, masked) => {
    expect(maskResidentId(id)).toBe(masked);
  });

  it('property: a mask never shows the birth date and keeps 6 + 4 characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (s) => {
        const masked = maskResidentId(generateResidentId(s));
        expect(masked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      }),
    );
  });
});

describe('administrative division codes (GB/T 2260)', () => {
  it.each([
    ['15', 'province', null],
    ['1506', 'city', '15'],
    ['310116', 'county', '3101'],
    ['310116101', 'town', '310116'],
    ['3', null, null],
    ['31011', null, null],
    ['31a1', null, null],
    ['', null, null],
  ])('%s is a %s with parent %s', (code, level, parent) => {
    expect(divisionLevel(code)).toBe(level);
    expect(parentDivision(code)).toBe(parent);
  });

  it.each([
    ['310116', '31', true],
    ['310116', '3101', true],
    ['310116', '310116', true],
    ['310116101', '310116', true],
    ['320411', '31', false],
    ['31', '3101', false], // a province is not inside its own city
    ['310116', '', true], // empty prefix = whole country
    ['31x', '', false], // invalid code: fail closed
    ['310116', '3', false], // invalid prefix: fail closed
  ])('%s within %s → %s', (code, prefix, within) => {
    expect(isWithinJurisdiction(code, prefix)).toBe(within);
  });

  it.each([
    ['15', 'OK'],
    ['50', 'OK'], // Chongqing: a province code may end in 0
    ['3204', 'OK'],
    ['340111', 'OK'],
    ['310116501', 'OK'],
    ['310000', 'DIVISION_CODE_SEGMENT'], // padded form
    ['3100', 'DIVISION_CODE_SEGMENT'],
    ['310116000', 'DIVISION_CODE_SEGMENT'],
    ['00', 'DIVISION_CODE_SEGMENT'],
    ['91', 'DIVISION_CODE_SEGMENT'],
    ['3101161', 'DIVISION_CODE_FORMAT'],
    ['abc', 'DIVISION_CODE_FORMAT'],
  ])('validateDivisionCode(%s) → %s', (code, expected) => {
    expect(codeOf(validateDivisionCode(code))).toBe(expected);
  });

  it.each([
    ['310000', '31'],
    ['320400', '3204'],
    ['310116', '310116'],
    ['310116101', '310116101'],
    ['31', null],
  ])('compacts %s to %s', (code, compact) => {
    expect(compactDivisionCode(code)).toBe(compact);
  });

  it('property: every ancestor of a code contains it, and nothing outside its province does', () => {
    const code = fc.stringMatching(/^[1-8][1-9](0[1-9]){2}(00[1-9])?$/);
    fc.assert(
      fc.property(code, (c) => {
        for (let p = parentDivision(c); p !== null; p = parentDivision(p))
          expect(isWithinJurisdiction(c, p)).toBe(true);
        const other = c[0] === '1' ? '2' + c.slice(1, 2) : '1' + c.slice(1, 2);
        expect(isWithinJurisdiction(c, other)).toBe(false);
      }),
    );
  });
});
