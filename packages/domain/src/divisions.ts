import { err, ok, type Result } from './result.ts';

/**
 * Administrative division codes (GB/T 2260) in prefix form: province 2 digits, city 4, county 6,
 * town 9 (GB/T 10114 adds 3 digits). Prefixes nest, so a jurisdiction is a code prefix.
 * The 6-digit published form pads with zeros (310000 = Shanghai); `compactDivisionCode` strips them.
 */
export type DivisionLevel = 'province' | 'city' | 'county' | 'town';

const LEVEL_BY_LENGTH: Record<number, DivisionLevel> = { 2: 'province', 4: 'city', 6: 'county', 9: 'town' };
const PARENT_LENGTH: Record<DivisionLevel, number> = { province: 0, city: 2, county: 4, town: 6 };

/** Level by length; null for anything that is not 2, 4, 6 or 9 digits. */
export function divisionLevel(code: string): DivisionLevel | null {
  if (!/^\d+$/.test(code)) return null;
  return LEVEL_BY_LENGTH[code.length] ?? null;
}

/** The enclosing division's code, or null for a province or an invalid code. */
export function parentDivision(code: string): string | null {
  const level = divisionLevel(code);
  if (level === null || level === 'province') return null;
  return code.slice(0, PARENT_LENGTH[level]);
}

/**
 * True when `code` lies inside the jurisdiction. An empty prefix is the whole country.
 * Fails closed: an invalid code or prefix is never within anything (this guards data access).
 */
export function isWithinJurisdiction(code: string, jurisdictionPrefix: string): boolean {
  if (divisionLevel(code) === null) return false;
  if (jurisdictionPrefix === '') return true;
  if (divisionLevel(jurisdictionPrefix) === null) return false;
  return code.startsWith(jurisdictionPrefix);
}

/** Checks digits, length and that no segment is all zeros (zeros mean "this level absent"). */
export function validateDivisionCode(code: string): Result<string> {
  const s = code.trim();
  const level = divisionLevel(s);
  if (level === null) {
    return err(
      'DIVISION_CODE_FORMAT',
      `行政区划代码应为 2、4、6 或 9 位数字 / division code must be 2, 4, 6 or 9 digits, got "${s}"`,
    );
  }
  // Province codes run 11–82 (first digit 1–8); a segment of zeros is padding, not a division.
  if (!/^[1-8]\d/.test(s)) {
    return err(
      'DIVISION_CODE_SEGMENT',
      `省级代码 ${s.slice(0, 2)} 无效 / province part ${s.slice(0, 2)} is not valid`,
    );
  }
  const segments: Array<[string, string, string]> = [
    ['city', '市级', s.slice(2, 4)],
    ['county', '县级', s.slice(4, 6)],
    ['town', '乡级', s.slice(6, 9)],
  ];
  for (const [name, zh, seg] of segments) {
    if (seg !== '' && /^0+$/.test(seg)) {
      return err(
        'DIVISION_CODE_SEGMENT',
        `代码 ${s} 的${zh}段为全零，请去掉补位零 / ${name} part of ${s} is all zeros: drop the padding (e.g. 310000 → 31)`,
      );
    }
  }
  return ok(s);
}

/** 6-digit published form to prefix form: 310000 → 31, 320400 → 3204, 310116 → 310116. */
export function compactDivisionCode(code: string): string | null {
  const s = code.trim();
  if (!/^\d{6}$|^\d{9}$/.test(s)) return null;
  if (s.length === 9) return s;
  if (s.endsWith('0000')) return s.slice(0, 2);
  if (s.endsWith('00')) return s.slice(0, 4);
  return s;
}

/**
 * A unit an administrator adds below a county (an industrial park, a new street): its code is the
 * county's 6 digits followed by 3 digits that are not all zeros. The county's existence and the code's
 * uniqueness are the registry's to check. Returns the code.
 */
export function validateUnitBelowCounty(code: string, parentCode: string): Result<string> {
  const c = code.trim();
  const p = parentCode.trim();
  if (!/^\d{6}$/.test(p))
    return err(
      'DIVISION_PARENT_LEVEL',
      `上级须为区县（6 位代码），得到 "${p}" / the parent must be a county (6 digits), got "${p}"`,
    );
  if (!/^\d{9}$/.test(c))
    return err(
      'DIVISION_CODE_FORMAT',
      `新单位代码须为 9 位数字 / a unit's code must be 9 digits, got "${c}"`,
    );
  if (!c.startsWith(p))
    return err(
      'DIVISION_CODE_PARENT',
      `代码 ${c} 须以上级代码 ${p} 开头 / code ${c} must extend its parent's code ${p}`,
    );
  if (c.endsWith('000'))
    return err('DIVISION_CODE_SEGMENT', `代码 ${c} 的乡级段为全零 / the town part of ${c} is all zeros`);
  return ok(c);
}
