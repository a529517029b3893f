/**
 * The password rules (ASVS 5.0 §6), one function for every place a password is set — the server
 * refuses with it, the web form explains with it. The strength estimate itself (zxcvbn) is passed
 * in, so this stays free of I/O and of the dictionaries' weight:
 *
 * - at least 12 characters (counted as characters, so 12 Chinese characters count 12), at most 200
 *   so that long passphrases fit (ASVS asks for at least 64);
 * - not built from the account's own user name or name (ASVS 6.2.11: context-specific words);
 * - not on a list of commonly used passwords (6.2.4);
 * - and an estimated strength of at least 3 of 4 (zxcvbn: about 10^8 guesses or more, its "safely
 *   unguessable" level). 3 rather than 4: with argon2id and login throttling an attacker gets few
 *   guesses online, and 4 refuses ordinary passphrases such as "another-new-password"; 2 accepts
 *   name-plus-digits passwords such as "zhangwei123456".
 * No composition rules (6.2.5): upper case, digits and symbols are neither required nor forbidden.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
export const PASSWORD_MIN_SCORE = 3;

/** What a strength estimator (zxcvbn) says; warning and suggestions are zxcvbn's translation keys. */
export interface PasswordStrength {
  score: number;
  warning: string | null;
  suggestions: string[];
}
export type PasswordEstimator = (password: string, userInputs: string[]) => PasswordStrength;

export type PasswordProblem =
  | { reason: 'too_short'; min: number; length: number }
  | { reason: 'too_long'; max: number }
  | { reason: 'personal'; word: string }
  | { reason: 'common' }
  | { reason: 'weak'; score: number; minScore: number; warning: string | null; suggestions: string[] };

/** Whose password it is: their own words must not make it. */
export interface PasswordOwner {
  username?: string | null;
  displayName?: string | null;
}

const squeeze = (s: string) => s.toLowerCase().replace(/[\s._\-@·]+/gu, '');
const CJK = /\p{Script=Han}/u;

/**
 * The words of the owner a password must not contain: the user name (also without its dots and
 * dashes) and its parts of four letters or more, the name (Chinese names whole, from two
 * characters; others also by parts of four letters or more).
 */
export function personalWords(owner: PasswordOwner): string[] {
  const words = new Set<string>();
  for (const value of [owner.username, owner.displayName]) {
    const v = (value ?? '').trim();
    if (!v) continue;
    const whole = squeeze(v);
    if (whole.length >= 4 || (CJK.test(whole) && [...whole].length >= 2)) words.add(whole);
    for (const part of v.toLowerCase().split(/[\s._\-@·]+/u)) {
      if (part.length >= 4 || (CJK.test(part) && [...part].length >= 2)) words.add(part);
    }
  }
  return [...words];
}

/**
 * Checks a new password; null when it may be used. `isCommon` answers whether the password
 * (lower-cased) is on the common-password lists; `estimate` scores it with the owner's words as
 * its user dictionary.
 */
export function passwordProblem(
  password: string,
  owner: PasswordOwner,
  check: { estimate: PasswordEstimator; isCommon: (lowerCased: string) => boolean },
): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return { reason: 'too_short', min: PASSWORD_MIN_LENGTH, length };
  if (length > PASSWORD_MAX_LENGTH) return { reason: 'too_long', max: PASSWORD_MAX_LENGTH };
  const words = personalWords(owner);
  const squeezed = squeeze(password);
  const own = words.find((w) => squeezed.includes(w));
  if (own) return { reason: 'personal', word: own };
  if (check.isCommon(password.toLowerCase())) return { reason: 'common' };
  const strength = check.estimate(password, [...words, ...CONTEXT_WORDS]);
  if (strength.score < PASSWORD_MIN_SCORE)
    return {
      reason: 'weak',
      score: strength.score,
      minScore: PASSWORD_MIN_SCORE,
      warning: strength.warning,
      suggestions: strength.suggestions,
    };
  return null;
}

/** Words of this product and trade, guessed first by anyone attacking it (ASVS 6.2.11). */
export const CONTEXT_WORDS = [
  'redline',
  'hongxian',
  'anquan',
  'anquanshengchan',
  'yingji',
  'yingjiju',
  'jianguan',
  'zhifa',
  'jiancha',
  'yinhuan',
];

/**
 * Chinese-speaking users' common passwords and password words, which the English-centred
 * dictionaries of zxcvbn miss: pinyin surnames and given names, and the phrases and numbers of
 * the well-known leaked lists. Used as an extra zxcvbn dictionary (ranked in this order) and,
 * for the full passwords, as an exact-match common list.
 */
export const COMMON_PASSWORDS_ZH = [
  '123456789a',
  'a123456789',
  'woaini1314',
  'woaini520',
  'woaini1314520',
  '5201314520',
  'iloveyou1314',
  'qq123456789',
  'aa123456789',
  'abc123456789',
  '123456789abc',
  'admin123456',
  'admin@123456',
  'admin888888',
  'abc@123456',
  'aa@123456789',
  'qwe123456789',
  'zxcvbnm123456',
  '1qaz2wsx3edc4rfv',
  'password@123',
  'p@ssw0rd123',
  'wodemima123',
  'zhongguo123456',
  'woaizhongguo',
  'woaizhongguo123',
  'beijing123456',
  'shanghai123456',
];
export const PINYIN_WORDS = [
  'woaini',
  'aini',
  'wodemima',
  'mima',
  'zhongguo',
  'beijing',
  'shanghai',
  'guangzhou',
  'shenzhen',
  'nihao',
  'laopo',
  'laogong',
  'baobei',
  'xingfu',
  'kuaile',
  'pingan',
  'wang',
  'li',
  'zhang',
  'liu',
  'chen',
  'yang',
  'huang',
  'zhao',
  'zhou',
  'wu',
  'xu',
  'sun',
  'ma',
  'zhu',
  'hu',
  'guo',
  'he',
  'lin',
  'luo',
  'gao',
  'zheng',
  'liang',
  'xie',
  'song',
  'tang',
  'han',
  'feng',
  'deng',
  'cao',
  'peng',
  'zeng',
  'xiao',
  'tian',
  'dong',
  'pan',
  'yuan',
  'cai',
  'jiang',
  'yu',
  'du',
  'ye',
  'cheng',
  'wei',
  'su',
  'lu',
  'ding',
  'ren',
  'shen',
  'yao',
  'jin',
  'fang',
  'min',
  'jing',
  'qiang',
  'lei',
  'jun',
  'yong',
  'yan',
  'jie',
  'juan',
  'tao',
  'ming',
  'chao',
  'xiuying',
  'xia',
  'ping',
  'gang',
  'hui',
  'hong',
  'zhiqiang',
  'jianguo',
  'jianhua',
  'guoqiang',
  'haiyan',
  'xiuzhen',
  'jianjun',
  'zhiming',
  'xiaoming',
  'xiaohong',
  'zhangwei',
  'wangwei',
  'liwei',
  'wangfang',
  'lina',
  'zhangmin',
];
