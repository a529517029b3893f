/**
 * Enforcement by at least two officers.
 *
 * Administrative Penalty Law of the PRC (2021 revision) art. 42: administrative penalties are
 * carried out by officers holding law-enforcement qualification, no fewer than two unless a law
 * says otherwise; art. 55: officers show their law-enforcement certificates (执法证) when they
 * investigate or inspect. So an on-site enforcement inspection, its record and every enforcement
 * document name at least two officers, each with the number of their certificate, and each
 * confirms that they took part. An enterprise's self-inspection is not law enforcement and is exempt.
 */

export const TWO_OFFICER_RULE = {
  zh: '《中华人民共和国行政处罚法》（2021年修订）第四十二条',
  en: 'Administrative Penalty Law of the PRC (2021 revision), art. 42',
  edition: '2021',
} as const;

export const MIN_ENFORCEMENT_OFFICERS = 2;

/** The inspection kinds that are law enforcement (all but the enterprise's own self-inspection). */
export const ENFORCEMENT_INSPECTION_KINDS = [
  'routine',
  'special',
  'cross',
  'group',
  'alarm_verification',
] as const;

export function isEnforcementInspection(kind: string): boolean {
  return (ENFORCEMENT_INSPECTION_KINDS as readonly string[]).includes(kind);
}

/**
 * A certificate number as stored: trimmed, full-width letters and digits made half-width, Latin
 * letters upper-cased. The shape of the number differs between issuing provinces (no national
 * format was confirmed), so it is checked only for what every shape shares — see
 * certificateNumberProblem.
 */
export function normaliseCertificateNumber(raw: string): string {
  return raw
    .trim()
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    )
    .toUpperCase();
}

const CERTIFICATE_CHARS = /^[0-9A-Z\u4E00-\u9FFF\-/（）()]+$/;

/**
 * Why a law-enforcement certificate number cannot be right, or null: 4–40 characters of digits,
 * Latin letters, Chinese characters (a province prefix such as 沪, 苏), hyphen, slash or brackets,
 * no spaces, and at least four digits.
 */
export function certificateNumberProblem(raw: string): string | null {
  const n = normaliseCertificateNumber(raw);
  if (n.length < 4 || n.length > 40) return 'A law-enforcement certificate number has 4 to 40 characters';
  if (!CERTIFICATE_CHARS.test(n))
    return 'A law-enforcement certificate number holds digits, letters, Chinese characters, "-", "/" or brackets — no spaces';
  if ((n.match(/[0-9]/g) ?? []).length < 4)
    return 'A law-enforcement certificate number has at least four digits';
  return null;
}

export interface OfficerCandidate {
  userId: string;
  name: string;
  /** The number on the officer's account now; null or '' when none. */
  licenceNo: string | null;
  /** The officer confirmed, themself, that they took part. */
  confirmed: boolean;
  /** A deactivated account does not count. */
  active?: boolean;
}

export type OfficerProblem =
  | { code: 'OFFICER_WITHOUT_CERTIFICATE'; name: string }
  | { code: 'OFFICER_NOT_CONFIRMED'; name: string }
  | { code: 'OFFICER_INACTIVE'; name: string }
  | { code: 'DUPLICATE_CERTIFICATE'; name: string; licenceNo: string }
  | { code: 'OFFICERS_TOO_FEW'; count: number; required: number };

export interface OfficerCheck {
  ok: boolean;
  /** The distinct officers who count: confirmed, with a certificate number, active; one per person and per number. */
  qualified: OfficerCandidate[];
  /** Empty when ok; otherwise why each other person does not count, and the shortfall. */
  problems: OfficerProblem[];
}

/** Whether these people make a lawful enforcement team (at least two distinct certified officers who confirmed). */
export function checkOfficers(people: readonly OfficerCandidate[]): OfficerCheck {
  const qualified: OfficerCandidate[] = [];
  const problems: OfficerProblem[] = [];
  const seenUsers = new Set<string>();
  const seenNumbers = new Set<string>();
  for (const p of people) {
    if (seenUsers.has(p.userId)) continue;
    seenUsers.add(p.userId);
    const number = p.licenceNo ? normaliseCertificateNumber(p.licenceNo) : '';
    if (p.active === false) problems.push({ code: 'OFFICER_INACTIVE', name: p.name });
    else if (!number) problems.push({ code: 'OFFICER_WITHOUT_CERTIFICATE', name: p.name });
    else if (seenNumbers.has(number))
      problems.push({ code: 'DUPLICATE_CERTIFICATE', name: p.name, licenceNo: number });
    else if (!p.confirmed) problems.push({ code: 'OFFICER_NOT_CONFIRMED', name: p.name });
    else {
      seenNumbers.add(number);
      qualified.push(p);
    }
  }
  const ok = qualified.length >= MIN_ENFORCEMENT_OFFICERS;
  if (ok) return { ok, qualified, problems: [] };
  problems.push({ code: 'OFFICERS_TOO_FEW', count: qualified.length, required: MIN_ENFORCEMENT_OFFICERS });
  return { ok, qualified, problems };
}

function problemText(p: OfficerProblem): string {
  switch (p.code) {
    case 'OFFICER_WITHOUT_CERTIFICATE':
      return `${p.name}的账户没有执法证号 / ${p.name} has no law-enforcement certificate number`;
    case 'OFFICER_NOT_CONFIRMED':
      return `${p.name}尚未确认参与 / ${p.name} has not confirmed taking part`;
    case 'OFFICER_INACTIVE':
      return `${p.name}的账户已停用 / ${p.name}'s account is deactivated`;
    case 'DUPLICATE_CERTIFICATE':
      return `${p.name}的执法证号 ${p.licenceNo} 与另一名执法人员相同 / ${p.name} shares certificate number ${p.licenceNo} with another officer`;
    case 'OFFICERS_TOO_FEW':
      return `符合条件的执法人员 ${p.count} 名，至少需要 ${p.required} 名 / ${p.count} qualified officer(s), at least ${p.required} required`;
  }
}

/** The refusal's message: the rule with its edition, what was being done, and why the team falls short. */
export function twoOfficersMessage(check: OfficerCheck, doing: { zh: string; en: string }): string {
  return (
    `依据${TWO_OFFICER_RULE.zh}，执法须由两名以上持有执法证的执法人员进行并各自确认，${doing.zh} / ` +
    `${TWO_OFFICER_RULE.en}: at least two officers holding law-enforcement certificates must take part and each confirm before you ${doing.en}. ` +
    check.problems.map(problemText).join('；')
  );
}
