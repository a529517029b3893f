import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import {
  COMMON_PASSWORDS_ZH,
  PINYIN_WORDS,
  passwordProblem,
  type PasswordOwner,
  type PasswordProblem,
} from '@redline/domain';
import { AppError } from '../errors.ts';

/**
 * The password rules of `@redline/domain` (password-policy.ts) with zxcvbn as the estimator: its
 * common-password and English dictionaries, and Chinese users' pinyin words and common passwords.
 * The one check every place that sets a password calls: change password, user creation and
 * reset by an administrator, `redline create-admin`.
 */
interface Estimator {
  factory: ZxcvbnFactory;
  common: Set<string>;
  en: { warnings: Record<string, string>; suggestions: Record<string, string> };
}
let estimator: Promise<Estimator> | undefined;

/**
 * Loaded and built at first use: importing the three packages cost ~0.34 s of CPU at every start
 * (bench/RESULTS.md, start-up) and building the factory ~0.1 s, for what most processes never do.
 */
function zxcvbn(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, zxcvbnCommon, zxcvbnEn] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    // No translations: feedback comes back as keys, which the web app shows in zh-CN or English.
    const factory = new ZxcvbnFactory({
      dictionary: {
        ...zxcvbnCommon.dictionary,
        ...zxcvbnEn.dictionary,
        'passwords-zh': COMMON_PASSWORDS_ZH,
        'pinyin-zh': PINYIN_WORDS,
      },
      graphs: zxcvbnCommon.adjacencyGraphs,
      // Bounds the work on long, symbol-rich input (a 200-character random string took 4 s with the
      // defaults): only the first 64 characters are scored — anything that long and still scoring 3
      // at its start is not weaker as a whole — and l33t variants are capped.
      maxLength: 64,
      l33tMaxSubstitutions: 8,
    });
    const common = new Set([...zxcvbnCommon.dictionary['passwords-common'], ...COMMON_PASSWORDS_ZH]);
    return { factory, common, en: zxcvbnEn.translations as Estimator['en'] };
  })();
  return estimator;
}

export async function checkNewPassword(
  password: string,
  owner: PasswordOwner,
): Promise<PasswordProblem | null> {
  const { factory, common } = await zxcvbn();
  return passwordProblem(password, owner, {
    isCommon: (lower) => common.has(lower),
    estimate: (pw, userInputs) => {
      const r = factory.check(pw, userInputs);
      return { score: r.score, warning: r.feedback.warning, suggestions: r.feedback.suggestions };
    },
  });
}

/** The refusal in words (English; the web app words it from `details` in the user's language). */
export async function describePasswordProblem(p: PasswordProblem): Promise<string> {
  const { en } = await zxcvbn();
  switch (p.reason) {
    case 'too_short':
      return `The password is too short: at least ${p.min} characters (this one has ${p.length}). A sentence of a few words is long and easy to remember.`;
    case 'too_long':
      return `The password is too long: at most ${p.max} characters`;
    case 'personal':
      return `The password must not contain your user name or name ("${p.word}")`;
    case 'common':
      return 'This password is on the list of commonly used passwords; choose another';
    case 'weak': {
      const why = [p.warning && en.warnings[p.warning], ...p.suggestions.map((s) => en.suggestions[s])]
        .filter(Boolean)
        .join(' ');
      return `The password is too easy to guess (strength ${p.score} of 4, at least ${p.minScore} needed)${why ? `: ${why}` : ''}`;
    }
  }
}

/** Throws 400 WEAK_PASSWORD naming `field`, with the reason in `details`, unless the password may be used. */
export async function assertNewPassword(
  password: string,
  owner: PasswordOwner,
  field: string,
): Promise<void> {
  const problem = await checkNewPassword(password, owner);
  if (problem) throw new AppError('WEAK_PASSWORD', await describePasswordProblem(problem), field, problem);
}
